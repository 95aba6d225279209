// SecretHasher spells HMAC-SHA-256 out over one-shot hashes: it must equal node:crypto's HMAC for
// every key and secret length, or every stored key would stop verifying. verifyRemembered takes a
// secret seen before after one hash: it must still accept nothing else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { generateSecret, SecretHasher, type SeenSecret } from '../../src/core/key-material.js';

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

  describe('verifyRemembered', () => {
    const fresh = (): SeenSecret => ({ verifiedFingerprint: undefined });
    // Read through a function: assert.equal(…, undefined) would narrow the property for good.
    const fingerprintIn = (seen: SeenSecret): string | undefined => seen.verifiedFingerprint;

    it('remembers the fingerprint of a secret that matched, and then accepts that secret only', () => {
      const hasher = new SecretHasher(randomBytes(32));
      const secret = generateSecret();
      const stored = hasher.hash(secret);
      const seen = fresh();
      assert.equal(hasher.verifyRemembered(secret.slice(0, -1) + '?', stored, seen), false);
      assert.equal(fingerprintIn(seen), undefined, 'a failure remembers nothing');
      assert.equal(hasher.verifyRemembered(secret, stored, seen), true);
      const remembered = fingerprintIn(seen);
      assert.equal(remembered?.length, 32);
      for (let i = 0; i < 3; i++) assert.equal(hasher.verifyRemembered(secret, stored, seen), true);
      for (const wrong of [secret.slice(0, -1), `${secret}x`, '', generateSecret()]) {
        assert.equal(hasher.verifyRemembered(wrong, stored, seen), false, `"${wrong}"`);
      }
      assert.equal(fingerprintIn(seen), remembered, 'wrong secrets leave the fingerprint as it was');
    });

    it('never accepts a secret for an unknown key, whatever fingerprint is remembered', () => {
      const hasher = new SecretHasher(randomBytes(32));
      const secret = generateSecret();
      const seen = fresh();
      assert.equal(hasher.verifyRemembered(secret, hasher.hash(secret), seen), true);
      // A key deleted since: its credential is gone, the entry's fingerprint must not stand in for it.
      assert.equal(hasher.verifyRemembered(secret, undefined, seen), false);
    });

    it('keeps a hash of the secret, not the secret, under a prefix of its own', () => {
      const key = randomBytes(32);
      const secret = generateSecret();
      const fingerprintBy = (hasher: SecretHasher): string => {
        const seen = fresh();
        assert.equal(hasher.verifyRemembered(secret, hasher.hash(secret), seen), true);
        const fingerprint = fingerprintIn(seen);
        assert.ok(fingerprint);
        return fingerprint;
      };
      const one = fingerprintBy(new SecretHasher(key));
      const two = fingerprintBy(new SecretHasher(key));
      assert.notEqual(one, two, 'another process (hasher) fingerprints the same secret differently');
      assert.ok(!one.includes(secret.slice(4, 20)));
      assert.notEqual(Buffer.from(one, 'latin1').toString('hex'), createHmac('sha256', key).update(secret).digest('hex'));
    });
  });
});
