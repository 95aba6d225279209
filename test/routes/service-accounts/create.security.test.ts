// Beyond the shared matrix (test/server/security-matrix.test.ts): who else may create, and that a
// refused create leaves no trace.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAudited, call, createAdmin, createServiceAccount, createGlobalKey, describeRoute, expectRefused, notAdmin,
  storedServiceAccount,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`POST ${COLLECTION} security`, (ctx) => {
  it('lets an admin made with the role extension create, and audits that admin as the actor', async () => {
    const c = ctx();
    const admin = await createAdmin(c);
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'by-second-admin' }, as: admin });
    assert.equal(res.statusCode, 201, res.body);
    const stored = await storedServiceAccount(c, res.json().id);
    await assertAudited(c, {
      action: 'service_account.create', targetKind: 'ServiceAccount', targetId: stored.id, at: stored.createdAt,
      details: { display_name: 'by-second-admin' }, actorId: admin.principalId,
    });
  });

  it("lets the admin's Global key create", async () => {
    const c = ctx();
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'by-global-key' }, as: await createGlobalKey(c) });
    assert.equal(res.statusCode, 201, res.body);
  });

  it('refuses an ordinary user and stores nothing, not even an audit row', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('plain');
    await expectRefused(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'sneaky' }, as: user }, notAdmin(user, 'create service accounts'));
  });

  it("refuses a service account's own key and stores nothing", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'offspring' }, as: robot },
      notAdmin(robot, 'create service accounts'));
  });

  it('refuses a non-admin even when the display name is taken: the 403 comes before the 409', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('prober');
    await createServiceAccount(c, 'existing');
    await expectRefused(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'existing' }, as: user },
      notAdmin(user, 'create service accounts'));
  });
});
