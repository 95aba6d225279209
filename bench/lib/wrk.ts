// wrk (C, epoll; one thread on the load core) for closed-loop throughput over keep-alive
// connections. A generated Lua script sets the request and, in done(), prints the summary as one
// JSON line. Every run is bounded in time (-d, plus a kill after that) and in count (the request()
// hook stops the thread after `maxRequests`, a cheap counter so wrk stays fast).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOAD_CPUS } from './machine.js';
import { runPinned } from './processes.js';

export interface WrkOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  durationS: number;
  /** Per wrk thread (there is one). */
  maxRequests?: number;
  /** Responses with status >= 400 are allowed (e.g. measuring 401s); default they fail the run. */
  allowErrorStatus?: boolean;
}

export interface WrkResult {
  requests: number;
  durationS: number;
  rps: number;
  latencyUs: { p50: number; p99: number; max: number; mean: number };
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
}

const luaString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;

export async function wrk(options: WrkOptions): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-wrk-'));
  const script = join(dir, 'bench.lua');
  const headers = Object.entries(options.headers ?? {}).map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`).join('\n');
  writeFileSync(script, `
wrk.method = ${luaString(options.method ?? 'GET')}
${options.body !== undefined ? `wrk.body = ${luaString(options.body)}` : ''}
${headers}
local req
local n = 0
local max = ${options.maxRequests ?? 10_000_000}
function init(args) req = wrk.format() end
function request()
  n = n + 1
  if n > max then wrk.thread:stop() end
  return req
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"duration":%d,"p50":%d,"p99":%d,"max":%d,"mean":%f,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
`);
  try {
    const out = await runPinned(LOAD_CPUS, 'wrk', [
      '-t1', `-c${options.connections ?? 64}`, `-d${options.durationS}s`, '--timeout', '5s', '-s', script, options.url,
    ], (options.durationS + 15) * 1000);
    const line = /BENCH_JSON (\{.*\})/.exec(out)?.[1];
    if (!line) throw new Error(`wrk printed no summary:\n${out}`);
    const r = JSON.parse(line) as Record<string, number>;
    const result: WrkResult = {
      requests: r.requests!,
      durationS: r.duration! / 1e6,
      rps: r.requests! / (r.duration! / 1e6),
      latencyUs: { p50: r.p50!, p99: r.p99!, max: r.max!, mean: r.mean! },
      errors: { connect: r.connect!, read: r.read!, write: r.write!, status: r.status!, timeout: r.timeout! },
    };
    const { connect, read, write, timeout, status } = result.errors;
    if (connect + read + write + timeout > 0 || (!options.allowErrorStatus && status > 0)) {
      throw new Error(`wrk ${options.method ?? 'GET'} ${options.url}: errors ${JSON.stringify(result.errors)} in ${result.requests} requests`);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Load {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One load of `inTurns`: runs for about `durationS` and says how much it did in how long. */
export interface Turn {
  run(durationS: number): Promise<{ count: number; seconds: number; p99Us?: number }>;
  /** Whether to run it once for the warm-up first (default true). */
  warmUp?: boolean;
}

/**
 * Throughput of several loads taken in turns: one-second slices, each load in turn, until each
 * has had `durationS` seconds, after a warm-up of each. On the reference VM the host's speed
 * drifts within a minute (the bare route alone measured 32–76 µs of CPU per request within
 * minutes), so a baseline measured a minute before keyward can be off by a third either way;
 * slices a second apart see the same machine. Each rate is its count over its own slices' time;
 * p99 is the median of the slices' own (wrk reports percentiles per run, not histograms).
 */
export async function inTurns(settings: { warmupS: number; durationS: number }, turns: Turn[]): Promise<{ rate: number; p99Us: number }[]> {
  for (const turn of turns) if (turn.warmUp !== false) await turn.run(settings.warmupS);
  const totals = turns.map(() => ({ count: 0, seconds: 0, p99s: [] as number[] }));
  for (let slice = 0; slice < settings.durationS; slice++) {
    for (const [i, turn] of turns.entries()) {
      const run = await turn.run(1);
      totals[i]!.count += run.count;
      totals[i]!.seconds += run.seconds;
      if (run.p99Us !== undefined) totals[i]!.p99s.push(run.p99Us);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  return totals.map((total) => ({ rate: total.count / total.seconds, p99Us: median(total.p99s) }));
}

/** A wrk load as a Turn. */
export function wrkTurn(load: Load, settings: { connections: number; maxRequests: number }): Turn {
  return {
    async run(durationS) {
      const run = await wrk({ ...load, connections: settings.connections, maxRequests: settings.maxRequests, durationS });
      return { count: run.requests, seconds: run.durationS, p99Us: run.latencyUs.p99 };
    },
  };
}

/** Closed-loop throughput of several wrk loads taken in turns (inTurns). */
export async function rpsInTurns(
  settings: { warmupS: number; durationS: number; connections: number; maxRequests: number }, loads: Load[],
): Promise<{ rps: number; p99Us: number }[]> {
  const turns = await inTurns(settings, loads.map((load) => wrkTurn(load, settings)));
  return turns.map(({ rate, p99Us }) => ({ rps: rate, p99Us }));
}
