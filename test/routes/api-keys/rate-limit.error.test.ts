// The api-keys routes under KEYWARD_RATE_LIMIT_PER_MINUTE=3: the X-RateLimit-* headers count down,
// the 4th request is 429 with Retry-After, and the limit is per credential. (Confluent documents 429
// without a body; keyward sends a Failure anyway, so 429s are not contract-checked.)
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertFailure, assertRateLimitHeaders, createKey, eachDialect, getKey, liveKeys, listKeys, newServiceAccount,
  type Ctx, type Res,
} from './fixtures.js';

const LIMIT = 3;

function assertRateLimited(res: Res): void {
  assertFailure(res, { status: 429, code: 'too_many_requests', detail: /3 requests per minute/ });
  assert.equal(Number(res.headers['x-ratelimit-limit']), LIMIT);
  assert.equal(Number(res.headers['x-ratelimit-remaining']), 0);
  const retryAfter = Number(res.headers['retry-after']);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${res.headers['retry-after']}`);
  assert.equal(Number(res.headers['x-ratelimit-reset']), retryAfter);
}

eachDialect('api-keys routes with KEYWARD_RATE_LIMIT_PER_MINUTE=3', (ctx: Ctx) => {
  it('counts X-RateLimit-Remaining down to 0 and answers the 4th request 429 with Retry-After', async () => {
    const { t } = ctx;
    const remaining: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const res = await listKeys(t);
      assert.equal(res.statusCode, 200, res.body);
      assertRateLimitHeaders(res, LIMIT);
      remaining.push(Number(res.headers['x-ratelimit-remaining']));
    }
    assert.deepEqual(remaining, [2, 1, 0]);
    assertRateLimited(await listKeys(t));
    assertRateLimited(await getKey(t, t.admin.keyId));
  });

  it('refuses a rate-limited create before it writes anything', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    for (let i = 1; i < LIMIT; i++) assert.equal((await listKeys(t)).statusCode, 200);
    assertRateLimited(await createKey(t, { owner: { id: sa } }));
    assert.deepEqual((await liveKeys(ctx)).map((k) => k.id), [t.admin.keyId]);
  });

  it('limits each credential separately', async () => {
    const { t } = ctx;
    const user = await t.createUserWithKey();
    // createUserWithKey made two admin requests; one more exhausts the admin key.
    assert.equal((await listKeys(t)).statusCode, 200);
    assertRateLimited(await listKeys(t));
    const res = await listKeys(t, '', user);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(Number(res.headers['x-ratelimit-remaining']), LIMIT - 1);
  });
}, { KEYWARD_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
