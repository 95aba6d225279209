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

/**
 * Closed-loop throughput of several loads taken in turns: one-second slices, each load in turn,
 * until each has had `durationS` seconds, after a warm-up of each. On the reference VM the host's
 * speed drifts within a minute (the bare route alone measured 32–76 µs of CPU per request within
 * minutes), so a baseline measured a minute before keyward can be off by a third either way;
 * slices a second apart see the same machine.
 */
export async function rpsInTurns(
  settings: { warmupS: number; durationS: number; connections: number; maxRequests: number }, loads: Load[],
): Promise<{ rps: number; p99Us: number }[]> {
  const { connections, maxRequests } = settings;
  for (const load of loads) await wrk({ ...load, connections, durationS: settings.warmupS, maxRequests });
  const totals = loads.map(() => ({ requests: 0, seconds: 0, p99s: [] as number[] }));
  for (let slice = 0; slice < settings.durationS; slice++) {
    for (const [i, load] of loads.entries()) {
      const run = await wrk({ ...load, connections, durationS: 1, maxRequests });
      totals[i]!.requests += run.requests;
      totals[i]!.seconds += run.durationS;
      totals[i]!.p99s.push(run.latencyUs.p99);
    }
  }
  // p99: the median of the slices' own p99s (wrk reports percentiles per run, not histograms).
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return totals.map((total) => ({ rps: total.requests / total.seconds, p99Us: median(total.p99s) }));
}
