import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createUser, describeRoute, expectFailure, itHandlesLongIds } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`GET ${COLLECTION}/:id errors`, (ctx) => {
  it('answers 404 not_found to an id that never existed', async () => {
    expectFailure(await call(ctx(), { method: 'GET', url: `${COLLECTION}/u-nope123` }), 404, 'not_found', "User 'u-nope123' was not found");
  });

  it('answers 404 to a deleted user', async () => {
    const c = ctx();
    const user = await createUser(c, 'deleted@example.com', 'Deleted');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${user.id}` })).statusCode, 204);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${user.id}` }), 404, 'not_found', `User '${user.id}' was not found`);
  });

  it("answers 404 to a service account's id", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${robot.principalId}` }), 404, 'not_found', `User '${robot.principalId}' was not found`);
  });

  itHandlesLongIds(ctx, 'GET', COLLECTION, 'u-', 'User');
});
