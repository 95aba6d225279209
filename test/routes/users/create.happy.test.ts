// POST /iam/v2/users is a keyward extension (Confluent only invites users), so Confluent's documents
// do not describe it; the user it answers must still be a valid iam/v2 User, as GET returns it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertMatchesOpenApi } from '../../helpers/openapi-contract.js';
import {
  assertAudited, BASE, call, createUser, describeRoute, RFC3339_UTC, storedUser, USER_ID, userBody,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`POST ${COLLECTION} (keyward extension)`, (ctx) => {
  it('answers 201 with Location and the exact user, stores an ordinary user and audits it', async () => {
    const c = ctx();
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { email: 'ada@example.com', full_name: 'Ada Lovelace' } });

    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.id, USER_ID);
    assert.equal(res.headers.location, `${BASE}${COLLECTION}/${body.id}`);
    assertMatchesOpenApi('GET', `${COLLECTION}/${body.id}`, 200, body, res.headers);
    const stored = await storedUser(c, body.id);
    assert.deepEqual(
      { email: stored.email, fullName: stored.fullName, authType: stored.authType, role: stored.role, deletedAt: stored.deletedAt },
      { email: 'ada@example.com', fullName: 'Ada Lovelace', authType: 'AUTH_TYPE_LOCAL', role: null, deletedAt: null },
    );
    assert.deepEqual(body, userBody(c, stored));
    assert.equal(body.auth_type, 'AUTH_TYPE_LOCAL');
    assert.match(body.metadata.created_at, RFC3339_UTC);
    assert.equal(body.metadata.updated_at, body.metadata.created_at);
    await assertAudited(c, { action: 'user.create', targetKind: 'User', targetId: body.id, at: stored.createdAt, details: { role: null } });
  });

  it("makes an OrganizationAdmin with role 'OrganizationAdmin', whose key can then list service accounts", async () => {
    const c = ctx();
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { email: 'grace@example.com', full_name: 'Grace', role: 'OrganizationAdmin' } });
    assert.equal(res.statusCode, 201, res.body);
    const stored = await storedUser(c, res.json().id);
    assert.equal(stored.role, 'OrganizationAdmin');
    assert.equal(Object.hasOwn(res.json(), 'role'), false, 'the role leaked into the User body');
    await assertAudited(c, { action: 'user.create', targetKind: 'User', targetId: stored.id, at: stored.createdAt, details: { role: 'OrganizationAdmin' } });

    const key = await c.t.createKey(stored.id);
    const list = await call(c, { method: 'GET', url: '/iam/v2/service-accounts', as: key });
    assert.equal(list.statusCode, 200, list.body);
  });

  it('makes an ordinary user for role null, who cannot list service accounts', async () => {
    const c = ctx();
    const user = await createUser(c, 'plain@example.com', 'Plain', null);
    assert.equal(user.role, null);
    const list = await call(c, { method: 'GET', url: '/iam/v2/service-accounts', as: await c.t.createKey(user.id) });
    assert.equal(list.statusCode, 403, list.body);
  });

  it('ignores unknown and read-only properties: id, auth_type and metadata are the server’s', async () => {
    const c = ctx();
    const res = await call(c, {
      method: 'POST', url: COLLECTION, payload: {
        email: 'echo@example.com', full_name: 'Echo', id: 'u-chosen', auth_type: 'AUTH_TYPE_SSO', kind: 'ServiceAccount',
        metadata: { created_at: '2000-01-01T00:00:00Z' }, is_admin: true,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const stored = await storedUser(c, res.json().id);
    assert.notEqual(stored.id, 'u-chosen');
    assert.deepEqual([stored.authType, stored.role], ['AUTH_TYPE_LOCAL', null]);
    assert.deepEqual(res.json(), userBody(c, stored));
  });

  it('accepts an empty full_name and stores it as given', async () => {
    const c = ctx();
    const user = await createUser(c, 'nameless@example.com', '');
    assert.equal(user.fullName, '');
  });

  it('lets a new user take the email of a deleted one, with a new id', async () => {
    const c = ctx();
    const first = await createUser(c, 'again@example.com', 'First');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${first.id}` })).statusCode, 204);
    const second = await createUser(c, 'again@example.com', 'Second');
    assert.notEqual(second.id, first.id);
  });

  it('makes the user readable and listed as soon as create returns', async () => {
    const c = ctx();
    const created = (await call(c, { method: 'POST', url: COLLECTION, payload: { email: 'now@example.com', full_name: 'Now' } })).json();
    assert.deepEqual((await call(c, { method: 'GET', url: `${COLLECTION}/${created.id}` })).json(), created);
    const listed = (await call(c, { method: 'GET', url: `${COLLECTION}?page_size=100` })).json().data;
    assert.deepEqual(listed.filter((u: { id: string }) => u.id === created.id), [created]);
  });
});
