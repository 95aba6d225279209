// B5: resident memory of the keyward process with 1,000,000 stored keys and a full credential
// cache. The cache is filled through GET /keyward/v1/authenticate with as many distinct valid keys
// as it holds (KEYWARD_VERIFY_CACHE_SIZE, default 100,000; BENCH_B5_CACHE_SIZE overrides it, e.g.
// 1000000 to cache every key). RSS and peak RSS (VmHWM) are read from /proc afterwards.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Benchmark } from './lib/benchmark.js';
import { buildRequest, closedLoop, targetOf } from './lib/http-client.js';
import { basicAuth, startKeyward, type RunningKeyward } from './lib/keyward-server.js';
import { residentBytes } from './lib/processes.js';
import { millionKeys, seededKeyId, seededSecret } from './lib/seed.js';

const DEFAULT_CACHE_SIZE = 100_000;
const MB = 1024 * 1024;

export const b5: Benchmark = {
  name: 'b5',
  title: 'Resident memory with 1,000,000 keys and a full cache',
  async run(ctx) {
    const seeded = await millionKeys(ctx.log);
    const cacheSize = Number(process.env.BENCH_B5_CACHE_SIZE ?? DEFAULT_CACHE_SIZE);
    let server: RunningKeyward | undefined;
    try {
      server = await startKeyward({
        dataDir: seeded.dataDir, admin: seeded.admin, env: { KEYWARD_VERIFY_CACHE_SIZE: String(cacheSize) },
      });
      const atStart = await residentBytes(server.service.pid);
      const target = targetOf(server.url);
      const fill = await closedLoop(target, (i) => buildRequest(target, 'GET', '/keyward/v1/authenticate',
        { Authorization: basicAuth({ keyId: seededKeyId(i), secret: seededSecret(i) }) }), cacheSize, 32, 600_000);
      if (fill.done !== cacheSize || fill.errors > 0) {
        throw new Error(`cache fill: ${fill.done} of ${cacheSize} requests, ${fill.errors} not 200`);
      }
      // A second pass over the same keys is all cache hits, and touches every entry once more.
      await closedLoop(target, (i) => buildRequest(target, 'GET', '/keyward/v1/authenticate',
        { Authorization: basicAuth({ keyId: seededKeyId(i), secret: seededSecret(i) }) }), cacheSize, 32, 600_000);
      await sleep(1000);
      const filled = await residentBytes(server.service.pid);
      ctx.log(`  RSS ${(filled.rss / MB).toFixed(1)} MB (peak ${(filled.peak / MB).toFixed(1)} MB; ${(atStart.rss / MB).toFixed(1)} MB at start); filled at ${Math.round(fill.rps)} req/s`);
      const note = `${cacheSize.toLocaleString('en-US')} cached credentials; ${(atStart.rss / MB).toFixed(0)} MB right after start`;
      return [
        { id: 'B5 RSS, 1M keys, full cache', value: filled.rss / MB, unit: 'MB', goal: { on: 'value', op: '<', target: 300 }, note },
        { id: 'B5 peak RSS (VmHWM)', value: filled.peak / MB, unit: 'MB', goal: { on: 'value', op: '<', target: 300 }, note },
      ];
    } finally {
      await server?.stop();
    }
  },
};
