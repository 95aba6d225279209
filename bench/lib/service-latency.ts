// Loaded into a benchmarked server with `node --import` (never into keyward itself): each HTTP
// request's service latency, from Node's HTTP server handing the request on (headers parsed) to
// the response being handed to the kernel, taken from Node's own diagnostics channels, so it
// measures keyward's fast paths, Fastify and the bare route alike, and none of the load
// generator's delays. Unix signals drive it: the first SIGUSR2 starts recording (nothing is
// subscribed before, so nothing is paid), the next stops and writes the percentiles to
// BENCH_SERVICE_LATENCY_FILE (see serviceLatencyProbe in keyward-server.ts).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

export interface ServiceLatency {
  /** Increases with every report, so that the reader knows a report is new. */
  sequence: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The server's event loop while recording: its longest delay (ms); requests arriving then waited before they started. */
  loopDelayMaxMs: number;
}

const START = 'http.server.request.start';
const FINISH = 'http.server.response.finish';
const file = process.env.BENCH_SERVICE_LATENCY_FILE;
const histogram = createHistogram();
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
const startedAt = new WeakMap<object, bigint>();
let recording = false;
let sequence = 0;

const onStart = (message: unknown) => {
  startedAt.set((message as { request: object }).request, process.hrtime.bigint());
};
const onFinish = (message: unknown) => {
  const started = startedAt.get((message as { request: object }).request);
  // A request already under way when recording started has no start: it is not counted.
  if (started !== undefined) histogram.record(Math.max(1, Number(process.hrtime.bigint() - started)));
};

if (file !== undefined) {
  process.on('SIGUSR2', () => {
    if (!recording) {
      histogram.reset();
      loopDelay.reset();
      loopDelay.enable();
      subscribe(START, onStart);
      subscribe(FINISH, onFinish);
      recording = true;
      return;
    }
    unsubscribe(START, onStart);
    unsubscribe(FINISH, onFinish);
    loopDelay.disable();
    recording = false;
    const ms = (ns: number) => ns / 1e6;
    const report: ServiceLatency = {
      sequence: ++sequence, count: histogram.count,
      p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max),
      loopDelayMaxMs: ms(loopDelay.max),
    };
    writeFileSync(file, JSON.stringify(report));
  });
}
