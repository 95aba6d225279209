// B6: B1 and B3 with keyward on PostgreSQL (a fresh schema per run in BENCH_DATABASE_URL, default
// postgres://root@127.0.0.1:5432/test), against the same baselines. PostgreSQL itself is a system
// service and is not pinned: its backends take whichever core is free.
import type { Benchmark } from './lib/benchmark.js';
import { authenticateThroughput, createThroughput } from './http-throughput.js';

export const b6: Benchmark = {
  name: 'b6',
  title: 'B1 and B3 on PostgreSQL',
  run: async (ctx) => [
    ...await authenticateThroughput(ctx, 'B6 pg', true),
    ...await createThroughput(ctx, 'B6 pg', true),
  ],
};
