// Beyond the shared matrix: any valid Cloud or Global key may list environments (Terraform polls
// here with a brand-new key to see it work), and page tokens stay bound to their caller.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertPageTokenBoundToCaller, call, createEnvironment, createGlobalKey, describeRoute } from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`GET ${COLLECTION} security`, (ctx) => {
  it("shows an ordinary user's key, a service account's key and a Global key the admin's list", async () => {
    const c = ctx();
    await createEnvironment(c, 'prod', 'ADVANCED');
    const expected = (await call(c, { method: 'GET', url: COLLECTION })).json();
    const callers = [await c.t.createUserWithKey('plain'), await c.t.createServiceAccountWithKey('robot'), await createGlobalKey(c)];
    for (const as of callers) {
      const res = await call(c, { method: 'GET', url: COLLECTION, as });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), expected);
    }
  });

  it('answers a key created a moment ago at once (Terraform’s wait-for-ready)', async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('fresh', { id: 'cloud' });
    assert.equal((await call(c, { method: 'GET', url: COLLECTION, as: robot })).statusCode, 200);
  });

  it("refuses a page token issued to the admin when an ordinary user replays it", async () => {
    const c = ctx();
    await createEnvironment(c, 'second');
    await assertPageTokenBoundToCaller(c, `${COLLECTION}?page_size=1`, await c.t.createUserWithKey('replayer'));
  });
});
