// Unknown key ids and wrong secrets must cost the same, or timing tells a guesser which ids exist.
// Both paths do one cache lookup (the known id's credential, or the remembered unknown id), one
// HMAC and one constant-time compare (against a decoy hash for the unknown id). Measured on the
// in-process Verifier: interleaved, medians, up to three attempts on a busy machine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyId } from '../../src/core/key-material.js';
import type { Verifier } from '../../src/core/verifier.js';
import type { Credentials } from '../helpers/test-app.js';
import { flip, verifierFixture, type VerifierFixture } from './verifier-fixture.js';

const ITERATIONS = 2000;
const MAX_DIFFERENCE_NS = 5000;

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
    const unknownId = generateKeyId();
    const wrongSecret = flip(key.secret);
    // Warm both ids in the cache, and the code paths in the JIT.
    for (let i = 0; i < 500; i++) {
      await timed(verifier, key.keyId, wrongSecret, 'wrong_secret');
      await timed(verifier, unknownId, key.secret, 'unknown_key');
    }
    const loads = verifier.cache.stats().loads;
    let difference = Infinity;
    for (let attempt = 1; attempt <= 3 && difference >= MAX_DIFFERENCE_NS; attempt++) {
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        // Alternate which goes first, so neither always follows the other.
        if (i % 2 === 0) {
          unknown.push(await timed(verifier, unknownId, key.secret, 'unknown_key'));
          wrong.push(await timed(verifier, key.keyId, wrongSecret, 'wrong_secret'));
        } else {
          wrong.push(await timed(verifier, key.keyId, wrongSecret, 'wrong_secret'));
          unknown.push(await timed(verifier, unknownId, key.secret, 'unknown_key'));
        }
      }
      difference = Math.abs(median(unknown) - median(wrong));
      console.log(`attempt ${attempt}: median unknown_key ${(median(unknown) / 1000).toFixed(2)} µs, ` +
        `wrong_secret ${(median(wrong) / 1000).toFixed(2)} µs, difference ${(difference / 1000).toFixed(3)} µs`);
    }
    assert.equal(verifier.cache.stats().loads, loads, 'both were answered from the cache');
    assert.ok(difference < MAX_DIFFERENCE_NS, `median difference ${difference} ns`);
  });
});
