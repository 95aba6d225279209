// POST /iam/v2/api-keys against the key quotas: 402 quota_exceeded with Confluent's "is currently
// limited to N" detail, deleted keys free a slot, expired keys do not, and concurrent creates can
// never overshoot the limit.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertFailure, auditRows, createKey, createdKey, day, deleteKey, eachDialect, liveKeys, newServiceAccount, type Ctx, type Res,
} from './fixtures.js';

const QUOTA = 5;

async function createMany(ctx: Ctx, count: number, owners: string[]): Promise<Res[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => createKey(ctx.t, { display_name: `racer ${i}`, owner: { id: owners[i % owners.length]! } })));
}

function tally(responses: Res[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses) counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1;
  return counts;
}

eachDialect('POST /iam/v2/api-keys with KEYWARD_APIKEYS_PER_ORG=5', (ctx: Ctx) => {
  const orgQuota = { status: 402, code: 'quota_exceeded', detail: /\(apikeys_per_org\) is currently limited to 5\b/ };

  it('answers 402 once the organization holds 5 keys, the bootstrap key included, and writes nothing', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    for (let i = 1; i < QUOTA; i++) await createdKey(t, { owner: { id: sa } });
    const before = await liveKeys(ctx);
    assert.equal(before.length, QUOTA);

    const res = await createKey(t, { owner: { id: await newServiceAccount(t) } });
    assertFailure(res, orgQuota);
    assert.deepEqual(await liveKeys(ctx), before);
    assert.equal((await auditRows(ctx, 'api_key.create')).length, QUOTA - 1);
  });

  it('frees a slot when a key is deleted', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const keys = [];
    for (let i = 1; i < QUOTA; i++) keys.push(await createdKey(t, { owner: { id: sa } }));
    assertFailure(await createKey(t, { owner: { id: sa } }), orgQuota);
    assert.equal((await deleteKey(t, keys[0]!.id)).statusCode, 204);
    await createdKey(t, { owner: { id: sa } });
    assertFailure(await createKey(t, { owner: { id: sa } }), orgQuota);
  });

  it('still counts expired keys until they are deleted', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const expiring = await createdKey(t, { owner: { id: sa }, expires_at: day(t) });
    for (let i = 2; i < QUOTA; i++) await createdKey(t, { owner: { id: sa } });
    t.clock.advanceDays(1);
    assertFailure(await createKey(t, { owner: { id: sa } }), orgQuota);
    assert.equal((await deleteKey(t, expiring.id)).statusCode, 204);
    await createdKey(t, { owner: { id: sa } });
  });

  it('admits exactly 3 of 20 concurrent creates when 3 slots are left', async () => {
    const { t } = ctx;
    const owners = [await newServiceAccount(t), await newServiceAccount(t), t.admin.principalId];
    await createdKey(t, { owner: { id: owners[0]! } });
    assert.equal((await liveKeys(ctx)).length, 2);

    const responses = await createMany(ctx, 20, owners);
    assert.deepEqual(tally(responses), { 202: 3, 402: 17 });
    for (const res of responses.filter((r) => r.statusCode === 402)) assertFailure(res, orgQuota);
    const admitted = responses.filter((r) => r.statusCode === 202).map((r) => r.json().id as string).sort();
    const stored = (await liveKeys(ctx)).map((k) => k.id);
    assert.equal(stored.length, QUOTA);
    for (const id of admitted) assert.ok(stored.includes(id), `${id} is stored`);
    assert.equal((await auditRows(ctx, 'api_key.create')).length, 4);
  });
}, { KEYWARD_APIKEYS_PER_ORG: String(QUOTA) });

eachDialect('POST /iam/v2/api-keys with KEYWARD_APIKEYS_PER_OWNER=5', (ctx: Ctx) => {
  const ownerQuota = (owner: string) =>
    ({ status: 402, code: 'quota_exceeded', detail: new RegExp(`owner '${owner}' \\(apikeys_per_owner\\) is currently limited to 5\\b`) });

  it('answers 402 on an owner\'s sixth key while other owners can still create', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    for (let i = 0; i < QUOTA; i++) await createdKey(t, { owner: { id: sa } });
    assertFailure(await createKey(t, { owner: { id: sa } }), ownerQuota(sa));
    assert.equal((await liveKeys(ctx)).filter((k) => k.ownerId === sa).length, QUOTA);
    await createdKey(t, { owner: { id: await newServiceAccount(t) } });
  });

  it('frees an owner\'s slot when one of its keys is deleted, and counts its expired keys', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const first = await createdKey(t, { owner: { id: sa }, expires_at: day(t) });
    for (let i = 1; i < QUOTA; i++) await createdKey(t, { owner: { id: sa } });
    t.clock.advanceDays(1);
    assertFailure(await createKey(t, { owner: { id: sa } }), ownerQuota(sa));
    assert.equal((await deleteKey(t, first.id)).statusCode, 204);
    await createdKey(t, { owner: { id: sa } });
  });

  it('admits exactly 5 of 20 concurrent creates for one owner', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const responses = await createMany(ctx, 20, [sa]);
    assert.deepEqual(tally(responses), { 202: 5, 402: 15 });
    for (const res of responses.filter((r) => r.statusCode === 402)) assertFailure(res, ownerQuota(sa));
    assert.equal((await liveKeys(ctx)).filter((k) => k.ownerId === sa).length, QUOTA);
  });
}, { KEYWARD_APIKEYS_PER_OWNER: String(QUOTA) });
