// SecretHasher spells HMAC-SHA-256 out over one-shot hashes: it must equal node:crypto's HMAC for
// every key and secret length, or every stored key would stop verifying.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { generateSecret, SecretHasher } from '../../src/core/key-material.js';

const hmac = (key: Buffer, secret: string) => createHmac('sha256', key).update(secret, 'utf8').digest();

describe('SecretHasher', () => {
  for (const keyLength of [32, 64, 65, 100]) {
    it(`equals HMAC-SHA-256 under a ${keyLength}-byte key, for short, block-sized, long and non-ASCII secrets`, () => {
      const key = randomBytes(keyLength);
      const hasher = new SecretHasher(key);
      const secrets = ['', 'a', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(65), generateSecret(), 'é€😀'.repeat(40), 'y'.repeat(5000), 'short again'];
      for (const secret of secrets) assert.deepEqual(hasher.hash(secret), hmac(key, secret), `secret of ${secret.length} characters`);
    });
  }

  it('returns a fresh buffer each time (callers keep them)', () => {
    const hasher = new SecretHasher(randomBytes(32));
    const first = hasher.hash('one');
    const copy = Buffer.from(first);
    hasher.hash('two');
    assert.deepEqual(first, copy);
  });

  it('verifies the right secret only, and never the decoy of unknown keys', () => {
    const hasher = new SecretHasher(randomBytes(32));
    const secret = generateSecret();
    const stored = hasher.hash(secret);
    assert.equal(hasher.verify(secret, stored), true);
    assert.equal(hasher.verify(secret.slice(0, -1), stored), false);
    assert.equal(hasher.verify(secret, undefined), false);
    assert.equal(hasher.verify(secret, Buffer.alloc(5)), false);
  });
});
