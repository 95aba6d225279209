// The HTTP measurements shared by B1, B3 and B6: authenticate/verify throughput and latency
// against the bare Fastify route, and key creation throughput against raw better-sqlite3 commits.
// The storage dialect is a parameter, so B6 is B1 and B3 on PostgreSQL.
import { tmpdir } from 'node:os';
import type { BenchContext } from './lib/benchmark.js';
import { compiled, ensureBuild } from './lib/build.js';
import { buildRequest, targetOf } from './lib/http-client.js';
import { call, startBareServer, startKeyward, type RunningKeyward, type RunningServer, type ServiceLatencyProbe } from './lib/keyward-server.js';
import { SERVER_CPUS } from './lib/machine.js';
import { openLoopOnLoadCore } from './lib/open-loop-runner.js';
import { runPinned } from './lib/processes.js';
import type { Measurement } from './lib/report.js';
import { inTurns, rpsInTurns, wrkTurn, type Turn } from './lib/wrk.js';

const CONNECTIONS = 64;
const MAX_REQUESTS = 20_000_000;
/** B1's latency goal: p99 at half of maximum at most this. */
const P99_GOAL_MS = 2;

/**
 * Latency at a fixed rate, open loop, in two runs. The first gives p99 as the client saw it (from
 * when each request was due, so the load generator's own pauses count) and the longest stall of
 * the client's event loop. The second gives it as the server saw it (service-latency.ts: from the
 * parsed request to the response handed to the kernel) and the longest stall of the server's
 * event loop: a request due during one waits it out before the server even parses it. The probe
 * is not in the first run: its own work per request took about 9% of the server's core,
 * and the tail grew with it (bench/README.md, "the probe in the measured run").
 * The client runs in a process of its own (open-loop-runner.ts) and warms up at the same rate
 * straight into the measured period; the probe is armed before the warm-up and counts from the
 * measured period's start.
 */
async function latencyAt(ctx: BenchContext, server: RunningServer, path: string, headers: Record<string, string>, rate: number,
  probe?: ServiceLatencyProbe) {
  const target = targetOf(server.url);
  const request = buildRequest(target, 'GET', path, headers);
  probe?.arm();
  const client = await openLoopOnLoadCore({
    target, request, rate, warmupMs: ctx.warmupS * 1000, durationMs: ctx.durationS * 1000,
    maxRequests: Math.ceil(rate * ctx.durationS), connections: 32, goalMs: P99_GOAL_MS,
  }, () => probe?.record());
  const service = await probe?.stop();
  if (client.errors > 0 || client.unfinished > 0) {
    throw new Error(`open-loop GET ${path} at ${rate}/s: ${client.errors} errors, ${client.unfinished} unanswered`);
  }
  return { client, service };
}

/** The client-side run, then the server-side one (latencyAt). */
async function latencyRunsAt(ctx: BenchContext, server: RunningServer, path: string, headers: Record<string, string>, rate: number) {
  const { client } = await latencyAt(ctx, server, path, headers, rate);
  const { service } = await latencyAt(ctx, server, path, headers, rate, server.latency!);
  return { client, service: service! };
}

