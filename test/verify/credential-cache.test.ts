// The credential cache behind the Verifier: bounded, expiring, never caching across a revocation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialCache } from '../../src/core/credential-cache.js';
import { generateKeyId } from '../../src/core/key-material.js';
import type { CredentialRecord } from '../../src/store/records.js';
import type { Credentials } from '../helpers/test-app.js';
import { flip, verifierFixture, type VerifierFixture } from './verifier-fixture.js';

/** The real store, with its reads counted and, on demand, held until released. */
class CountingSource {
  reads = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  constructor(private readonly inner: { getCredential(id: string): Promise<CredentialRecord | undefined> }) {}

  hold(): void {
    this.gate = new Promise((resolve) => { this.open = resolve; });
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async getCredential(id: string): Promise<CredentialRecord | undefined> {
    this.reads++;
    const record = await this.inner.getCredential(id);
    await this.gate;
    return record;
  }
}

describe('CredentialCache', () => {
  let f: VerifierFixture;
  let keys: Credentials[];

  before(async () => {
    f = await verifierFixture();
    const owner = await f.t.createServiceAccountWithKey('cache-owner');
    keys = [owner];
    for (let i = 0; i < 29; i++) keys.push(await f.t.createKey(owner.principalId));
  });
  after(async () => f.close());

  it('keeps at most its maximum of credentials, least recently used out first', async () => {
    const verifier = await f.verifier({ cacheSize: 10 });
    for (const key of keys) assert.equal((await verifier.verify(key.keyId, key.secret, 'cloud')).valid, true);
    assert.equal(verifier.cache.stats().entries, 10);
    // The last ten are cached; the first one was pushed out and is read again.
    const loads = verifier.cache.stats().loads;
    await verifier.verify(keys[29]!.keyId, keys[29]!.secret, 'cloud');
    assert.equal(verifier.cache.stats().loads, loads);
    await verifier.verify(keys[0]!.keyId, keys[0]!.secret, 'cloud');
    assert.equal(verifier.cache.stats().loads, loads + 1);
    assert.equal(verifier.cache.stats().entries, 10);
  });

  it('reads a credential again after its TTL, the backstop for anything a feed missed', async () => {
    let now = 0;
    const source = new CountingSource(f.t.store);
    const cache = new CredentialCache(source, { maxEntries: 10, ttlMs: 30_000, now: () => now, live: true });
    const id = keys[1]!.keyId;
    await cache.getCredential(id);
    now += 29_999;
    await cache.getCredential(id);
    assert.equal(source.reads, 1);
    now += 1;
    await cache.getCredential(id);
    assert.equal(source.reads, 2);
  });

  it('remembers unknown ids in a small separate LRU, so they cannot push out known keys', async () => {
    const source = new CountingSource(f.t.store);
    const cache = new CredentialCache(source, { maxEntries: 100, ttlMs: 30_000, live: true });
    assert.equal(cache.stats().maxNegativeEntries, 16);
    await cache.getCredential(keys[2]!.keyId);
    const unknown = generateKeyId();
    await cache.getCredential(unknown);
    await cache.getCredential(unknown);
    assert.equal(source.reads, 2, 'a repeated unknown id is answered from memory');
    for (let i = 0; i < 100; i++) await cache.getCredential(generateKeyId());
    assert.deepEqual([cache.stats().entries, cache.stats().negativeEntries], [1, 16]);
  });

  it('shares one store read among concurrent misses of the same id', async () => {
    const source = new CountingSource(f.t.store);
    const cache = new CredentialCache(source, { maxEntries: 10, ttlMs: 30_000, live: true });
    source.hold();
    const answers = Array.from({ length: 10 }, () => cache.getCredential(keys[3]!.keyId));
    source.release();
    for (const answer of await Promise.all(answers)) assert.equal(answer?.key.id, keys[3]!.keyId);
    assert.equal(source.reads, 1);
  });

  it('answers but does not remember a read that overlapped a revocation, and starts a new read after it', async () => {
    const source = new CountingSource(f.t.store);
    const cache = new CredentialCache(source, { maxEntries: 10, ttlMs: 30_000, live: true });
    const id = keys[4]!.keyId;
    source.hold();
    const overlapping = cache.getCredential(id);
    await new Promise((r) => setImmediate(r));
    cache.revoke({ type: 'api_key', id });
    source.release();
    assert.equal((await overlapping)?.key.id, id);
    assert.equal(cache.stats().entries, 0, 'the overlapping read is not remembered');

    source.hold();
    const older = cache.getCredential(id);
    await new Promise((r) => setImmediate(r));
    cache.revoke({ type: 'api_key', id });
    const newer = cache.getCredential(id);
    source.release();
    await Promise.all([older, newer]);
    assert.equal(source.reads, 3, 'a request after the revocation does not join the older read');
    assert.equal(cache.stats().entries, 1, 'the read that started after the revocation is remembered');
  });

  it('forgets an owner\'s keys, and everything on a reset; caches nothing while the feed is down', async () => {
    const source = new CountingSource(f.t.store);
    const cache = new CredentialCache(source, { maxEntries: 100, ttlMs: 30_000, live: true });
    for (const key of keys.slice(0, 5)) await cache.getCredential(key.keyId);
    cache.revoke({ type: 'owner', id: 'sa-somebodyelse' });
    assert.equal(cache.stats().entries, 5);
    cache.revoke({ type: 'owner', id: keys[0]!.principalId });
    assert.equal(cache.stats().entries, 0);
    await cache.getCredential(keys[0]!.keyId);
    cache.revoke({ type: 'reset', live: false });
    assert.equal(cache.stats().entries, 0);
    await cache.getCredential(keys[0]!.keyId);
    await cache.getCredential(keys[0]!.keyId);
    assert.equal(cache.stats().entries, 0);
    cache.revoke({ type: 'reset', live: true });
    await cache.getCredential(keys[0]!.keyId);
    assert.equal(cache.stats().entries, 1);
  });

  it('caches nothing before the Verifier is started (it would not hear revocations yet)', async () => {
    const { Verifier } = await import('../../src/core/verifier.js');
    const verifier = new Verifier(f.t.store, f.hasher);
    await verifier.verify(keys[5]!.keyId, keys[5]!.secret, 'cloud');
    assert.equal(verifier.cache.stats().entries, 0);
    await verifier.start();
    await verifier.verify(keys[5]!.keyId, flip(keys[5]!.secret), 'cloud');
    assert.equal(verifier.cache.stats().entries, 1);
    await verifier.close();
  });
});
