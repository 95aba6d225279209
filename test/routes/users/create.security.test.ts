// Beyond the shared matrix: nobody but an admin can mint users, least of all admins.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertAudited, call, createAdmin, describeRoute, expectRefused, notAdmin, storedUser } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`POST ${COLLECTION} security`, (ctx) => {
  it('refuses an ordinary user making itself an admin, storing nothing', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('climber');
    await expectRefused(c, { method: 'POST', url: COLLECTION, payload: { email: 'climber2@example.com', full_name: 'C', role: 'OrganizationAdmin' }, as: user },
      notAdmin(user, 'create users'));
  });

  it("refuses a service account's key, storing nothing", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'POST', url: COLLECTION, payload: { email: 'bot@example.com', full_name: 'Bot' }, as: robot },
      notAdmin(robot, 'create users'));
  });

  it('lets a second admin create another admin, audited as the actor', async () => {
    const c = ctx();
    const admin = await createAdmin(c);
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { email: 'third@example.com', full_name: 'Third', role: 'OrganizationAdmin' }, as: admin });
    assert.equal(res.statusCode, 201, res.body);
    const stored = await storedUser(c, res.json().id);
    assert.equal(stored.role, 'OrganizationAdmin');
    await assertAudited(c, {
      action: 'user.create', targetKind: 'User', targetId: stored.id, at: stored.createdAt, details: { role: 'OrganizationAdmin' }, actorId: admin.principalId,
    });
  });
});
