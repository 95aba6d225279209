// Beyond the shared matrix: no existence leak to non-admins, and no self-read for service accounts.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  call, createGlobalKey, createServiceAccount, describeRoute, expectRefused, notAdmin, serviceAccountBody,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`GET ${COLLECTION}/:id security`, (ctx) => {
  it('gives a non-admin the same 403 for an unknown id as for an existing one', async () => {
    const c = ctx();
    const user = await c.t.createUserWithKey('prober');
    const existing = await createServiceAccount(c, 'exists');
    for (const id of [existing.id, 'sa-missing1']) {
      await expectRefused(c, { method: 'GET', url: `${COLLECTION}/${id}`, as: user }, notAdmin(user, 'read service accounts'));
    }
  });

  it("refuses a service account's own key reading its own account", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'GET', url: `${COLLECTION}/${robot.principalId}`, as: robot }, notAdmin(robot, 'read service accounts'));
  });

  it("lets the admin's Global key read an account", async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'global-read');
    const res = await call(c, { method: 'GET', url: `${COLLECTION}/${sa.id}`, as: await createGlobalKey(c) });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), serviceAccountBody(c, sa));
  });
});
