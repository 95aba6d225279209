// B1: HTTP authentication throughput with keep-alive, against a bare Fastify route returning a
// constant, in the same run; and p99 latency at half of keyward's maximum throughput.
import type { Benchmark } from './lib/benchmark.js';
import { authenticateThroughput } from './http-throughput.js';

export const b1: Benchmark = {
  name: 'b1',
  title: 'HTTP authenticate/verify throughput vs a bare Fastify route (SQLite)',
  run: (ctx) => authenticateThroughput(ctx, 'B1', false),
};