/** B1 (and B6 on PostgreSQL): GET /keyward/v1/authenticate and POST /keyward/v1/verify vs the bare route. */
export async function authenticateThroughput(ctx: BenchContext, label: string, postgres: boolean): Promise<Measurement[]> {
  let bare: RunningServer | undefined;
  let keyward: RunningKeyward | undefined;
  try {
    bare = await startBareServer({ serviceLatency: true });
    keyward = await startKeyward({ postgres, serviceLatency: true });
    const auth = { Authorization: keyward.adminAuth };
    // verify is a POST with a JSON body: its bare route is the same request to a POST route
    // returning a constant (Fastify parses the body first, as any POST route has it).
    const verifyBody = JSON.stringify({ api_key: keyward.admin.keyId, api_secret: keyward.admin.secret, resource: 'cloud' });
    const answer = await call(keyward, keyward.adminAuth, 'POST', '/keyward/v1/verify', JSON.parse(verifyBody));
    if (answer?.valid !== true) throw new Error(`verify answered ${JSON.stringify(answer)}`);
    const verifyRequest = { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: verifyBody };
    const [bareRps, authRps, barePostRps, verifyRps] = (await rpsInTurns({ ...ctx, connections: CONNECTIONS, maxRequests: MAX_REQUESTS }, [
      { url: `${bare.url}/constant` },
      { url: `${keyward.url}/keyward/v1/authenticate`, headers: auth },
      { url: `${bare.url}/constant`, ...verifyRequest },
      { url: `${keyward.url}/keyward/v1/verify`, ...verifyRequest },
    ])).map((load) => load.rps) as [number, number, number, number];
    ctx.log(`  bare route: ${Math.round(bareRps)} req/s; authenticate: ${Math.round(authRps)} req/s`);
    ctx.log(`  bare POST route: ${Math.round(barePostRps)} req/s; verify: ${Math.round(verifyRps)} req/s`);

    // Latency at half of keyward's maximum; the bare route at the same rate shows what the machine
    // and the load generator add by themselves.
    const rate = Math.round(authRps / 2);
    const authLatency = await latencyRunsAt(ctx, keyward, '/keyward/v1/authenticate', auth, rate);
    const bareLatency = await latencyRunsAt(ctx, bare, '/constant', {}, rate);
    const stalls = (latency: typeof authLatency) =>
      `longest stall: client loop ${latency.client.clientStallMs.toFixed(1)} ms, server loop ${latency.service.loopDelayMaxMs.toFixed(1)} ms (in the server-side run)`;
    const overGoal = (latency: typeof authLatency) => `${(latency.client.overGoal! * 100).toFixed(2)}%`;
    // What the p99 goal means in requests: at most 1% slower than it. How far above 1% a run is
    // tells a near miss from a far one, which the p99 alone does not.
    const overGoalRow = (name: string, latency: typeof authLatency): Measurement => ({
      id: `${label} ${name} over ${P99_GOAL_MS} ms @ ½ max`, value: latency.client.overGoal! * 100, unit: '%',
      note: 'client side, in the p99 run; the p99 goal allows 1%',
    });
    ctx.log(`  p99 at ${rate}/s: authenticate ${authLatency.client.p99.toFixed(3)} ms, ${overGoal(authLatency)} over ${P99_GOAL_MS} ms `
      + `(service ${authLatency.service.p99Ms.toFixed(3)} ms; ${stalls(authLatency)}), bare ${bareLatency.client.p99.toFixed(3)} ms, `
      + `${overGoal(bareLatency)} over ${P99_GOAL_MS} ms (service ${bareLatency.service.p99Ms.toFixed(3)} ms; ${stalls(bareLatency)})`);

    const baseline = { name: 'bare route', value: bareRps, unit: 'req/s' };
    const p99Goal = { on: 'value', op: '<=', target: P99_GOAL_MS } as const;
    return [
      { id: `${label} authenticate`, value: authRps, unit: 'req/s', baseline, goal: { on: 'ratio', op: '>=', target: 0.7 } },
      {
        id: `${label} authenticate p99 @ ½ max`, value: authLatency.client.p99, unit: 'ms',
        baseline: { name: 'bare route at same rate', value: bareLatency.client.p99, unit: 'ms' },
        goal: p99Goal, note: `client side, open loop at ${rate} req/s; p50 ${authLatency.client.p50.toFixed(3)} ms; ${stalls(authLatency)}`,
      },
      overGoalRow('authenticate', authLatency),
      overGoalRow('bare route', bareLatency),
      {
        id: `${label} authenticate service p99`, value: authLatency.service.p99Ms, unit: 'ms',
        baseline: { name: 'bare route at same rate', value: bareLatency.service.p99Ms, unit: 'ms' },
        goal: p99Goal, note: `server side, in a run of its own at the same rate; p50 ${authLatency.service.p50Ms.toFixed(3)} ms, max ${authLatency.service.maxMs.toFixed(1)} ms`,
      },
      {
        id: `${label} verify (POST)`, value: verifyRps, unit: 'req/s',
        baseline: { name: 'bare POST route, same request', value: barePostRps, unit: 'req/s' },
        goal: { on: 'ratio', op: '>=', target: 0.7 }, note: `${(verifyRps / bareRps).toFixed(2)}× the bare GET route`,
      },
    ];
  } finally {
    await keyward?.stop();
    await bare?.stop();
  }
}

/** What better-sqlite3 sustains with one durable commit per row, on the server's core and filesystem, for `durationMs`. */
async function rawSqliteCommits(durationMs: number): Promise<{ count: number; seconds: number }> {
  await ensureBuild();
  const out = await runPinned(SERVER_CPUS, process.execPath, [compiled('bench/lib/raw-sqlite-commits.ts')],
    durationMs + 30_000, { BENCH_DURATION_MS: String(durationMs), BENCH_MAX_COMMITS: '5000000', BENCH_TMPDIR: tmpdir() });
  const { commits, seconds } = JSON.parse(out.trim().split('\n').at(-1)!) as { commits: number; seconds: number };
  return { count: commits, seconds };
}

/**
 * B3 (and B6 on PostgreSQL): POST /iam/v2/api-keys throughput vs raw better-sqlite3 single-row
 * commits, in turns (one-second slices of each, inTurns in lib/wrk.ts, as B1 takes its loads). On the reference VM
 * the host's speed and the disk's flush rate drift within a minute, so a baseline taken before
 * keyward's whole load saw another machine: B6 create's runs gave 0.99× and 1.33× in one
 * invocation that way (bench/README.md, fifth session).
 */
export async function createThroughput(ctx: BenchContext, label: string, postgres: boolean): Promise<Measurement[]> {
  let keyward: RunningKeyward | undefined;
  try {
    keyward = await startKeyward({ postgres });
    const owner = await call(keyward, keyward.adminAuth, 'POST', '/iam/v2/service-accounts',
      { display_name: 'bench-owner', description: 'owns the benchmark keys' }, 201);
    const body = JSON.stringify({ spec: { display_name: 'bench', description: 'created by B3', owner: { id: owner.id } } });
    const load = { url: `${keyward.url}/iam/v2/api-keys`, method: 'POST', headers: { Authorization: keyward.adminAuth, 'Content-Type': 'application/json' }, body };
    // The raw baseline is a fresh process and database each slice, with warm-up commits of its own.
    const rawTurn: Turn = { warmUp: false, run: (durationS) => rawSqliteCommits(durationS * 1000) };
    const [raw, creates] = await inTurns(ctx, [rawTurn, wrkTurn(load, { connections: CONNECTIONS, maxRequests: MAX_REQUESTS })]);
    ctx.log(`  raw better-sqlite3 durable commits: ${Math.round(raw!.rate)}/s`);
    ctx.log(`  creates over HTTP: ${Math.round(creates!.rate)}/s`);
    return [{
      id: `${label} create`, value: creates!.rate, unit: 'keys/s',
      baseline: { name: 'raw better-sqlite3 commits', value: raw!.rate, unit: '/s' }, goal: { on: 'ratio', op: '>=', target: 1.0 },
      note: `taken in turns; p99 ${(creates!.p99Us / 1000).toFixed(2)} ms at ${CONNECTIONS} connections (median of the slices')`,
    }];
  } finally {
    await keyward?.stop();
  }
}
