import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertAudited, call, createUser, describeRoute, storedUser, userBody } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`PATCH ${COLLECTION}/:id`, (ctx) => {
  it('changes full_name, moves updated_at and keeps everything else', async () => {
    const c = ctx();
    const user = await createUser(c, 'rename@example.com', 'Old Name');
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${user.id}`, payload: { full_name: 'New Name' } });
    assert.equal(res.statusCode, 200, res.body);
    const stored = await storedUser(c, user.id);
    assert.deepEqual(res.json(), userBody(c, stored));
    assert.deepEqual({ ...stored, updatedAt: user.updatedAt }, { ...user, fullName: 'New Name' });
    assert.ok(Date.parse(stored.updatedAt) - Date.parse(user.updatedAt) >= 86_400_000, 'updated_at is not the new time');
  });

  it('audits the update at its updated_at, naming the changed field by its wire name', async () => {
    const c = ctx();
    const user = await createUser(c, 'audit@example.com', 'A');
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${user.id}`, payload: { full_name: 'B' } });
    assert.equal(res.statusCode, 200, res.body);
    await assertAudited(c, {
      action: 'user.update', targetKind: 'User', targetId: user.id, at: res.json().metadata.updated_at, details: { fields: ['full_name'] },
    });
  });

  it('ignores email, auth_type, role and other properties it does not change', async () => {
    const c = ctx();
    const user = await createUser(c, 'fixed@example.com', 'Fixed');
    const res = await call(c, {
      method: 'PATCH', url: `${COLLECTION}/${user.id}`,
      payload: { full_name: 'Fixed Too', email: 'moved@example.com', auth_type: 'AUTH_TYPE_SSO', role: 'OrganizationAdmin', id: 'u-other' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const stored = await storedUser(c, user.id);
    assert.deepEqual([stored.email, stored.authType, stored.role, stored.fullName], ['fixed@example.com', 'AUTH_TYPE_LOCAL', null, 'Fixed Too']);
    assert.deepEqual(res.json(), userBody(c, stored));
  });

  it('lets the admin rename itself', async () => {
    const c = ctx();
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${c.t.admin.principalId}`, payload: { full_name: 'Root' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await storedUser(c, c.t.admin.principalId)).fullName, 'Root');
  });

  it('stores an empty full_name as given, and an empty body changes nothing visible', async () => {
    const c = ctx();
    const user = await createUser(c, 'blank@example.com', 'Blank');
    assert.equal((await call(c, { method: 'PATCH', url: `${COLLECTION}/${user.id}`, payload: { full_name: '' } })).json().full_name, '');
    const updatedAt = (await storedUser(c, user.id)).updatedAt;
    const audited = async () => (await c.t.store.listAudit(c.orgId, 1000)).filter((row) => row.action === 'user.update' && row.targetId === user.id);
    assert.equal((await audited()).length, 1);
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${user.id}`, payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().full_name, res.json().email], ['', 'blank@example.com']);
    assert.equal((await storedUser(c, user.id)).updatedAt, updatedAt, 'the empty body writes nothing');
    assert.equal((await audited()).length, 1, 'and audits nothing');
  });
});
