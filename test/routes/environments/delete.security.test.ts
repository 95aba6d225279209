// Beyond the shared matrix: readers of environments cannot delete them, not even ones they use.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createAdmin, createEnvironment, describeRoute, expectRefused, notAdmin } from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`DELETE ${COLLECTION}/:id security`, (ctx) => {
  it('refuses an ordinary user, for an unused environment too, deleting nothing', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('plain');
    const env = await createEnvironment(c, 'unused');
    await expectRefused(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}`, as: user }, notAdmin(user, 'delete environments'));
  });

  it("refuses a service account's key, deleting nothing", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    const env = await createEnvironment(c, 'unused');
    await expectRefused(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}`, as: robot }, notAdmin(robot, 'delete environments'));
  });

  it('lets a second admin delete, audited as the actor', async () => {
    const c = ctx();
    const admin = await createAdmin(c);
    const env = await createEnvironment(c, 'by-admin-2');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}`, as: admin })).statusCode, 204);
    const rows = (await c.t.store.listAudit(c.orgId, 1000)).filter((r) => r.action === 'environment.delete');
    assert.deepEqual(rows.map((r) => [r.actorId, r.targetId]), [[admin.principalId, env.id]]);
  });
});
