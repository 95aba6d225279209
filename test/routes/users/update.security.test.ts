// Beyond the shared matrix: a user cannot change even its own user, nor anyone's role.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createAdmin, createUser, describeRoute, expectRefused, notAdmin, storedUser } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`PATCH ${COLLECTION}/:id security`, (ctx) => {
  it('refuses an ordinary user renaming itself, changing nothing', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('self-editor');
    await expectRefused(c, { method: 'PATCH', url: `${COLLECTION}/${user.principalId}`, payload: { full_name: 'Me' }, as: user },
      notAdmin(user, 'update users'));
  });

  it('refuses an ordinary user promoting itself through PATCH, and the role stays null', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('climber');
    await expectRefused(c, { method: 'PATCH', url: `${COLLECTION}/${user.principalId}`, payload: { role: 'OrganizationAdmin' }, as: user },
      notAdmin(user, 'update users'));
    assert.equal((await storedUser(c, user.principalId)).role, null);
    assert.equal((await call(c, { method: 'GET', url: '/iam/v2/service-accounts', as: user })).statusCode, 403);
  });

  it("refuses a service account's key", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    const target = await createUser(c, 'target@example.com', 'Target');
    await expectRefused(c, { method: 'PATCH', url: `${COLLECTION}/${target.id}`, payload: { full_name: 'Owned' }, as: robot },
      notAdmin(robot, 'update users'));
  });

  it('lets a second admin rename the bootstrap admin, audited as itself', async () => {
    const c = ctx();
    const admin = await createAdmin(c);
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${c.t.admin.principalId}`, payload: { full_name: 'First Admin' }, as: admin });
    assert.equal(res.statusCode, 200, res.body);
    const rows = (await c.t.store.listAudit(c.orgId, 1000)).filter((r) => r.action === 'user.update');
    assert.deepEqual(rows.map((r) => [r.actorId, r.targetId]), [[admin.principalId, c.t.admin.principalId]]);
  });
});
