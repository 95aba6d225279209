import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAudited, assertKeysDeletedWith, call, createAdmin, createOwnedKeys, createUser, describeRoute, expectFailure,
  RFC3339_UTC, storedUser,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`DELETE ${COLLECTION}/:id`, (ctx) => {
  it('answers 204 with no body, then 404; keeps a tombstone and audits the deletion', async () => {
    const c = ctx();
    const user = await createUser(c, 'leaving@example.com', 'Leaving');
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'DELETE', url: `${COLLECTION}/${user.id}` });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(res.body, '');
    const stored = await storedUser(c, user.id);
    assert.match(String(stored.deletedAt), RFC3339_UTC);
    assert.ok(stored.deletedAt! > user.createdAt, 'deletedAt is not the time of the deletion');
    assert.deepEqual({ ...stored, deletedAt: null }, user);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${user.id}` }), 404, 'not_found', `User '${user.id}' was not found`);
    await assertAudited(c, { action: 'user.delete', targetKind: 'User', targetId: user.id, at: stored.deletedAt!, details: {} });
  });

  it("deletes the user's keys in the same change: same deletedAt, gone from GET and list, no longer authenticating", async () => {
    const c = ctx();
    const user = await createUser(c, 'keys@example.com', 'Key Holder');
    const keys = await createOwnedKeys(c, user.id);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${user.id}` })).statusCode, 204);
    await assertKeysDeletedWith(c, keys, (await storedUser(c, user.id)).deletedAt!);
  });

  it("lets one admin delete another admin, whose keys then stop working", async () => {
    const c = ctx();
    const second = await createAdmin(c);
    const [extraKey] = await createOwnedKeys(c, second.principalId);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${second.principalId}` })).statusCode, 204);
    await assertKeysDeletedWith(c, [second, extraKey!], (await storedUser(c, second.principalId)).deletedAt!);
  });

  it("leaves the admin's own keys and other users alone", async () => {
    const c = ctx();
    const doomed = await createUser(c, 'doomed@example.com', 'Doomed');
    const bystander = await c.t.createUserWithKey('bystander');
    await createOwnedKeys(c, doomed.id);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${doomed.id}` })).statusCode, 204);
    assert.equal((await call(c, { method: 'GET', url: `${COLLECTION}/${bystander.principalId}`, as: bystander })).statusCode, 200);
    assert.equal((await call(c, { method: 'GET', url: COLLECTION })).statusCode, 200);
  });
});
