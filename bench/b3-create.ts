// B3: key creation throughput over HTTP on SQLite, against raw better-sqlite3 single-row durable
// commits (WAL, synchronous = FULL) measured in the same run. Reaching 1.0× needs group commit.
import type { Benchmark } from './lib/benchmark.js';
import { createThroughput } from './http-throughput.js';

export const b3: Benchmark = {
  name: 'b3',
  title: 'HTTP create throughput on SQLite vs raw better-sqlite3 durable commits',
  run: (ctx) => createThroughput(ctx, 'B3', false),
};
