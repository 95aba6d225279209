// Key ids and secrets come from a pooled CSPRNG: they must stay well-formed, distinct and uniform.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyId, generateSecret, isWellFormedSecret, KEY_ID_PATTERN } from '../../src/core/key-material.js';

/** Largest relative deviation of any symbol's count from the uniform expectation. */
function worstDeviation(strings: string[], alphabet: string): number {
  const counts = new Map([...alphabet].map((c) => [c, 0]));
  let total = 0;
  for (const s of strings) for (const c of s) { counts.set(c, (counts.get(c) ?? 0) + 1); total++; }
  assert.equal(counts.size, alphabet.length, 'no symbol outside the alphabet');
  const expected = total / alphabet.length;
  return Math.max(...[...counts.values()].map((n) => Math.abs(n - expected) / expected));
}

describe('key material', () => {
  it('key ids: 16 of [A-Z0-9], distinct, every symbol about equally often', () => {
    const ids = Array.from({ length: 30_000 }, generateKeyId);
    for (const id of ids) assert.match(id, KEY_ID_PATTERN);
    assert.equal(new Set(ids).size, ids.length);
    // 480,000 symbols over 36: about 13,333 each, standard deviation about 114 (0.9%).
    assert.ok(worstDeviation(ids, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') < 0.05);
  });

  it("secrets: Confluent's cflt format with a valid checksum, distinct, uniform over their 64 symbols", () => {
    const secrets = Array.from({ length: 10_000 }, generateSecret);
    for (const secret of secrets) assert.ok(isWellFormedSecret(secret), secret);
    assert.equal(new Set(secrets).size, secrets.length);
    const bodies = secrets.map((s) => s.slice(4, 58));
    assert.ok(worstDeviation(bodies, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') < 0.05);
  });
});
