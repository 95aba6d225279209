// Beyond the shared matrix: readers of environments cannot change them.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createEnvironment, createGlobalKey, describeRoute, expectRefused, notAdmin } from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`PATCH ${COLLECTION}/:id security`, (ctx) => {
  it('refuses an ordinary user, even with an unknown id, changing nothing', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('plain');
    const env = await createEnvironment(c, 'guarded');
    for (const id of [env.id, 'env-never01']) {
      await expectRefused(c, { method: 'PATCH', url: `${COLLECTION}/${id}`, payload: { display_name: 'hijacked' }, as: user },
        notAdmin(user, 'update environments'));
    }
  });

  it("refuses a service account's key, changing nothing", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    const env = await createEnvironment(c, 'guarded');
    await expectRefused(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: 'bots' }, as: robot },
      notAdmin(robot, 'update environments'));
  });

  it("lets the admin's Global key rename", async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'global-rename');
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: 'renamed' }, as: await createGlobalKey(c) });
    assert.equal(res.statusCode, 200, res.body);
  });
});
