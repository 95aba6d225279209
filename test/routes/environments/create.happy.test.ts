import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAudited, BASE, call, createEnvironment, describeRoute, ENVIRONMENT_ID, environmentBody, RFC3339_UTC, storedEnvironment,
} from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`POST ${COLLECTION}`, (ctx) => {
  it('answers 201 with Location and the exact environment, stores it and audits the creation', async () => {
    const c = ctx();
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'prod-finance01' } });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.id, ENVIRONMENT_ID);
    assert.equal(res.headers.location, `${BASE}${COLLECTION}/${body.id}`);
    const stored = await storedEnvironment(c, body.id);
    assert.deepEqual(
      { displayName: stored.displayName, streamGovernancePackage: stored.streamGovernancePackage, deletedAt: stored.deletedAt },
      { displayName: 'prod-finance01', streamGovernancePackage: null, deletedAt: null },
    );
    assert.deepEqual(body, environmentBody(c, stored));
    assert.equal(Object.hasOwn(body, 'stream_governance_config'), false, 'stream_governance_config is present though never set');
    assert.match(body.metadata.created_at, RFC3339_UTC);
    assert.equal(body.metadata.updated_at, body.metadata.created_at);
    await assertAudited(c, {
      action: 'environment.create', targetKind: 'Environment', targetId: body.id, at: stored.createdAt, details: { display_name: 'prod-finance01' },
    });
  });

  for (const pkg of ['ESSENTIALS', 'ADVANCED']) {
    it(`round-trips stream_governance_config {package: '${pkg}'} through create, GET and list`, async () => {
      const c = ctx();
      const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: `sg-${pkg}`, stream_governance_config: { package: pkg } } });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().stream_governance_config, { package: pkg });
      const stored = await storedEnvironment(c, res.json().id);
      assert.equal(stored.streamGovernancePackage, pkg);
      assert.deepEqual((await call(c, { method: 'GET', url: `${COLLECTION}/${stored.id}` })).json(), environmentBody(c, stored));
      const listed = (await call(c, { method: 'GET', url: COLLECTION })).json().data;
      assert.deepEqual(listed.filter((env: { id: string }) => env.id === stored.id), [environmentBody(c, stored)]);
    });
  }

  it('ignores unknown and read-only properties, also inside stream_governance_config', async () => {
    const c = ctx();
    const res = await call(c, {
      method: 'POST', url: COLLECTION, payload: {
        display_name: 'echo', id: 'env-chosen', kind: 'Organization', api_version: 'org/v1', metadata: { self: 'x' },
        stream_governance_config: { package: 'ESSENTIALS', region: 'aws.us-east-1' }, future: true,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const stored = await storedEnvironment(c, res.json().id);
    assert.notEqual(stored.id, 'env-chosen');
    assert.deepEqual(res.json(), environmentBody(c, stored));
  });

  it('lets a new environment take the name of a deleted one', async () => {
    const c = ctx();
    const first = await createEnvironment(c, 'reused');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${first.id}` })).statusCode, 204);
    const second = await createEnvironment(c, 'reused');
    assert.notEqual(second.id, first.id);
  });

  it('makes the environment readable and usable for a cluster key as soon as create returns', async () => {
    const c = ctx();
    const created = (await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'immediate' } })).json();
    assert.deepEqual((await call(c, { method: 'GET', url: `${COLLECTION}/${created.id}` })).json(), created);
    const key = await call(c, { method: 'POST', url: '/iam/v2/api-keys',
      payload: { spec: { owner: { id: c.t.admin.principalId }, resource: { id: 'lkc-abc123', environment: created.id } } } });
    assert.equal(key.statusCode, 202, key.body);
  });
});
