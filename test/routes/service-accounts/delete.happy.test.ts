import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAudited, assertKeysDeletedWith, call, createOwnedKeys, createServiceAccount, describeRoute, expectFailure, RFC3339_UTC,
  serviceAccountBody, storedServiceAccount,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`DELETE ${COLLECTION}/:id`, (ctx) => {
  it('answers 204 with no body, then 404; keeps a tombstone and audits the deletion', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'doomed');
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'DELETE', url: `${COLLECTION}/${sa.id}` });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(res.body, '');
    const stored = await storedServiceAccount(c, sa.id);
    assert.match(String(stored.deletedAt), RFC3339_UTC);
    assert.ok(stored.deletedAt! > sa.createdAt, 'deletedAt is not the time of the deletion');
    assert.deepEqual({ ...stored, deletedAt: null }, sa);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${sa.id}` }), 404, 'not_found', `Service account '${sa.id}' was not found`);
    await assertAudited(c, { action: 'service_account.delete', targetKind: 'ServiceAccount', targetId: sa.id, at: stored.deletedAt!, details: {} });
  });

  it("deletes the account's keys in the same change: same deletedAt, gone from GET and list, no longer authenticating", async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'key-holder');
    const keys = await createOwnedKeys(c, sa.id);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${sa.id}` })).statusCode, 204);
    await assertKeysDeletedWith(c, keys, (await storedServiceAccount(c, sa.id)).deletedAt!);
  });

  it("leaves other accounts and their keys alone", async () => {
    const c = ctx();
    const [doomed, bystander] = [await createServiceAccount(c, 'doomed'), await createServiceAccount(c, 'bystander')];
    const [bystanderKey] = await createOwnedKeys(c, bystander.id);
    await createOwnedKeys(c, doomed.id);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${doomed.id}` })).statusCode, 204);
    assert.deepEqual((await call(c, { method: 'GET', url: COLLECTION })).json().data, [serviceAccountBody(c, bystander)]);
    assert.equal((await c.t.store.getApiKey(c.orgId, bystanderKey!.keyId))?.deletedAt, null);
    assert.equal((await call(c, { method: 'GET', url: '/org/v2/environments', as: bystanderKey })).statusCode, 200);
  });
});
