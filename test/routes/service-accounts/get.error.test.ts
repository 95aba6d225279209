import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createServiceAccount, describeRoute, expectFailure, itHandlesLongIds } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`GET ${COLLECTION}/:id errors`, (ctx) => {
  it('answers 404 not_found to an id that never existed', async () => {
    expectFailure(await call(ctx(), { method: 'GET', url: `${COLLECTION}/sa-nope123` }), 404, 'not_found', "Service account 'sa-nope123' was not found");
  });

  it('answers 404 to a deleted account', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'deleted');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${sa.id}` })).statusCode, 204);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${sa.id}` }), 404, 'not_found', `Service account '${sa.id}' was not found`);
  });

  it("answers 404 to a user's id", async () => {
    const c = ctx();
    const id = c.t.admin.principalId;
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}/${id}` }), 404, 'not_found', `Service account '${id}' was not found`);
  });

  itHandlesLongIds(ctx, 'GET', COLLECTION, 'sa-', 'Service account');
});
