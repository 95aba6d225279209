// The open-loop client (openLoop in http-client.ts) as a program of its own, so that it runs on
// the load core alone: in the runner's process it shared that core with the tsx loader's worker
// thread, whose collector took up to 16 ms at a time in the middle of measured runs (--trace-gc,
// 2026-12-06), and every request due meanwhile counted as that much slower. Reads its options
// from BENCH_OPEN_LOOP (JSON, the request base64); prints MEASURING_LINE when the warm-up ends,
// and the result as the last line, in JSON.
import { writeSync } from 'node:fs';
import { MEASURING_LINE, openLoop, type OpenLoopOptions } from './http-client.js';

interface Options extends Omit<OpenLoopOptions, 'request' | 'onMeasuring'> {
  requestBase64: string;
}

const { requestBase64, ...options } = JSON.parse(process.env.BENCH_OPEN_LOOP ?? '{}') as Options;
const result = await openLoop({
  ...options,
  request: Buffer.from(requestBase64, 'base64'),
  // Straight to the file descriptor: process.stdout is a Writable like the sockets, and writing to
  // it in the middle of the load made V8 throw away the sockets' optimised write path (a stream
  // of another shape) and compile it again, while requests waited (bench/README.md).
  onMeasuring: () => writeSync(1, `${MEASURING_LINE}\n`),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
