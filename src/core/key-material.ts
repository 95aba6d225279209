// Key ids, secrets and their hashes. Secrets carry over 300 bits of CSPRNG randomness, so a fast
// keyed hash (HMAC-SHA-256) is as safe as a slow password hash here: nobody can enumerate 2^300
// candidates, and the HMAC key (kept outside the database) makes a stolen table useless offline.
import { hash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SECRET_PREFIX = 'cflt';
const SECRET_BODY_LENGTH = 54;

export const KEY_ID_PATTERN = /^[A-Z0-9]{16}$/;
const CURRENT_SECRET_PATTERN = /^cflt[A-Za-z0-9+/]{60}$/;
const LEGACY_SECRET_PATTERN = /^[A-Za-z0-9+/]{64}$/;

// Random bytes for ids and secrets, drawn from the CSPRNG a few kilobytes at a time: a small
// randomBytes() call costs about as much as a large one (over 5 µs here), and a create needs two.
// Each byte is handed out once; the pool is refilled when used up.
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomByte(): number {
  if (poolOffset === POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** A uniformly random index below `n` (at most 256), rejecting the bytes that would bias it. */
function randomIndex(n: number): number {
  const limit = 256 - (256 % n);
  for (;;) {
    const byte = randomByte();
    if (byte < limit) return byte % n;
  }
}

export function generateKeyId(): string {
  let id = '';
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[randomIndex(ID_ALPHABET.length)];
  return id;
}

/** Confluent's current format: `cflt` + 54 random characters + base64 of their CRC32 (LE), unpadded. */
export function generateSecret(): string {
  // 64 symbols divide 256 evenly, so no byte is rejected.
  let body = '';
  for (let i = 0; i < SECRET_BODY_LENGTH; i++) body += SECRET_ALPHABET[randomIndex(SECRET_ALPHABET.length)];
  return SECRET_PREFIX + body + secretChecksum(body);
}

function secretChecksum(body: string): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32(body) >>> 0);
  return sum.toString('base64').slice(0, 6);
}

/** True for a current-format secret with a valid checksum, or a legacy 64-character secret. */
export function isWellFormedSecret(secret: string): boolean {
  if (CURRENT_SECRET_PATTERN.test(secret)) {
    const body = secret.slice(SECRET_PREFIX.length, SECRET_PREFIX.length + SECRET_BODY_LENGTH);
    return secret.endsWith(secretChecksum(body));
  }
  return LEGACY_SECRET_PATTERN.test(secret);
}

const SHA256_BLOCK = 64;

/**
 * Where a caller keeps, beside a stored hash, the fingerprint of the secret that last matched it
 * (see {@link SecretHasher.verifyRemembered}). Lives as long as that stored hash is cached.
 */
export interface SeenSecret {
  verifiedFingerprint: string | undefined;
}

/**
 * HMAC-SHA-256 (RFC 2104) of secrets under the server's key. Spelled out over node:crypto's
 * one-shot `hash`, with the key's two padded blocks computed once: `createHmac` builds a key
 * object and a stateful hasher on every call (2.49 µs against 2.06 µs per hash in a loop here).
 *
 * Digests are taken as latin1 strings and written back into reused buffers. Asked for a
 * Buffer, node:crypto (Node 20) allocates a fresh backing store per digest, and that costs more
 * than the hashing: HMAC plus compare took 5.3–6.0 µs that way against 2.3–3.1 µs this way, in
 * alternating loops on the reference VM. latin1 maps each byte to one character and back, so
 * the digest is the same bytes.
 */
export class SecretHasher {
  // Compared against when a key id is unknown, so that path costs the same as a wrong secret.
  private readonly decoy: Buffer;
  // The inner block (key ⊕ ipad) followed by the message, the outer one (key ⊕ opad) followed by
  // the inner digest, and the final digest: reused between calls, which never overlap
  // (everything here is synchronous).
  private inner: Buffer;
  private readonly outer: Buffer;
  private readonly digest = Buffer.alloc(32);
  // Fingerprints are SHA-256 of the secret after this random prefix (384 bits, base64), made for
  // this process and never stored, so they mean nothing outside it (verifyRemembered).
  private readonly fingerprintPrefix = randomBytes(48).toString('base64');
  private readonly decoyFingerprint = randomBytes(32).toString('latin1');
  private readonly fingerprint = Buffer.alloc(32);
  private readonly rememberedFingerprint = Buffer.alloc(32);

  constructor(hashKey: Buffer) {
    const key = Buffer.alloc(SHA256_BLOCK);
    (hashKey.length > SHA256_BLOCK ? hash('sha256', hashKey, 'buffer') : hashKey).copy(key);
    this.inner = Buffer.alloc(SHA256_BLOCK + 256);
    this.outer = Buffer.alloc(SHA256_BLOCK + 32);
    for (let i = 0; i < SHA256_BLOCK; i++) {
      this.inner[i] = key[i]! ^ 0x36;
      this.outer[i] = key[i]! ^ 0x5c;
    }
    this.decoy = this.hash(generateSecret());
  }

  /** The HMAC of `secret`, to store. */
  hash(secret: string): Buffer {
    return Buffer.from(this.digestOf(secret));
  }

  /** Constant-time check; pass `undefined` for an unknown key to spend the same work. */
  verify(secret: string, storedHash: Buffer | undefined): boolean {
    const candidate = this.digestOf(secret);
    const expected = storedHash && storedHash.length === candidate.length ? storedHash : this.decoy;
    return timingSafeEqual(candidate, expected) && expected !== this.decoy;
  }

  /**
   * {@link verify}, in one hash instead of the HMAC's two for a secret that matched `storedHash`
   * before. `seen` is kept beside `storedHash` by the caller (the credential cache's entry): a
   * match leaves there the secret's fingerprint, one SHA-256 of it after this process's random
   * prefix, and a secret with that fingerprint is the same secret. Nothing that could give the
   * secret back is kept: the fingerprint is a hash of over 300 random bits, as the HMAC is.
   *
   * Every other call, and so every failure, pays for the fingerprint and its constant-time
   * compare and then the HMAC: unknown keys and wrong secrets cost the same as before against
   * each other, whether or not the key's secret was seen. Only the holder of the right secret
   * is answered sooner, and that tells them nothing they do not know.
   */
  verifyRemembered(secret: string, storedHash: Buffer | undefined, seen: SeenSecret): boolean {
    // A string, not the prefix and secret written into a buffer: no view is made per call.
    const fingerprint = hash('sha256', this.fingerprintPrefix + secret, 'binary');
    const remembered = storedHash !== undefined && seen.verifiedFingerprint !== undefined ? seen.verifiedFingerprint : this.decoyFingerprint;
    this.fingerprint.write(fingerprint, 0, 'binary');
    this.rememberedFingerprint.write(remembered, 0, 'binary');
    if (timingSafeEqual(this.fingerprint, this.rememberedFingerprint) && remembered !== this.decoyFingerprint) return true;
    const matches = this.verify(secret, storedHash);
    if (matches) seen.verifiedFingerprint = fingerprint;
    return matches;
  }

  /** The HMAC of `secret` in the reused digest buffer: valid until the next call. */
  private digestOf(secret: string): Buffer {
    const length = Buffer.byteLength(secret, 'utf8');
    if (SHA256_BLOCK + length > this.inner.length) {
      const larger = Buffer.alloc(SHA256_BLOCK + length);
      this.inner.copy(larger, 0, 0, SHA256_BLOCK);
      this.inner = larger;
    }
    this.inner.write(secret, SHA256_BLOCK, 'utf8');
    // 'binary' is Node's alias of latin1 (the name @types/node accepts for a digest's encoding).
    this.outer.write(hash('sha256', this.inner.subarray(0, SHA256_BLOCK + length), 'binary'), SHA256_BLOCK, 'binary');
    this.digest.write(hash('sha256', this.outer, 'binary'), 0, 'binary');
    return this.digest;
  }
}
