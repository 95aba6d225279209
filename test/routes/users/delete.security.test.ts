// Beyond the shared matrix: no admin can delete itself (the organization would lock itself out),
// and refused deletes leave the user and its keys working.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNothingChanged, call, createAdmin, createOwnedKeys, createUser, describeRoute, expectFailure, expectRefused, notAdmin,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';
const SELF_DELETE = 'An administrator cannot delete its own user; ask another OrganizationAdmin';

describeRoute(`DELETE ${COLLECTION}/:id security`, (ctx) => {
  it('answers 403 to the bootstrap admin deleting itself; it and its key keep working', async () => {
    const c = ctx();
    const res = await assertNothingChanged(c, () => call(c, { method: 'DELETE', url: `${COLLECTION}/${c.t.admin.principalId}` }));
    expectFailure(res, 403, 'user_unauthorized', SELF_DELETE);
    assert.equal((await call(c, { method: 'GET', url: COLLECTION })).statusCode, 200);
  });

  it('refuses a second admin deleting itself, but lets the first admin delete it', async () => {
    const c = ctx();
    const second = await createAdmin(c);
    const res = await assertNothingChanged(c, () => call(c, { method: 'DELETE', url: `${COLLECTION}/${second.principalId}`, as: second }));
    expectFailure(res, 403, 'user_unauthorized', SELF_DELETE);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${second.principalId}` })).statusCode, 204);
  });

  it('refuses an ordinary user deleting itself or another user; both keep their keys', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('plain');
    const other = await createUser(c, 'other@example.com', 'Other');
    const [otherKey] = await createOwnedKeys(c, other.id);
    for (const id of [user.principalId, other.id]) {
      await expectRefused(c, { method: 'DELETE', url: `${COLLECTION}/${id}`, as: user }, notAdmin(user, 'delete users'));
    }
    for (const key of [user, otherKey!]) assert.equal((await call(c, { method: 'GET', url: '/org/v2/environments', as: key })).statusCode, 200);
  });

  it("refuses a service account's key deleting the admin", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'DELETE', url: `${COLLECTION}/${c.t.admin.principalId}`, as: robot }, notAdmin(robot, 'delete users'));
  });
});
