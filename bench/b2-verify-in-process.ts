// B2: in-process verification (Verifier.verify, cache hit) against the bare work any verification
// must do: HMAC-SHA-256 of the secret and a constant-time compare. A hit for a secret seen before
// takes one SHA-256 instead (SecretHasher.verifyRemembered); a wrong secret on a cached key, which
// costs what every failure and the first check of a secret cost (the fingerprint, then the HMAC),
// and the cache-miss path (every call reads SQLite) are reported beside it, without a goal. Runs
// in the runner process, on the load core.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../src/core/bootstrap.js';
import { systemClock } from '../src/core/clock.js';
import { SecretHasher } from '../src/core/key-material.js';
import { deriveServerKeys } from '../src/core/server-keys.js';
import { Verifier } from '../src/core/verifier.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Benchmark } from './lib/benchmark.js';
import { randomCredentials } from './lib/keyward-server.js';

const MAX_ITERATIONS = 5_000_000;

/** Nanoseconds per call of `fn`, timed over at most `seconds` and MAX_ITERATIONS calls. */
async function nsPerOp(fn: () => unknown, seconds: number, isAsync: boolean): Promise<number> {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let n = 0;
  // Checking the clock every 1,000 calls keeps it out of the measurement.
  while (n < MAX_ITERATIONS && process.hrtime.bigint() < deadline) {
    if (isAsync) for (let i = 0; i < 1000; i++) await fn();
    else for (let i = 0; i < 1000; i++) fn();
    n += 1000;
  }
  return Number(process.hrtime.bigint() - start) / n;
}

export const b2: Benchmark = {
  name: 'b2',
  title: 'In-process verification vs bare HMAC-SHA-256 + constant-time compare',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-b2-'));
    const store = SqliteStore.open(join(dir, 'keyward.db'));
    const verifiers: Verifier[] = [];
    try {
      await store.migrate();
      const serverKeys = deriveServerKeys(randomBytes(32));
      const hasher = new SecretHasher(serverKeys.secretHashKey);
      const admin = randomCredentials();
      await bootstrap(store, hasher, systemClock, { apiKey: admin.keyId, apiSecret: admin.secret });

      const hashKey = serverKeys.secretHashKey;
      const stored = hasher.hash(admin.secret);
      const bare = () => timingSafeEqual(createHmac('sha256', hashKey).update(admin.secret).digest(), stored);

      const hit = new Verifier(store, hasher, {});
      const miss = new Verifier(store, hasher, { cacheSize: 0 });
      verifiers.push(hit, miss);
      await hit.start();
      await miss.start();
      for (const v of [hit, miss]) {
        const answer = await v.verify(admin.keyId, admin.secret, 'cloud');
        if (!answer.valid) throw new Error(`verification failed: ${JSON.stringify(answer)}`);
      }
      if (!bare()) throw new Error('bare compare failed');

      const seconds = Math.max(1, ctx.durationS / 2);
      // Warm-up of every path, then the measurements back to back.
      await nsPerOp(bare, ctx.warmupS, false);
      await nsPerOp(() => hit.verify(admin.keyId, admin.secret, 'cloud'), ctx.warmupS, true);
      await nsPerOp(() => miss.verify(admin.keyId, admin.secret, 'cloud'), ctx.warmupS, true);
      // The failure budget is the endpoints' (verification-guard.ts), not the Verifier's: no 429 here.
      const wrongSecret = `${admin.secret.slice(0, -1)}${admin.secret.endsWith('A') ? 'B' : 'A'}`;
      const wrong = async () => {
        const answer = await hit.verify(admin.keyId, wrongSecret, 'cloud');
        if (answer.valid) throw new Error('a wrong secret was accepted');
      };
      await nsPerOp(wrong, ctx.warmupS, true);
      const bareNs = await nsPerOp(bare, seconds, false);
      const hitNs = await nsPerOp(() => hit.verify(admin.keyId, admin.secret, 'cloud'), seconds, true);
      const wrongNs = await nsPerOp(wrong, seconds, true);
      const missNs = await nsPerOp(() => miss.verify(admin.keyId, admin.secret, 'cloud'), seconds, true);
      ctx.log(`  bare ${(bareNs / 1000).toFixed(3)} µs, hit ${(hitNs / 1000).toFixed(3)} µs, hit with a wrong secret ${(wrongNs / 1000).toFixed(3)} µs, `
        + `miss ${(missNs / 1000).toFixed(3)} µs`);

      const baseline = { name: 'HMAC-SHA-256 + timingSafeEqual', value: bareNs / 1000, unit: 'µs' };
      return [
        { id: 'B2 verify, cache hit', value: hitNs / 1000, unit: 'µs/op', baseline, goal: { on: 'ratio', op: '<=', target: 2 },
          note: 'the secret was seen before: one SHA-256' },
        { id: 'B2 verify, cache hit, wrong secret', value: wrongNs / 1000, unit: 'µs/op', baseline,
          note: 'what every failure and the first check of a secret cost: fingerprint + HMAC; no goal' },
        { id: 'B2 verify, cache miss', value: missNs / 1000, unit: 'µs/op', baseline, note: 'reported, no goal' },
      ];
    } finally {
      for (const v of verifiers) await v.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
