// GET /iam/v2/api-keys, beyond the shared auth matrix: ordinary users see only their own keys, and a
// page token works only for the caller and the filters it was issued for.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_KEYS, assertFailure, assertNoSecret, assertOk, createdKey, eachDialect, idsOf, listKeys, newServiceAccount,
  type Credentials, type Ctx,
} from './fixtures.js';

/** A page_token from the first page of `query` as `as`, with enough keys for a second page. */
async function tokenFor(ctx: Ctx, query: string, as?: Credentials): Promise<string> {
  const res = await listKeys(ctx.t, query, as);
  assertOk(res, 200);
  const next = res.json().metadata.next as string | undefined;
  assert.ok(next, `a next link for ${query}`);
  return new URL(next).searchParams.get('page_token')!;
}

async function userWithKeys(ctx: Ctx, count: number): Promise<Credentials & { ids: string[] }> {
  const user = await ctx.t.createUserWithKey();
  const ids = [user.keyId];
  for (let i = 1; i < count; i++) ids.push((await createdKey(ctx.t, { owner: { id: user.principalId } })).id);
  return { ...user, ids: ids.sort() };
}

eachDialect('GET /iam/v2/api-keys security', (ctx: Ctx) => {
  it("shows an ordinary user its own keys only, never another owner's", async () => {
    const { t } = ctx;
    const user = await userWithKeys(ctx, 3);
    const sa = await newServiceAccount(t);
    await createdKey(t, { owner: { id: sa } });
    const res = await listKeys(t, '?page_size=100&show_expired=true', user);
    assertOk(res, 200);
    assert.deepEqual(idsOf(res), user.ids);
    assert.deepEqual(idsOf(await listKeys(t, `?spec.owner=${user.principalId}`, user)), user.ids);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.resource=cloud', user)), user.ids);
  });

  it("answers an ordinary user's spec.owner=<other> with an empty list, not an error", async () => {
    const { t } = ctx;
    const user = await userWithKeys(ctx, 1);
    const sa = await newServiceAccount(t);
    await createdKey(t, { owner: { id: sa } });
    for (const other of [sa, t.admin.principalId]) {
      const res = await listKeys(t, `?spec.owner=${other}`, user);
      assertOk(res, 200);
      assert.deepEqual(res.json().data, []);
      assert.ok(!('next' in res.json().metadata));
    }
  });

  it('never carries a secret', async () => {
    const { t } = ctx;
    const user = await userWithKeys(ctx, 2);
    for (const as of [undefined, user]) assertNoSecret((await listKeys(t, '?page_size=100&show_expired=true', as)).body, user.secret);
  });

  it("refuses another caller's page token with 400", async () => {
    const { t } = ctx;
    const user = await userWithKeys(ctx, 3);
    const adminToken = await tokenFor(ctx, '?page_size=1');
    assertFailure(await listKeys(t, `?page_size=1&page_token=${adminToken}`, user), { status: 400, code: 'invalid_page_token', parameter: 'page_token' });
    const userToken = await tokenFor(ctx, '?page_size=1', user);
    assertFailure(await listKeys(t, `?page_size=1&page_token=${userToken}`), { status: 400, code: 'invalid_page_token', parameter: 'page_token' });
    assertOk(await listKeys(t, `?page_size=1&page_token=${userToken}`, user), 200);
  });

  it('refuses a page token replayed with other filters', async () => {
    const { t } = ctx;
    const user = await userWithKeys(ctx, 3);
    const token = await tokenFor(ctx, `?page_size=1&spec.owner=${user.principalId}`);
    for (const query of ['', '&spec.owner=sa-other1', `&spec.owner=${user.principalId}&spec.resource=cloud`,
      `&spec.owner=${user.principalId}&show_expired=true`]) {
      const res = await listKeys(t, `?page_size=1&page_token=${token}${query}`);
      assertFailure(res, { status: 400, code: 'invalid_page_token', parameter: 'page_token' });
    }
    assertOk(await listKeys(t, `?page_size=1&page_token=${token}&spec.owner=${user.principalId}`), 200);
  });

  it('refuses a tampered page token', async () => {
    const { t } = ctx;
    await userWithKeys(ctx, 3);
    const token = await tokenFor(ctx, '?page_size=1');
    const [payload, mac] = token.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = Buffer.from('0', 'utf8').toString('base64url');
    const tamperedTokens = [flip(token, 0), flip(token, payload.length + 1), flip(token, token.length - 2),
      `${forged}.${mac}`, `${payload}.${mac}.x`, payload, `${payload}.`, `.${mac}`];
    for (const tampered of tamperedTokens) {
      const res = await listKeys(t, `?page_size=1&page_token=${encodeURIComponent(tampered)}`);
      assertFailure(res, { status: 400, code: 'invalid_page_token', parameter: 'page_token' });
    }
    assert.equal((await t.request({ method: 'GET', url: `${API_KEYS}?page_size=1&page_token=${token}` })).statusCode, 200);
  });

  it('refuses a page token whose last character was changed (a non-canonical spelling of the same signature)', async () => {
    const { t } = ctx;
    await userWithKeys(ctx, 3);
    const token = await tokenFor(ctx, '?page_size=1');
    // The last base64url character of a 16-byte MAC carries 4 unused bits: 'A' and 'B' there decode
    // to the same bytes. A tamper-proof token must still refuse any token it did not issue.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1)!) ^ 1];
    assert.notEqual(respelled, token);
    const res = await listKeys(t, `?page_size=1&page_token=${encodeURIComponent(respelled)}`);
    assertFailure(res, { status: 400, code: 'invalid_page_token', parameter: 'page_token' });
  });
});
