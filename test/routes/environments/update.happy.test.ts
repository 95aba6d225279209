import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertAudited, call, createEnvironment, describeRoute, environmentBody, storedEnvironment } from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`PATCH ${COLLECTION}/:id`, (ctx) => {
  it('renames, moves updated_at, keeps stream_governance_config and audits the new name', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'old', 'ESSENTIALS');
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: 'new' } });
    assert.equal(res.statusCode, 200, res.body);
    const stored = await storedEnvironment(c, env.id);
    assert.deepEqual(res.json(), environmentBody(c, stored));
    assert.deepEqual({ ...stored, updatedAt: env.updatedAt }, { ...env, displayName: 'new' });
    assert.ok(Date.parse(stored.updatedAt) - Date.parse(env.updatedAt) >= 86_400_000, 'updated_at is not the new time');
    assert.deepEqual(res.json().stream_governance_config, { package: 'ESSENTIALS' });
    await assertAudited(c, {
      action: 'environment.update', targetKind: 'Environment', targetId: env.id, at: stored.updatedAt, details: { display_name: 'new' },
    });
  });

  it('accepts the stream_governance_config it already has, as Terraform echoes it', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'echoed', 'ADVANCED');
    const res = await call(c, {
      method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: 'echoed-2', stream_governance_config: { package: 'ADVANCED' } },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), environmentBody(c, await storedEnvironment(c, env.id)));
    assert.deepEqual([res.json().display_name, res.json().stream_governance_config], ['echoed-2', { package: 'ADVANCED' }]);
  });

  it("renames the 'default' environment, freeing the name", async () => {
    const c = ctx();
    const [defaultEnv] = (await c.t.store.listEnvironments(c.orgId, { limit: 10 })).items;
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${defaultEnv!.id}`, payload: { display_name: 'legacy' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(Object.hasOwn(res.json(), 'stream_governance_config'), false);
    assert.equal((await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'default' } })).statusCode, 201);
  });

  it('answers an empty body, or only the package it has, with the environment as it is: no write, no audit row', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'unchanged', 'ESSENTIALS');
    c.t.clock.advanceDays(1);
    for (const payload of [{}, { stream_governance_config: { package: 'ESSENTIALS' } }]) {
      const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), environmentBody(c, env));
    }
    assert.deepEqual(await storedEnvironment(c, env.id), env);
    const audited = (await c.t.store.listAudit(c.orgId, 1000)).filter((row) => row.action === 'environment.update' && row.targetId === env.id);
    assert.deepEqual(audited, []);
  });

  it('accepts the name the environment already has', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'same');
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: 'same' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().display_name, 'same');
  });

  it('ignores unknown and read-only properties', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'steady');
    const res = await call(c, {
      method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { id: 'env-other', kind: 'Organization', metadata: { self: 'x' }, description: 'n/a' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const stored = await storedEnvironment(c, env.id);
    assert.deepEqual(res.json(), environmentBody(c, stored));
    assert.deepEqual([stored.id, stored.displayName, stored.streamGovernancePackage], [env.id, 'steady', null]);
  });
});
