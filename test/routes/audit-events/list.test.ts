// GET /keyward/v1/audit-events: the organization's audit log, read by its administrators, against
// what the store holds.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../../src/store/store.js';
import {
  assertPageTokenBoundToCaller, BASE, call, collectPages, createAdmin, createServiceAccount, describeRoute, expectFailure,
  expectRefused, itRejectsBadPaging, notAdmin, pathOf, type RouteContext,
} from '../fixtures-principals.js';

const COLLECTION = '/keyward/v1/audit-events';

const eventBody = (event: AuditEvent) => ({
  api_version: 'keyward/v1', kind: 'AuditEvent', id: event.id, at: event.at, actor_id: event.actorId, action: event.action,
  target_kind: event.targetKind, target_id: event.targetId, details: event.details,
});

/** Every audit event of the organization, as stored, oldest first. */
async function storedEvents(c: RouteContext): Promise<AuditEvent[]> {
  return (await c.t.store.pageAudit({ orgId: c.orgId }, { limit: 10_000 })).items;
}

/** A service account, a key for it (whose secret is returned), a rename and a delete of the key. */
async function someChanges(c: RouteContext): Promise<{ saId: string; keyId: string; secret: string }> {
  const sa = await createServiceAccount(c, 'robot');
  const created = await call(c, { method: 'POST', url: '/iam/v2/api-keys', payload: { spec: { display_name: 'k', owner: { id: sa.id } } } });
  assert.equal(created.statusCode, 202, created.body);
  const { id: keyId, spec: { secret } } = created.json();
  assert.equal((await call(c, { method: 'PATCH', url: `/iam/v2/api-keys/${keyId}`, payload: { spec: { display_name: 'renamed' } } })).statusCode, 200);
  assert.equal((await call(c, { method: 'DELETE', url: `/iam/v2/api-keys/${keyId}` })).statusCode, 204);
  return { saId: sa.id, keyId, secret };
}

describeRoute(`GET ${COLLECTION}`, (ctx) => {
  it('lists every change, oldest first, with exact bodies, and never a secret', async () => {
    const c = ctx();
    const { saId, keyId, secret } = await someChanges(c);
    const stored = await storedEvents(c);
    assert.deepEqual(stored.map((e) => `${e.action} ${e.targetId}`), [
      `organization.bootstrap ${c.orgId}`, `service_account.create ${saId}`, `api_key.create ${keyId}`, `api_key.update ${keyId}`,
      `api_key.delete ${keyId}`,
    ]);
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?page_size=100` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(res.json(), {
      api_version: 'keyward/v1', kind: 'AuditEventList', metadata: { first: `${BASE}${COLLECTION}?page_size=100` },
      data: stored.map(eventBody),
    });
    assert.ok(!res.body.includes(secret), 'a secret in the audit log');
    assert.equal(res.json().data.every((e: { actor_id: string }) => e.actor_id === c.t.admin.principalId), true);
  });

  it('filters by target, action and actor, exactly; an empty filter is no filter', async () => {
    const c = ctx();
    const { keyId } = await someChanges(c);
    const stored = await storedEvents(c);
    const ofKey = stored.filter((e) => e.targetId === keyId);
    assert.deepEqual(ofKey.map((e) => e.action), ['api_key.create', 'api_key.update', 'api_key.delete']);
    const list = async (query: string) => (await call(c, { method: 'GET', url: `${COLLECTION}?page_size=100&${query}` })).json().data;
    assert.deepEqual(await list(`target_id=${keyId}`), ofKey.map(eventBody));
    assert.deepEqual(await list(`target_id=${keyId.slice(0, -1)}`), []);
    assert.deepEqual(await list('action=api_key.update'), ofKey.filter((e) => e.action === 'api_key.update').map(eventBody));
    assert.deepEqual(await list(`action=api_key.delete&target_id=${keyId}`), [eventBody(ofKey[2]!)]);
    assert.deepEqual(await list(`actor_id=${c.t.admin.principalId}`), stored.filter((e) => e.actorId === c.t.admin.principalId).map(eventBody));
    assert.deepEqual(await list('actor_id=u-nobody'), []);
    assert.deepEqual(await list('target_id=&action=&actor_id='), stored.map(eventBody));
  });

  it('pages through the log in order, each event once, keeping the filters in the links', async () => {
    const c = ctx();
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await createServiceAccount(c, name);
    const stored = await storedEvents(c);
    const pages = await collectPages(c, `${COLLECTION}?page_size=3`);
    assert.deepEqual(pages.map((p) => p.data.length), [3, 3, 1]);
    assert.deepEqual(pages.flatMap((p) => p.data), stored.map(eventBody));
    const filtered = await collectPages(c, `${COLLECTION}?action=service_account.create&page_size=4`);
    assert.deepEqual(filtered.flatMap((p) => p.data), stored.filter((e) => e.action === 'service_account.create').map(eventBody));
    assert.deepEqual(filtered.map((p) => p.data.length), [4, 2]);
  });

  it('returns 10 events per page by default', async () => {
    const c = ctx();
    for (let i = 0; i < 10; i++) await createServiceAccount(c, `sa-${i}`);
    const pages = await collectPages(c, COLLECTION);
    assert.deepEqual(pages.map((p) => p.data.length), [10, 1]);
  });
});

describeRoute(`GET ${COLLECTION} errors and security`, (ctx) => {
  itRejectsBadPaging(ctx, COLLECTION);

  it('answers 400 invalid_page_token when a filter changes between pages', async () => {
    const c = ctx();
    for (const name of ['a', 'b']) await createServiceAccount(c, name);
    const next = (await call(c, { method: 'GET', url: `${COLLECTION}?action=service_account.create&page_size=1` })).json().metadata.next;
    assert.ok(next, 'no second page');
    const token = new URL(next).searchParams.get('page_token') ?? '';
    assert.equal((await call(c, { method: 'GET', url: pathOf(next) })).statusCode, 200);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}?page_size=1&page_token=${encodeURIComponent(token)}` }),
      400, 'invalid_page_token', 'The page_token is invalid or was issued for a different caller or filter', { parameter: 'page_token' });
  });

  it('answers 400 naming the parameter to a filter longer than 255 characters', async () => {
    expectFailure(await call(ctx(), { method: 'GET', url: `${COLLECTION}?target_id=${'k'.repeat(256)}` }), 400, 'invalid_parameter',
      "The query parameter 'target_id' must NOT have more than 255 characters", { parameter: 'target_id' });
  });

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
