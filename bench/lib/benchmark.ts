import type { Measurement } from './report.js';

export interface BenchContext {
  /** Seconds of each measured load (wrk runs, open-loop runs). */
  durationS: number;
  /** Seconds of the warm-up before each measured load (JIT, caches, connection pools). */
  warmupS: number;
  log(line: string): void;
}

export interface Benchmark {
  /** `b1` … `b7`, as given on the command line. */
  name: string;
  title: string;
  /** One run: everything it compares is measured inside it. */
  run(ctx: BenchContext): Promise<Measurement[]>;
}
