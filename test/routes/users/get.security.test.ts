// Beyond the shared matrix: anyone may read its own user, and only that.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createUser, describeRoute, expectFailure, expectRefused, notAdmin, storedUser, userBody } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`GET ${COLLECTION}/:id security`, (ctx) => {
  it('lets an ordinary user read its own user, exactly, without its role', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('self-reader');
    const res = await call(c, { method: 'GET', url: `${COLLECTION}/${user.principalId}`, as: user });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), userBody(c, await storedUser(c, user.principalId)));
  });

  it('refuses an ordinary user reading another ordinary user', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('curious');
    const other = await createUser(c, 'private@example.com', 'Private');
    await expectRefused(c, { method: 'GET', url: `${COLLECTION}/${other.id}`, as: user }, notAdmin(user, 'read other users'));
  });

  it('gives an ordinary user the same 403 for an unknown id as for an existing one', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('prober');
    for (const id of [c.t.admin.principalId, 'u-missing1']) {
      await expectRefused(c, { method: 'GET', url: `${COLLECTION}/${id}`, as: user }, notAdmin(user, 'read other users'));
    }
  });

  it("answers a service account asking for its own id as a user with 404, and another's with 403", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${robot.principalId}`, as: robot }), 404, 'not_found',
      `User '${robot.principalId}' was not found`);
    await expectRefused(c, { method: 'GET', url: `${COLLECTION}/${c.t.admin.principalId}`, as: robot }, notAdmin(robot, 'read other users'));
  });
});
