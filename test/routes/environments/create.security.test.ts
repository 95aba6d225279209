// Beyond the shared matrix: everyone may read environments, but only admins create them.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertAudited, call, createAdmin, describeRoute, expectRefused, notAdmin, storedEnvironment } from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`POST ${COLLECTION} security`, (ctx) => {
  it('refuses an ordinary user and stores nothing', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('plain');
    await expectRefused(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'mine' }, as: user }, notAdmin(user, 'create environments'));
  });

  it("refuses a service account's key and stores nothing", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'bots' }, as: robot }, notAdmin(robot, 'create environments'));
  });

  it('lets a second admin create, audited as the actor', async () => {
    const c = ctx();
    const admin = await createAdmin(c);
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'by-admin-2' }, as: admin });
    assert.equal(res.statusCode, 201, res.body);
    const stored = await storedEnvironment(c, res.json().id);
    await assertAudited(c, {
      action: 'environment.create', targetKind: 'Environment', targetId: stored.id, at: stored.createdAt,
      details: { display_name: 'by-admin-2' }, actorId: admin.principalId,
    });
  });
});
