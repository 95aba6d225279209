// Beyond the shared matrix: a refused delete leaves the account and its keys working; a deleted
// account's key cannot come back.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  call, createAdmin, createOwnedKeys, createServiceAccount, describeRoute, expectRefused, notAdmin, storedServiceAccount,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`DELETE ${COLLECTION}/:id security`, (ctx) => {
  it('refuses an ordinary user: the account and its keys stay and keep working', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('plain');
    const sa = await createServiceAccount(c, 'protected');
    const [cloudKey] = await createOwnedKeys(c, sa.id);
    await expectRefused(c, { method: 'DELETE', url: `${COLLECTION}/${sa.id}`, as: user }, notAdmin(user, 'delete service accounts'));
    assert.equal((await call(c, { method: 'GET', url: '/org/v2/environments', as: cloudKey })).statusCode, 200);
  });

  it("refuses a service account's own key deleting itself", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'DELETE', url: `${COLLECTION}/${robot.principalId}`, as: robot }, notAdmin(robot, 'delete service accounts'));
  });

  it("stops the deleted account's key at once, and a new account with the same name does not revive it", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('phoenix');
    const name = (await storedServiceAccount(c, robot.principalId)).displayName;
    const admin = await createAdmin(c);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${robot.principalId}`, as: admin })).statusCode, 204);
    assert.equal((await call(c, { method: 'GET', url: '/org/v2/environments', as: robot })).statusCode, 401);
    assert.equal((await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: name } })).statusCode, 201);
    assert.equal((await call(c, { method: 'GET', url: '/org/v2/environments', as: robot })).statusCode, 401);
  });
});
