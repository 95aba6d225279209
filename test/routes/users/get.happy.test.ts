import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createUser, describeRoute, storedUser, userBody } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`GET ${COLLECTION}/:id`, (ctx) => {
  it('answers 200 with exactly the stored user, the same body create returned', async () => {
    const c = ctx();
    const created = await call(c, { method: 'POST', url: COLLECTION, payload: { email: 'read@example.com', full_name: 'Reader' } });
    const res = await call(c, { method: 'GET', url: `${COLLECTION}/${created.json().id}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), created.json());
    assert.deepEqual(res.json(), userBody(c, await storedUser(c, created.json().id)));
  });

  it('lets the bootstrap admin read its own user', async () => {
    const c = ctx();
    const res = await call(c, { method: 'GET', url: `${COLLECTION}/${c.t.admin.principalId}` });
    assert.deepEqual(res.json(), userBody(c, await storedUser(c, c.t.admin.principalId)));
    assert.equal(res.json().email, 'admin@keyward.local');
  });

  it('shows the latest full_name and updated_at after an update', async () => {
    const c = ctx();
    const user = await createUser(c, 'renamed@example.com', 'Before');
    c.t.clock.advanceDays(1);
    assert.equal((await call(c, { method: 'PATCH', url: `${COLLECTION}/${user.id}`, payload: { full_name: 'After' } })).statusCode, 200);
    const body = (await call(c, { method: 'GET', url: `${COLLECTION}/${user.id}` })).json();
    assert.deepEqual(body, userBody(c, await storedUser(c, user.id)));
    assert.deepEqual([body.full_name, body.metadata.created_at], ['After', user.createdAt]);
    assert.ok(body.metadata.updated_at > user.updatedAt, 'updated_at did not move');
  });
});
