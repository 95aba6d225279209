// Beyond the shared matrix: which keys may list, and that page tokens are bound to their caller.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertPageTokenBoundToCaller, call, createAdmin, createGlobalKey, createServiceAccount, describeRoute, expectRefused, notAdmin,
  serviceAccountBody,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`GET ${COLLECTION} security`, (ctx) => {
  it('shows a second admin and a Global key the same list as the bootstrap admin', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'visible');
    const expected = [serviceAccountBody(c, sa)];
    for (const as of [await createAdmin(c), await createGlobalKey(c)]) {
      const res = await call(c, { method: 'GET', url: COLLECTION, as });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().data, expected);
    }
  });

  it("refuses a service account's own key, even filtered to its own name", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    const own = await c.t.store.getServiceAccount(c.orgId, robot.principalId);
    await expectRefused(c, { method: 'GET', url: `${COLLECTION}?display_name=${encodeURIComponent(own!.displayName)}`, as: robot },
      notAdmin(robot, 'list service accounts'));
  });

  it('refuses a page token issued to another admin', async () => {
    const c = ctx();
    for (const name of ['a', 'b']) await createServiceAccount(c, name);
    await assertPageTokenBoundToCaller(c, `${COLLECTION}?page_size=1`, await createAdmin(c));
  });
});
