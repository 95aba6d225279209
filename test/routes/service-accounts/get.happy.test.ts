import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createServiceAccount, describeRoute, serviceAccountBody, storedServiceAccount } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`GET ${COLLECTION}/:id`, (ctx) => {
  it('answers 200 with exactly the stored account, the same body create returned', async () => {
    const c = ctx();
    const created = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'reader', description: 'reads' } });
    const id = created.json().id;
    const res = await call(c, { method: 'GET', url: `${COLLECTION}/${id}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), created.json());
    assert.deepEqual(res.json(), serviceAccountBody(c, await storedServiceAccount(c, id)));
  });

  it('shows the latest display_name, description and updated_at after an update', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'before', 'old');
    c.t.clock.advanceDays(1);
    assert.equal((await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { display_name: 'after', description: 'new' } })).statusCode, 200);
    const body = (await call(c, { method: 'GET', url: `${COLLECTION}/${sa.id}` })).json();
    assert.deepEqual(body, serviceAccountBody(c, await storedServiceAccount(c, sa.id)));
    assert.deepEqual([body.display_name, body.description, body.metadata.created_at], ['after', 'new', sa.createdAt]);
    assert.ok(body.metadata.updated_at > sa.updatedAt, 'updated_at did not move');
  });

  it('ignores a query string', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'query');
    const res = await call(c, { method: 'GET', url: `${COLLECTION}/${sa.id}?expand=owner` });
    assert.deepEqual(res.json(), serviceAccountBody(c, sa));
  });
});
