// GET /keyward/v1/audit-events: the organization's audit log, read by its administrators, against
// what the store holds.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, call, collectPages, createServiceAccount, describeRoute } from '../fixtures-principals.js';
import { COLLECTION, eventBody, someChanges, storedEvents } from './fixtures.js';

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
    // The first start made the organization, its admin, the admin's key and a default environment: one event names them.
    const environments = (await call(c, { method: 'GET', url: '/org/v2/environments' })).json().data;
    assert.deepEqual(stored[0]!.details, { admin: c.t.admin.principalId, admin_key: c.t.admin.keyId, default_environment: environments[0].id });
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

  it('runs newest first on order=newest_first, paging back through the log with the filters and order kept in the links', async () => {
    const c = ctx();
    for (const name of ['a', 'b', 'c', 'd', 'e']) await createServiceAccount(c, name);
    const newestFirst = (await storedEvents(c)).reverse();
    const pages = await collectPages(c, `${COLLECTION}?order=newest_first&page_size=2`);
    assert.deepEqual(pages.map((p) => p.data.length), [2, 2, 2]);
    assert.deepEqual(pages.flatMap((p) => p.data), newestFirst.map(eventBody));
    assert.match(String(pages[0]!.metadata.next), /[?&]order=newest_first(&|$)/);
    const created = await collectPages(c, `${COLLECTION}?order=newest_first&action=service_account.create&page_size=3`);
    assert.deepEqual(created.flatMap((p) => p.data), newestFirst.filter((e) => e.action === 'service_account.create').map(eventBody));
    assert.deepEqual((await call(c, { method: 'GET', url: `${COLLECTION}?order=oldest_first&page_size=100` })).json().data,
      [...newestFirst].reverse().map(eventBody));
  });

  it('returns 10 events per page by default', async () => {
    const c = ctx();
    for (let i = 0; i < 10; i++) await createServiceAccount(c, `sa-${i}`);
    const pages = await collectPages(c, COLLECTION);
    assert.deepEqual(pages.map((p) => p.data.length), [10, 1]);
  });
});
