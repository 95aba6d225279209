// Beyond the shared matrix: any Cloud or Global key may read an environment.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createEnvironment, createGlobalKey, describeRoute, environmentBody, expectFailure } from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`GET ${COLLECTION}/:id security`, (ctx) => {
  it("answers an ordinary user's key, a service account's key and a Global key with the exact environment", async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'shared', 'ESSENTIALS');
    for (const as of [await c.t.createUserWithKey('plain'), await c.t.createServiceAccountWithKey('robot'), await createGlobalKey(c)]) {
      const res = await call(c, { method: 'GET', url: `${COLLECTION}/${env.id}`, as });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), environmentBody(c, env));
    }
  });

  it('answers a non-admin 404 for an unknown or deleted environment, like an admin', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('plain');
    const env = await createEnvironment(c, 'gone');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}` })).statusCode, 204);
    for (const id of [env.id, 'env-never01']) {
      expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${id}`, as: user }), 404, 'not_found', `Environment '${id}' was not found`);
    }
  });
});
