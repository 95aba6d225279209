// A flood of random key ids through the Verifier: every one is a store read and an unknown_key,
// and memory stays bounded: the caches never pass their maximum and the heap does not grow with
// the number of ids.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateKeyId } from '../../src/core/key-material.js';
import type { Credentials } from '../helpers/test-app.js';
import { verifierFixture, type VerifierFixture } from './verifier-fixture.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('a flood of random key ids', () => {
  let f: VerifierFixture;
  let key: Credentials;

  before(async () => {
    f = await verifierFixture();
    key = await f.t.createServiceAccountWithKey('flood');
  });
  after(async () => f.close());

  it('keeps the cache within its maximum and the heap bounded over 200 000 ids', { timeout: 300_000 }, async () => {
    const verifier = await f.verifier({ cacheSize: 1000 });
    const batch = async (n: number) => {
      // 32 at a time, like concurrent requests, so in-flight reads are part of the picture.
      for (let done = 0; done < n; done += 32) {
        await Promise.all(Array.from({ length: 32 }, () => verifier.verify(generateKeyId(), key.secret, 'cloud')));
      }
    };
    await batch(20_000); // reach the steady state (caches full, code optimised)
    const start = heapAfterGc();
    await batch(200_000);
    const growth = heapAfterGc() - start;
    const stats = verifier.cache.stats();
    console.log(`200 000 random ids: heap growth ${(growth / 1048576).toFixed(2)} MiB, cache ${stats.entries}/${stats.maxEntries}, ` +
      `unknown ids ${stats.negativeEntries}/${stats.maxNegativeEntries}, store reads ${stats.loads}`);
    assert.ok(stats.entries <= stats.maxEntries);
    assert.ok(stats.negativeEntries <= stats.maxNegativeEntries);
    assert.ok(growth < 8 * 1048576, `heap grew by ${growth} bytes`);
    // The real key is still answered correctly.
    assert.equal((await verifier.verify(key.keyId, key.secret, 'cloud')).valid, true);
  });
});
