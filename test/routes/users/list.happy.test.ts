import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserRecord } from '../../../src/store/records.js';
import {
  BASE, call, createUser, describeRoute, itPagesThrough, type RouteContext, storedUser, userBody,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

/** Creates `n` users and returns every live user (the bootstrap admin included), ordered by id. */
async function usersAfterCreating(c: RouteContext, n: number): Promise<UserRecord[]> {
  const all = [await storedUser(c, c.t.admin.principalId)];
  for (let i = 0; i < n; i++) all.push(await createUser(c, `user${i}@example.com`, `User ${i}`));
  return all.sort((a, b) => (a.id < b.id ? -1 : 1));
}

describeRoute(`GET ${COLLECTION}`, (ctx) => {
  itPagesThrough(ctx, COLLECTION, 1, async (c, n) => (await usersAfterCreating(c, n)).map((u) => u.id));

  it('lists the bootstrap admin from first start, exactly', async () => {
    const c = ctx();
    const res = await call(c, { method: 'GET', url: COLLECTION });
    assert.equal(res.statusCode, 200, res.body);
    const admin = await storedUser(c, c.t.admin.principalId);
    assert.deepEqual(res.json(), { api_version: 'iam/v2', kind: 'UserList', metadata: { first: `${BASE}${COLLECTION}` }, data: [userBody(c, admin)] });
    assert.deepEqual([admin.email, admin.fullName, admin.authType], ['admin@keyward.local', 'keyward administrator', 'AUTH_TYPE_LOCAL']);
  });

  it('lists every live user ordered by id, with exact bodies and auth_type', async () => {
    const c = ctx();
    const all = await usersAfterCreating(c, 3);
    const body = (await call(c, { method: 'GET', url: COLLECTION })).json();
    assert.deepEqual(body.data, all.map((u) => userBody(c, u)));
    for (const user of body.data) assert.equal(user.auth_type, 'AUTH_TYPE_LOCAL');
  });

  it('leaves deleted users out', async () => {
    const c = ctx();
    const gone = await createUser(c, 'gone@example.com', 'Gone');
    const kept = await createUser(c, 'kept@example.com', 'Kept');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${gone.id}` })).statusCode, 204);
    const ids = (await call(c, { method: 'GET', url: COLLECTION })).json().data.map((u: { id: string }) => u.id);
    assert.deepEqual(ids, [c.t.admin.principalId, kept.id].sort());
  });

  it('ignores unknown query parameters', async () => {
    const c = ctx();
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?email=nobody@example.com&sort=desc` });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data.map((u: { id: string }) => u.id), [c.t.admin.principalId]);
  });
});
