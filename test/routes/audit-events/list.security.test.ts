// GET /keyward/v1/audit-events: administrators only (the shared matrix in test/server/security-matrix.test.ts
// covers the bad credentials), and page tokens bound to their caller.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertPageTokenBoundToCaller, call, createAdmin, describeRoute, expectRefused, notAdmin } from '../fixtures-principals.js';
import { COLLECTION, eventBody, storedEvents } from './fixtures.js';

describeRoute(`GET ${COLLECTION} security`, (ctx) => {
  it("refuses a service account's key and a user's that is not an admin", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    await expectRefused(c, { method: 'GET', url: COLLECTION, as: robot }, notAdmin(robot, 'read the audit log'));
    const user = await c.t.createUserWithKey('reader');
    await expectRefused(c, { method: 'GET', url: `${COLLECTION}?actor_id=${user.principalId}`, as: user }, notAdmin(user, 'read the audit log'));
  });

  it('answers 401 without credentials, as the rest of the management API', async () => {
    const res = await call(ctx(), { method: 'GET', url: COLLECTION, as: null });
    assert.equal(res.statusCode, 401, res.body);
    assert.match(String(res.headers['www-authenticate']), /^Basic /);
  });

  it('shows a second admin the same log, and refuses it a page token issued to another admin', async () => {
    const c = ctx();
    const second = await createAdmin(c);
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?page_size=100`, as: second });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data, (await storedEvents(c)).map(eventBody));
    await assertPageTokenBoundToCaller(c, `${COLLECTION}?page_size=1`, second);
  });
});
