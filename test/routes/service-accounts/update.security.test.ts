// Beyond the shared matrix: refusals leave the account as it was; a second admin is audited as itself.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createAdmin, createServiceAccount, describeRoute, expectRefused, notAdmin } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`PATCH ${COLLECTION}/:id security`, (ctx) => {
  it('refuses an ordinary user and changes nothing', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('plain');
    const sa = await createServiceAccount(c, 'guarded', 'as is');
    await expectRefused(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { display_name: 'hijacked' }, as: user },
      notAdmin(user, 'update service accounts'));
  });

  it("refuses a service account's own key renaming itself", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'PATCH', url: `${COLLECTION}/${robot.principalId}`, payload: { description: 'I am admin' }, as: robot },
      notAdmin(robot, 'update service accounts'));
  });

  it('lets a second admin update, and audits it as the actor', async () => {
    const c = ctx();
    const admin = await createAdmin(c);
    const sa = await createServiceAccount(c, 'shared');
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { description: 'by admin 2' }, as: admin });
    assert.equal(res.statusCode, 200, res.body);
    const rows = (await c.t.store.listAudit(c.orgId, 1000)).filter((r) => r.action === 'service_account.update');
    assert.deepEqual(rows.map((r) => [r.actorId, r.targetId]), [[admin.principalId, sa.id]]);
  });
});
