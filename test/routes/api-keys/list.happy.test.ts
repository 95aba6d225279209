// GET /iam/v2/api-keys, the paths that succeed: the exact list envelope, keyset paging with full
// `next` URLs (absent on the last page), the owner/resource filters and show_expired.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_KEYS, BASE, assertOk, createdKey, day, eachDialect, idsOf, expectedFrom, expectedKey, getKey, listAllPages, listKeys,
  newEnvironment, newServiceAccount, newUser, type Ctx, type WireKey,
} from './fixtures.js';

/** Creates `count` keys for one fresh service account; returns the ids of every live key, sorted. */
async function seedKeys(ctx: Ctx, count: number): Promise<{ owner: string; all: string[] }> {
  const owner = await newServiceAccount(ctx.t);
  const ids = [ctx.t.admin.keyId];
  for (let i = 0; i < count; i++) ids.push((await createdKey(ctx.t, { owner: { id: owner }, display_name: `k${i}` })).id);
  return { owner, all: ids.sort() };
}

eachDialect('GET /iam/v2/api-keys happy paths', (ctx: Ctx) => {
  it('lists the bootstrap key in the exact ApiKeyList envelope, with no next link', async () => {
    const { t, orgId } = ctx;
    const stored = await t.store.getApiKey(orgId, t.admin.keyId);
    assert.ok(stored);
    const res = await listKeys(t);
    assertOk(res, 200);
    assert.deepEqual(res.json(), {
      api_version: 'iam/v2',
      kind: 'ApiKeyList',
      metadata: { first: `${BASE}/iam/v2/api-keys` },
      data: [expectedKey(orgId, {
        id: t.admin.keyId, ownerId: t.admin.principalId, displayName: 'bootstrap admin key', description: 'Created at first start',
        createdBy: t.admin.principalId, createdAt: stored.createdAt, updatedAt: stored.updatedAt,
      })],
    });
  });

  it('lists each key exactly as GET reads it', async () => {
    const { t } = ctx;
    const env = await newEnvironment(t);
    const sa = await newServiceAccount(t);
    await createdKey(t, { owner: { id: sa }, resource: { id: 'lkc-abc123', environment: env }, display_name: 'kafka' });
    await createdKey(t, { owner: { id: sa }, resource: { id: 'global' }, expires_at: '2099-06-30' });
    const res = await listKeys(t, '?page_size=100');
    assertOk(res, 200);
    const listed = res.json().data as WireKey[];
    assert.equal(listed.length, 3);
    for (const key of listed) assert.deepEqual(key, (await getKey(t, key.id)).json());
  });

  it('pages over 25 keys 10 at a time: 3 pages, full next URLs, next absent on the last page, no duplicates, stable order', async () => {
    const { t } = ctx;
    const { all } = await seedKeys(ctx, 24);
    assert.equal(all.length, 25);
    const { pages, ids } = await listAllPages(t, `${API_KEYS}?page_size=10`);

    assert.deepEqual(pages.map((p) => p.json().data.length), [10, 10, 5]);
    for (const page of pages) assertOk(page, 200);
    const [first, second, last] = pages.map((p) => p.json().metadata);
    for (const meta of [first, second]) {
      const next = new URL(meta.next);
      assert.equal(`${next.origin}${next.pathname}`, `${BASE}/iam/v2/api-keys`);
      assert.equal(next.searchParams.get('page_size'), '10');
      assert.ok((next.searchParams.get('page_token') ?? '').length > 0);
    }
    assert.notEqual(first.next, second.next);
    for (const meta of [first, second, last]) assert.equal(meta.first, `${BASE}/iam/v2/api-keys?page_size=10`);
    assert.ok(!('next' in last), `next must be absent on the last page, got ${JSON.stringify(last)}`);
    assert.equal(new Set(ids).size, 25);
    assert.deepEqual(ids, all, 'ordered by id');
    assert.deepEqual((await listAllPages(t, `${API_KEYS}?page_size=10`)).ids, ids, 'the same order on a second walk');
  });

  it('uses a default page size of 10 and accepts page_size 1 and 100', async () => {
    const { t } = ctx;
    const { all } = await seedKeys(ctx, 24);
    const byDefault = await listKeys(t);
    assert.deepEqual(idsOf(byDefault), all.slice(0, 10));
    assert.ok(byDefault.json().metadata.next);
    const single = await listKeys(t, '?page_size=1');
    assert.deepEqual(idsOf(single), all.slice(0, 1));
    const whole = await listKeys(t, '?page_size=100');
    assert.deepEqual(idsOf(whole), all);
    assert.ok(!('next' in whole.json().metadata));
    assert.equal((await listAllPages(t, `${API_KEYS}?page_size=1`)).pages.length, 25);
  });

  it('ends with no next link when the key count is an exact multiple of the page size', async () => {
    const { t } = ctx;
    const { all } = await seedKeys(ctx, 9);
    const { pages, ids } = await listAllPages(t, `${API_KEYS}?page_size=5`);
    assert.deepEqual(ids, all);
    assert.ok(pages.length <= 3);
    assert.ok(!('next' in pages.at(-1)!.json().metadata));
  });

  it('filters by spec.owner', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const user = await newUser(t);
    const saKeys = [(await createdKey(t, { owner: { id: sa } })).id, (await createdKey(t, { owner: { id: sa } })).id].sort();
    const userKey = (await createdKey(t, { owner: { id: user } })).id;
    assert.deepEqual(idsOf(await listKeys(t, `?spec.owner=${sa}`)), saKeys);
    assert.deepEqual(idsOf(await listKeys(t, `?spec.owner=${user}`)), [userKey]);
    assert.deepEqual(idsOf(await listKeys(t, `?spec.owner=${t.admin.principalId}`)), [t.admin.keyId]);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.owner=sa-nobody1')), []);
    const filtered = await listKeys(t, `?spec.owner=${sa}`);
    assert.equal(filtered.json().metadata.first, `${BASE}/iam/v2/api-keys?spec.owner=${sa}`);
  });

  it('filters by spec.resource, case-insensitively for cloud, global and tableflow', async () => {
    const { t } = ctx;
    const env = await newEnvironment(t);
    const sa = await newServiceAccount(t);
    const kafka = (await createdKey(t, { owner: { id: sa }, resource: { id: 'lkc-abc123', environment: env } })).id;
    await createdKey(t, { owner: { id: sa }, resource: { id: 'lkc-other9' } });
    const cloud = (await createdKey(t, { owner: { id: sa }, resource: { id: 'CLOUD' } })).id;
    const global = (await createdKey(t, { owner: { id: sa }, resource: { id: 'global' } })).id;
    const tableflow = (await createdKey(t, { owner: { id: sa }, resource: { id: 'tableflow' } })).id;
    const region = (await createdKey(t, { owner: { id: sa }, resource: { id: 'aws.us-east-2', environment: env } })).id;
    const cloudKeys = [t.admin.keyId, cloud].sort();

    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=lkc-abc123')), [kafka]);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=cloud')), cloudKeys);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=CLOUD')), cloudKeys);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=Cloud')), cloudKeys);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=GLOBAL')), [global]);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=TableFlow')), [tableflow]);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=aws.us-east-2')), [region]);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=LKC-ABC123')), [], 'cluster ids are case-sensitive');
    assert.deepEqual(idsOf(await listKeys(t, `?spec.resource=cloud&spec.owner=${sa}`)), [cloud]);
  });

  it('treats empty spec.owner= and spec.resource= as no filter', async () => {
    const { t } = ctx;
    const { all } = await seedKeys(ctx, 3);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.owner=&spec.resource=')), all);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.owner=')), all);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=')), all);
  });

  it('hides a key from the list once its expiry day has passed, unless show_expired=true', async () => {
    const { t, orgId } = ctx;
    const user = await newUser(t);
    const today = day(t);
    const expiring = await createdKey(t, { owner: { id: user }, expires_at: today });
    const lasting = await createdKey(t, { owner: { id: user }, expires_at: day(t, 30) });
    const all = [t.admin.keyId, expiring.id, lasting.id].sort();
    assert.deepEqual(idsOf(await listKeys(t, '?page_size=100')), all, 'valid through its expiry day');

    t.clock.advanceDays(1);
    assert.deepEqual(idsOf(await listKeys(t, '?page_size=100')), all.filter((id) => id !== expiring.id));
    assert.deepEqual(idsOf(await listKeys(t, '?page_size=100&show_expired=false')), all.filter((id) => id !== expiring.id));
    assert.deepEqual(idsOf(await listKeys(t, `?spec.owner=${user}`)), [lasting.id]);
    const shown = await listKeys(t, '?page_size=100&show_expired=true');
    assertOk(shown, 200);
    assert.deepEqual(idsOf(shown), all);
    const expired = (shown.json().data as WireKey[]).find((k) => k.id === expiring.id);
    assert.deepEqual(expired, expectedFrom(orgId, expiring, { ownerId: user, expiresAt: today, createdBy: t.admin.principalId, phase: 'EXPIRED' }));
    assert.equal((shown.json().data as WireKey[]).find((k) => k.id === lasting.id)?.status.phase, 'ACTIVE');

    const read = await getKey(t, expiring.id);
    assertOk(read, 200);
    assert.equal(read.json().status.phase, 'EXPIRED');
    const asExpired = { keyId: expiring.id, secret: expiring.spec.secret!, principalId: user };
    assert.equal((await listKeys(t, '', asExpired)).statusCode, 401);
  });

  it('leaves deleted keys out, show_expired or not', async () => {
    const { t } = ctx;
    const { all } = await seedKeys(ctx, 3);
    const gone = all.find((id) => id !== t.admin.keyId)!;
    assert.equal((await t.request({ method: 'DELETE', url: `${API_KEYS}/${gone}` })).statusCode, 204);
    for (const query of ['?page_size=100', '?page_size=100&show_expired=true']) {
      assert.deepEqual(idsOf(await listKeys(t, query)), all.filter((id) => id !== gone));
    }
  });

  it('ignores unknown query parameters', async () => {
    const { t } = ctx;
    const res = await listKeys(t, '?order_by=name&spec.display_name=x&page_size=5');
    assertOk(res, 200);
    assert.deepEqual(idsOf(res), [t.admin.keyId]);
  });
});
