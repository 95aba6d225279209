// Failed verifications are limited per key id and per source address, on /keyward/v1/authenticate,
// /keyward/v1/verify and the management API's authentication, so none of them is a guessing oracle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyId } from '../../src/core/key-material.js';
import { FailureLimiter } from '../../src/core/failure-limiter.js';
import { basicAuth, createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

const LIMIT = 5;
const AUTHENTICATE = '/keyward/v1/authenticate';

function flip(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
}

let address = 0;
/** A fresh, non-loopback source address (TEST-NET-3). */
const newAddress = () => `203.0.113.${++address}`;

function assertTooMany(res: { statusCode: number; headers: Record<string, unknown>; body: string; json(): any }): void {
  assert.equal(res.statusCode, 429, res.body);
  const retryAfter = Number(res.headers['retry-after']);
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${res.headers['retry-after']}`);
  assert.equal(res.headers['x-ratelimit-limit'], String(LIMIT));
  assert.equal(res.headers['x-ratelimit-remaining'], '0');
  assert.equal(res.json().errors[0].code, 'too_many_requests');
}

describe('failed-verification limits (sqlite)', () => {
  let t: TestApp;
  let key: Credentials;

  before(async () => {
    t = await createTestApp('sqlite', { KEYWARD_VERIFY_FAILURES_PER_MINUTE: String(LIMIT) });
    key = await t.createServiceAccountWithKey('limited');
  });
  after(async () => t.close());

  const authenticate = (creds: Credentials, remoteAddress: string) =>
    t.keyward.app.inject({ method: 'GET', url: AUTHENTICATE, remoteAddress, headers: { authorization: basicAuth(creds.keyId, creds.secret) } });

  it('per key id: failures from many addresses use up the key id, then failures on it answer 429', async () => {
    const target = await t.createKey(key.principalId);
    const wrong = { ...target, secret: flip(target.secret) };
    for (let i = 0; i < LIMIT; i++) assert.equal((await authenticate(wrong, newAddress())).statusCode, 401);
    assertTooMany(await authenticate(wrong, newAddress()));
    // Unknown ids count per id too.
    const unknown = { ...target, keyId: generateKeyId() };
    for (let i = 0; i < LIMIT; i++) assert.equal((await authenticate(unknown, newAddress())).statusCode, 401);
    assertTooMany(await authenticate(unknown, newAddress()));
    // Another key id is not affected.
    assert.equal((await authenticate({ ...key, secret: flip(key.secret) }, newAddress())).statusCode, 401);
  });

  it('per key id: the right secret still passes, so nobody can lock a key out by failing on purpose', async () => {
    const target = await t.createKey(key.principalId);
    for (let i = 0; i <= LIMIT; i++) await authenticate({ ...target, secret: flip(target.secret) }, newAddress());
    assertTooMany(await authenticate({ ...target, secret: flip(target.secret) }, newAddress()));
    assert.equal((await authenticate(target, newAddress())).statusCode, 200);
  });

  it('per source address: an address that used up its budget is refused everything, valid keys too', async () => {
    const source = newAddress();
    for (let i = 0; i < LIMIT; i++) {
      assert.equal((await authenticate({ ...key, keyId: generateKeyId() }, source)).statusCode, 401);
    }
    assertTooMany(await authenticate({ ...key, keyId: generateKeyId() }, source));
    assertTooMany(await authenticate(key, source));
    // Other addresses are not affected.
    assert.equal((await authenticate(key, newAddress())).statusCode, 200);
  });

  it('does not count missing or malformed credentials, and exempts loopback peers (a co-located proxy)', async () => {
    const source = newAddress();
    for (let i = 0; i < LIMIT * 2; i++) {
      const res = await t.keyward.app.inject({ method: 'GET', url: AUTHENTICATE, remoteAddress: source, headers: { authorization: 'Bearer x' } });
      assert.equal(res.statusCode, 401);
    }
    assert.equal((await authenticate(key, source)).statusCode, 200);
    for (const loopback of ['127.0.0.1', '::1']) {
      for (let i = 0; i < LIMIT * 2; i++) await authenticate({ ...key, keyId: generateKeyId() }, loopback);
      assert.equal((await authenticate(key, loopback)).statusCode, 200, loopback);
    }
  });

  it('applies to the management API: failed authentication past the budget answers 429 with Retry-After', async () => {
    const source = newAddress();
    const get = (creds: Credentials) => t.keyward.app.inject({
      method: 'GET', url: '/org/v2/environments', remoteAddress: source, headers: { authorization: basicAuth(creds.keyId, creds.secret) },
    });
    for (let i = 0; i < LIMIT; i++) assert.equal((await get({ ...key, keyId: generateKeyId() })).statusCode, 401);
    assertTooMany(await get({ ...key, keyId: generateKeyId() }));
    assertTooMany(await get(key));
    assert.equal((await authenticate(key, source)).statusCode, 429, 'the budget is shared by every endpoint');
  });

  it('applies to /keyward/v1/verify per verified key id and per client_address', async () => {
    const verify = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/keyward/v1/verify', payload });
    const target = await t.createKey(key.principalId);
    for (let i = 0; i < LIMIT; i++) {
      const res = await verify({ api_key: target.keyId, api_secret: flip(target.secret) });
      assert.equal(res.json().reason, 'wrong_secret');
    }
    assertTooMany(await verify({ api_key: target.keyId, api_secret: flip(target.secret) }));
    assert.equal((await verify({ api_key: target.keyId, api_secret: target.secret })).json().valid, true);

    const client = newAddress();
    for (let i = 0; i < LIMIT; i++) {
      assert.equal((await verify({ api_key: generateKeyId(), api_secret: target.secret, client_address: client })).statusCode, 200);
    }
    assertTooMany(await verify({ api_key: key.keyId, api_secret: key.secret, client_address: client }));
    // The calling service itself is not locked out by its clients' failures.
    assert.equal((await verify({ api_key: key.keyId, api_secret: key.secret, client_address: newAddress() })).json().valid, true);
  });
});

describe('FailureLimiter', () => {
  it('resets after the minute, and keeps its memory bounded under a flood of ids and addresses', () => {
    let now = 0;
    const limiter = new FailureLimiter(2, { maxTracked: 1000, now: () => now });
    assert.equal(limiter.recordFailure('AAAAAAAAAAAAAAAA', '198.51.100.1'), undefined);
    assert.equal(limiter.recordFailure('AAAAAAAAAAAAAAAA', '198.51.100.2'), undefined);
    assert.deepEqual(limiter.recordFailure('AAAAAAAAAAAAAAAA', '198.51.100.3'), { limit: 2, resetSeconds: 60 });
    now += 59_500;
    assert.deepEqual(limiter.recordFailure('AAAAAAAAAAAAAAAA', '198.51.100.4'), { limit: 2, resetSeconds: 1 });
    now += 1000;
    assert.equal(limiter.recordFailure('AAAAAAAAAAAAAAAA', '198.51.100.5'), undefined);
    for (let i = 0; i < 50_000; i++) limiter.recordFailure(generateKeyId(), `10.${i >> 16 & 255}.${i >> 8 & 255}.${i & 255}`);
    const tracked = limiter.tracked();
    assert.ok(tracked.keys <= 1000 && tracked.sources <= 1000, JSON.stringify(tracked));
    // Malformed ids share one counter.
    for (let i = 0; i < 3; i++) limiter.recordFailure(`junk-${i}-${'x'.repeat(100)}`, undefined);
    assert.ok(limiter.recordFailure('another junk id', undefined));
  });

  it('is off at 0', () => {
    const limiter = new FailureLimiter(0);
    for (let i = 0; i < 100; i++) assert.equal(limiter.recordFailure('AAAAAAAAAAAAAAAA', '198.51.100.1'), undefined);
    assert.equal(limiter.sourceExhausted('198.51.100.1'), undefined);
  });
});

describe('failed-verification limits behind a trusted proxy (KEYWARD_TRUST_PROXY)', () => {
  let t: TestApp;
  let key: Credentials;

  before(async () => {
    t = await createTestApp('sqlite', { KEYWARD_VERIFY_FAILURES_PER_MINUTE: String(LIMIT), KEYWARD_TRUST_PROXY: '127.0.0.1' });
    key = await t.createServiceAccountWithKey('proxied');
  });
  after(async () => t.close());

  it("counts failures against the client address the proxy forwards, not against the proxy's", async () => {
    const viaProxy = (creds: Credentials, client: string) => t.keyward.app.inject({
      method: 'GET', url: AUTHENTICATE, remoteAddress: '127.0.0.1',
      headers: { authorization: basicAuth(creds.keyId, creds.secret), 'x-forwarded-for': client },
    });
    const guesser = newAddress();
    for (let i = 0; i < LIMIT; i++) assert.equal((await viaProxy({ ...key, keyId: generateKeyId() }, guesser)).statusCode, 401);
    assertTooMany(await viaProxy(key, guesser));
    assert.equal((await viaProxy(key, newAddress())).statusCode, 200, 'other clients of the same proxy are unaffected');
  });
});
