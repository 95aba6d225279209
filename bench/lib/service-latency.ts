// Loaded into a benchmarked server with `node --import` (never into keyward itself): each HTTP
// request's service latency, from Node's HTTP server handing the request on (headers parsed) to
// the response being handed to the kernel, taken from Node's own diagnostics channels, so it
// measures keyward's fast paths, Fastify and the bare route alike, and none of the load
// generator's delays.
//
// The runner drives it (ServiceLatencyProbe in keyward-server.ts): it writes a command to
// BENCH_SERVICE_LATENCY_FILE + '.command', then sends SIGUSR2 (the file says what is meant, so a
// signal merged with another loses nothing):
// - `arm` subscribes and starts watching the event loop. Nothing is subscribed before, so nothing
//   is paid. The runner arms before the warm-up, so that the change of path for every request
//   through Node's HTTP server happens before anything counts.
// - `record` starts counting afresh (sent when the measured period begins);
// - `report` unsubscribes and writes the percentiles to BENCH_SERVICE_LATENCY_FILE.
// Its own work (a WeakMap entry, two clock readings and a histogram entry per request) took about
// 9% of the server's core at B1's rate, so the client-side p99 is taken in a run without it.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';
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
let armed = false;
let sequence = 0;

/** What the runner may ask for. */
export type ProbeCommand = 'arm' | 'record' | 'report';

const onStart = (message: unknown) => {
  startedAt.set((message as { request: object }).request, process.hrtime.bigint());
};
const onFinish = (message: unknown) => {
  const started = startedAt.get((message as { request: object }).request);
  // A request already under way when the probe was armed has no start: it is not counted.
  if (started !== undefined) histogram.record(Math.max(1, Number(process.hrtime.bigint() - started)));
};

function arm(): void {
  if (armed) return;
  subscribe(START, onStart);
  subscribe(FINISH, onFinish);
  loopDelay.enable();
  armed = true;
}

function record(): void {
  arm();
  histogram.reset();
  loopDelay.reset();
}

function report(reportFile: string): void {
  unsubscribe(START, onStart);
  unsubscribe(FINISH, onFinish);
  loopDelay.disable();
  armed = false;
  const ms = (ns: number) => ns / 1e6;
  const latency: ServiceLatency = {
    sequence: ++sequence, count: histogram.count,
    p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max),
    loopDelayMaxMs: ms(loopDelay.max),
  };
  writeFileSync(reportFile, JSON.stringify(latency));
}

if (file !== undefined) {
  process.on('SIGUSR2', () => {
    const command = readFileSync(`${file}.command`, 'utf8') as ProbeCommand;
    if (command === 'arm') arm();
    else if (command === 'record') record();
    else if (command === 'report') report(file);
  });
}
