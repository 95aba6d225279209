// Unknown key ids and wrong secrets must cost the same, or timing tells a guesser which ids exist.
// Every path does one cache lookup (the known id's credential, or the remembered unknown id), one
// fingerprint and one HMAC, each with a constant-time compare (against decoys for the unknown id).
// A wrong secret is timed on a key whose right secret was never seen and on one whose right secret
// was (its fingerprint is remembered, SecretHasher.verifyRemembered), against an unknown id.
// Measured on the in-process Verifier: interleaved, medians, up to three attempts on a busy machine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyId } from '../../src/core/key-material.js';
import type { Verifier } from '../../src/core/verifier.js';
import type { Credentials } from '../helpers/test-app.js';
import { flip, verifierFixture, type VerifierFixture } from './verifier-fixture.js';

const ITERATIONS = 2000;
const MAX_DIFFERENCE_NS = 5000;
// Stricter than the bound: a path that skipped the HMAC (two hashes, 0.7–1.2 µs here)
// must fail. Measured differences are 5–90 ns.
const SAME_WORK_NS = 500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(verifier: Verifier, keyId: string, secret: string, expected: string): Promise<number> {
  const start = process.hrtime.bigint();
  const answer = await verifier.verify(keyId, secret, 'cloud');
  const elapsed = Number(process.hrtime.bigint() - start);
  assert.ok(!answer.valid && answer.reason === expected);
  return elapsed;
}

describe('unknown key vs wrong secret timing', () => {
  let f: VerifierFixture;
  let key: Credentials;

  before(async () => {
    f = await verifierFixture();
    key = await f.t.createServiceAccountWithKey('timing');
  });
  after(async () => f.close());

  it(`differ by less than ${MAX_DIFFERENCE_NS / 1000} µs in median over ${ITERATIONS} interleaved verifications`, async () => {
    const verifier = await f.verifier();
    const seen = await f.t.createServiceAccountWithKey('timing-seen');
    assert.ok((await verifier.verify(seen.keyId, seen.secret, 'cloud')).valid);
    assert.ok((await verifier.verify(seen.keyId, seen.secret, 'cloud')).valid);
    assert.ok(verifier.cache.peek(seen.keyId)?.verifiedFingerprint, 'the right secret of one key is remembered');
    const cases: [string, string, string][] = [
      [generateKeyId(), key.secret, 'unknown_key'],
      [key.keyId, flip(key.secret), 'wrong_secret'],
      [seen.keyId, flip(seen.secret), 'wrong_secret'],
    ];
    // Warm the ids in the cache, and the code paths in the JIT.
    for (let i = 0; i < 500; i++) for (const [id, secret, reason] of cases) await timed(verifier, id, secret, reason);
    assert.equal(verifier.cache.peek(key.keyId)?.verifiedFingerprint, undefined, 'the other key\'s secret never was');
    const loads = verifier.cache.stats().loads;
    let difference = Infinity;
    for (let attempt = 1; attempt <= 3 && difference >= SAME_WORK_NS; attempt++) {
      const samples = cases.map(() => [] as number[]);
      for (let i = 0; i < ITERATIONS; i++) {
        // Rotate which goes first, so that none always follows another.
        for (let k = 0; k < cases.length; k++) {
          const c = (i + k) % cases.length;
          const [id, secret, reason] = cases[c]!;
          samples[c]!.push(await timed(verifier, id, secret, reason));
        }
      }
      const medians = samples.map(median);
      difference = Math.max(...medians) - Math.min(...medians);
      console.log(`attempt ${attempt}: median unknown_key ${(medians[0]! / 1000).toFixed(2)} µs, wrong_secret ${(medians[1]! / 1000).toFixed(2)} µs, `
        + `wrong_secret on a key whose secret was seen ${(medians[2]! / 1000).toFixed(2)} µs, largest difference ${(difference / 1000).toFixed(3)} µs`);
    }
    assert.equal(verifier.cache.stats().loads, loads, 'all were answered from the cache');
    assert.ok(difference < MAX_DIFFERENCE_NS, `median difference ${difference} ns`);
    assert.ok(difference < SAME_WORK_NS, `median difference ${difference} ns: one path does less work than another`);
  });
});
