// B4: list latency on an organization with 1,000,000 keys. Keyset pagination means the 10,000th
// page (page_size 100) costs what the first does; GET by id must not grow with the table either.
// The 10,000th page's token is issued with PageTokens and the data directory's server secret, for
// the scope ApiKeyService gives an admin listing without filters, and checked by its first item.
import { PageTokens } from '../src/core/page-token.js';
import type { Benchmark } from './lib/benchmark.js';
import { buildRequest, sequentialProbe, targetOf } from './lib/http-client.js';
import { call, startKeyward, type RunningKeyward } from './lib/keyward-server.js';
import type { Measurement } from './lib/report.js';
import { millionKeys, seededKeyId } from './lib/seed.js';

const PAGE_SIZE = 100;
const DEEP_PAGE = 10_000;
const ROUNDS = 300;
const WARMUP_ROUNDS = 50;
const PROBE_TIMEOUT_MS = 120_000;

export const b4: Benchmark = {
  name: 'b4',
  title: 'List and GET latency on an organization with 1,000,000 keys',
  async run(ctx) {
    const seeded = await millionKeys(ctx.log);
    let big: RunningKeyward | undefined;
    let small: RunningKeyward | undefined;
    try {
      big = await startKeyward({ dataDir: seeded.dataDir, admin: seeded.admin });
      // Sorted ids: the admin key ('A…') first, then K0, K1 …; page p starts after item (p-1)*100.
      const afterId = seededKeyId((DEEP_PAGE - 1) * PAGE_SIZE - 2);
      const scope = ['api-keys', seeded.adminUserId, '', '', false];
      const token = new PageTokens(seeded.serverKeys.pageTokenKey).issue(scope, afterId);
      const firstPath = `/iam/v2/api-keys?page_size=${PAGE_SIZE}`;
      const deepPath = `${firstPath}&page_token=${encodeURIComponent(token)}`;
      const deep = await call(big, big.adminAuth, 'GET', deepPath);
      const expectedFirst = seededKeyId((DEEP_PAGE - 1) * PAGE_SIZE - 1);
      if (deep.data?.[0]?.id !== expectedFirst || deep.data.length !== PAGE_SIZE || !deep.metadata?.next) {
        throw new Error(`page ${DEEP_PAGE} starts with ${deep.data?.[0]?.id}, expected ${expectedFirst}`);
      }

      const target = targetOf(big.url);
      const headers = { Authorization: big.adminAuth };
      const pages = [firstPath, deepPath].map((p) => buildRequest(target, 'GET', p, headers));
      const ids = [0, seeded.keyCount / 2, seeded.keyCount - 1].map((i) => buildRequest(target, 'GET', `/iam/v2/api-keys/${seededKeyId(i)}`, headers));
      // Pages and single keys are probed apart: a 100-key page leaves garbage and cold caches behind,
      // which would be charged to the GET that follows it.
      await sequentialProbe(target, pages, WARMUP_ROUNDS, PROBE_TIMEOUT_MS);
      const [first, deepPage] = await sequentialProbe(target, pages, ROUNDS, PROBE_TIMEOUT_MS);
      await sequentialProbe(target, ids, WARMUP_ROUNDS, PROBE_TIMEOUT_MS);
      const byId = await sequentialProbe(target, ids, ROUNDS, PROBE_TIMEOUT_MS);
      await big.stop();
      big = undefined;

      // GET by id on a store holding only the bootstrap key, as the flat line to compare with.
      small = await startKeyward();
      const smallTarget = targetOf(small.url);
      const smallGet = [buildRequest(smallTarget, 'GET', `/iam/v2/api-keys/${small.admin.keyId}`, { Authorization: small.adminAuth })];
      await sequentialProbe(smallTarget, smallGet, WARMUP_ROUNDS, PROBE_TIMEOUT_MS);
      const [smallById] = await sequentialProbe(smallTarget, smallGet, ROUNDS, PROBE_TIMEOUT_MS);

      const byIdMedian = Math.max(...byId.map((s) => s.p50));
      ctx.log(`  page 1 ${first!.p50.toFixed(3)} ms, page ${DEEP_PAGE} ${deepPage!.p50.toFixed(3)} ms; GET by id ${byIdMedian.toFixed(3)} ms (1 key: ${smallById!.p50.toFixed(3)} ms)`);
      const measurements: Measurement[] = [
        {
          id: `B4 list page ${DEEP_PAGE.toLocaleString('en-US')} (1M keys)`, value: deepPage!.p50, unit: 'ms',
          baseline: { name: 'page 1', value: first!.p50, unit: 'ms' }, goal: { on: 'ratio', op: '<=', target: 1.2 },
          note: `median of ${ROUNDS} sequential requests; p99 ${deepPage!.p99.toFixed(3)} vs ${first!.p99.toFixed(3)} ms`,
        },
        {
          id: 'B4 GET by id (1M keys)', value: byIdMedian, unit: 'ms',
          baseline: { name: 'GET by id, 1 key', value: smallById!.p50, unit: 'ms' }, goal: { on: 'ratio', op: '<=', target: 1.2 },
          note: 'slowest median of the first, middle and last key',
        },
      ];
      return measurements;
    } finally {
      await big?.stop();
      await small?.stop();
    }
  },
};
