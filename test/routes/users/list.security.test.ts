// Beyond the shared matrix: which keys may list users, and that page tokens are bound to their caller.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertPageTokenBoundToCaller, call, createAdmin, createGlobalKey, createUser, describeRoute, expectRefused, notAdmin,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`GET ${COLLECTION} security`, (ctx) => {
  it('shows a second admin and a Global key the same list as the bootstrap admin', async () => {
    const c = ctx();
    const admin = await createAdmin(c);
    const expected = (await call(c, { method: 'GET', url: COLLECTION })).json().data;
    assert.equal(expected.length, 2);
    for (const as of [admin, await createGlobalKey(c)]) {
      const res = await call(c, { method: 'GET', url: COLLECTION, as });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().data, expected);
    }
  });

  it("refuses a service account's key", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'GET', url: COLLECTION, as: robot }, notAdmin(robot, 'list users'));
  });

  it('refuses a page token issued to another admin', async () => {
    const c = ctx();
    await createUser(c, 'filler@example.com', 'Filler');
    await assertPageTokenBoundToCaller(c, `${COLLECTION}?page_size=1`, await createAdmin(c));
  });
});
