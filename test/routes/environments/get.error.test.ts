import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createEnvironment, describeRoute, expectFailure, itHandlesLongIds } from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`GET ${COLLECTION}/:id errors`, (ctx) => {
  it('answers 404 not_found to an environment id that does not exist', async () => {
    expectFailure(await call(ctx(), { method: 'GET', url: `${COLLECTION}/env-nope123` }), 404, 'not_found', "Environment 'env-nope123' was not found");
  });

  it('answers 404 to a deleted environment', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'deleted');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}` })).statusCode, 204);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${env.id}` }), 404, 'not_found', `Environment '${env.id}' was not found`);
  });

  it("answers 404 to an environment's display name used as its id", async () => {
    expectFailure(await call(ctx(), { method: 'GET', url: `${COLLECTION}/default` }), 404, 'not_found', "Environment 'default' was not found");
  });

  itHandlesLongIds(ctx, 'GET', COLLECTION, 'env-', 'Environment');
});
