import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Credentials } from '../../helpers/test-app.js';
import {
  assertAudited, call, createEnvironment, createServiceAccount, describeRoute, expectFailure, RFC3339_UTC, type RouteContext,
  storedEnvironment,
} from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

function clusterKeyIn(c: RouteContext, ownerId: string, environment: string): Promise<Credentials> {
  return c.t.createKey(ownerId, { resource: { id: 'lkc-abc123', environment } });
}

describeRoute(`DELETE ${COLLECTION}/:id`, (ctx) => {
  it('answers 204 with no body, then 404; keeps a tombstone and audits the deletion', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'doomed', 'ESSENTIALS');
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}` });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(res.body, '');
    const stored = await storedEnvironment(c, env.id);
    assert.match(String(stored.deletedAt), RFC3339_UTC);
    assert.deepEqual({ ...stored, deletedAt: null }, env);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${env.id}` }), 404, 'not_found', `Environment '${env.id}' was not found`);
    await assertAudited(c, { action: 'environment.delete', targetKind: 'Environment', targetId: env.id, at: stored.deletedAt!, details: {} });
  });

  it('deletes an environment once the key that referenced it is deleted', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'held');
    const key = await clusterKeyIn(c, c.t.admin.principalId, env.id);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}` })).statusCode, 409);
    assert.equal((await call(c, { method: 'DELETE', url: `/iam/v2/api-keys/${key.keyId}` })).statusCode, 204);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}` })).statusCode, 204);
  });

  it("deletes an environment whose only keys went with their owner's deletion", async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'orphaned');
    const sa = await createServiceAccount(c, 'owner');
    await clusterKeyIn(c, sa.id, env.id);
    assert.equal((await call(c, { method: 'DELETE', url: `/iam/v2/service-accounts/${sa.id}` })).statusCode, 204);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}` })).statusCode, 204);
  });

  it("deletes the 'default' environment while only Cloud and environment-less cluster keys exist", async () => {
    const c = ctx();
    await c.t.createKey(c.t.admin.principalId, { resource: { id: 'lkc-abc123' } });
    const [defaultEnv] = (await c.t.store.listEnvironments(c.orgId, { limit: 10 })).items;
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${defaultEnv!.id}` })).statusCode, 204);
    assert.deepEqual((await call(c, { method: 'GET', url: COLLECTION })).json().data, []);
  });

  it('leaves other environments, and keys in them, alone', async () => {
    const c = ctx();
    const [doomed, kept] = [await createEnvironment(c, 'doomed'), await createEnvironment(c, 'kept')];
    const key = await clusterKeyIn(c, c.t.admin.principalId, kept.id);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${doomed.id}` })).statusCode, 204);
    assert.equal((await storedEnvironment(c, kept.id)).deletedAt, null);
    assert.equal((await c.t.store.getApiKey(c.orgId, key.keyId))?.deletedAt, null);
  });
});
