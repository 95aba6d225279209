// Where a request's time goes, without the noise of throughput: the CPU time the server process
// spent per request (utime + stime from /proc, so time the hypervisor took away is not counted),
// for keyward and for the bare Fastify route (for a POST, a POST route given the same request),
// alternating. Throughput on a shared virtual machine swings by a third between two runs; CPU per
// request moved by a few percent on a quiet host, though on a busy one it swings too (the bare
// route took 32–76 µs within minutes on 2026-11-28). Not part of `npm run bench`; used to decide
// what to change (bench/README.md, "CPU per request").
//
// `nginx` does the same for B7: B7's nginx in front of keyward and of the bare route, each site
// loaded in turn, with the CPU per request of nginx's worker and of the server behind it, and
// how often each was switched out (voluntarily: it slept; involuntarily: it was preempted), since
// the three share one core.
//
//   node --import tsx bench/cpu-per-request.ts [authenticate|verify|healthz|create|nginx] [--postgres] [--rounds N] [--duration S]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REFERENCE_KEYWARD_ENV, startNginx } from './b7-nginx.js';
import { call, startBareServer, startKeyward, type RunningKeyward, type RunningServer } from './lib/keyward-server.js';
import { pinSelfToLoadCpus } from './lib/machine.js';
import { wrk, type WrkOptions } from './lib/wrk.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { postgres: { type: 'boolean', default: false }, rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '4' } },
});
const target = positionals[0] ?? 'authenticate';
const rounds = Number(values.rounds);
const durationS = Number(values.duration);

/** CPU time the process has used, in microseconds (fields 14 and 15 of /proc/PID/stat, in clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Context switches of the process so far: voluntary (it slept) and involuntary (it was preempted). */
function contextSwitches(pid: number): [number, number] {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const count = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return [count('voluntary_ctxt_switches'), count('nonvoluntary_ctxt_switches')];
}

async function measure(pid: number, options: WrkOptions): Promise<{ rps: number; micros: number }> {
  await wrk({ ...options, durationS: 1 });
  const before = cpuMicros(pid);
  const run = await wrk(options);
  if (run.errors.status + run.errors.read + run.errors.connect > 0) throw new Error(`errors: ${JSON.stringify(run.errors)}`);
  return { rps: run.rps, micros: (cpuMicros(pid) - before) / run.requests };
}

async function keywardLoad(keyward: RunningKeyward): Promise<WrkOptions> {
  const auth = { Authorization: keyward.adminAuth };
  const json = { ...auth, 'Content-Type': 'application/json' };
  const common = { connections: 64, durationS };
  switch (target) {
    case 'authenticate':
      return { ...common, url: `${keyward.url}/keyward/v1/authenticate`, headers: auth };
    case 'healthz':
      return { ...common, url: `${keyward.url}/healthz` };
    case 'verify':
      return { ...common, url: `${keyward.url}/keyward/v1/verify`, method: 'POST', headers: json,
        body: JSON.stringify({ api_key: keyward.admin.keyId, api_secret: keyward.admin.secret, resource: 'cloud' }) };
    case 'create': {
      const owner = await call(keyward, keyward.adminAuth, 'POST', '/iam/v2/service-accounts', { display_name: 'cpu-owner', description: '' }, 201);
      return { ...common, url: `${keyward.url}/iam/v2/api-keys`, method: 'POST', headers: json,
        body: JSON.stringify({ spec: { display_name: 'cpu', description: '', owner: { id: owner.id } } }) };
    }
    default:
      throw new Error(`unknown target ${target}: authenticate, verify, healthz, create or nginx`);
  }
}

/** B7's sites through one nginx: per request, CPU and context switches of nginx's worker and of the server behind it. */
async function nginxRounds(keyward: RunningKeyward, bare: RunningServer): Promise<void> {
  const prefix = mkdtempSync(join(tmpdir(), 'keyward-cpu-nginx-'));
  const { service, sites } = await startNginx(prefix, keyward, bare);
  try {
    const worker = Number(execFileSync('pgrep', ['-P', String(service.pid)]).toString().trim().split('\n')[0]);
    const headers = { Authorization: keyward.adminAuth };
    console.log(`nginx auth_request: CPU (µs) and context switches (voluntary/involuntary) per request; ${rounds} rounds of ${durationS} s`);
    for (let i = 0; i < rounds; i++) {
      const line: string[] = [];
      for (const [name, url, server] of [['bare', sites.bare, bare], ['keyward', sites.keyward, keyward]] as const) {
        const pids = [worker, server.service.pid];
        await wrk({ url, headers, connections: 64, durationS: 1 });
        const cpuBefore = pids.map(cpuMicros);
        const switchesBefore = pids.map(contextSwitches);
        const run = await wrk({ url, headers, connections: 64, durationS });
        const [nginxCpu, serverCpu] = pids.map((pid, p) => (cpuMicros(pid) - cpuBefore[p]!) / run.requests);
        const [nginxSwitches, serverSwitches] = pids.map((pid, p) => contextSwitches(pid)
          .map((n, k) => ((n - switchesBefore[p]![k]!) / run.requests).toFixed(3)).join('/'));
        line.push(`${name} ${Math.round(run.rps)}/s: nginx ${nginxCpu!.toFixed(1)} µs ${nginxSwitches}, server ${serverCpu!.toFixed(1)} µs ${serverSwitches}`);
      }
      console.log(`  ${line.join('   ')}`);
    }
  } finally {
    await service.stop();
    rmSync(prefix, { recursive: true, force: true });
  }
}

/** keyward's endpoint against the bare route, loaded in turns: the server's CPU per request. */
async function serverRounds(keyward: RunningKeyward, bare: RunningServer): Promise<void> {
  const load = await keywardLoad(keyward);
  // As in B1: a POST's bare route gets the same request (Fastify parses its JSON body first).
  const bareLoad = load.method === 'POST' ? { ...load, url: `${bare.url}/constant` } : { url: `${bare.url}/constant`, connections: 64, durationS };
  console.log(`${target}${values.postgres ? ' (PostgreSQL)' : ''}: server CPU per request, keyward vs the bare route; ${rounds} rounds of ${durationS} s`);
  for (let i = 0; i < rounds; i++) {
    const base = await measure(bare.service.pid, bareLoad);
    const own = await measure(keyward.service.pid, load);
    console.log(`  bare ${base.micros.toFixed(1)} µs (${Math.round(base.rps)}/s)   keyward ${own.micros.toFixed(1)} µs (${Math.round(own.rps)}/s)   `
      + `CPU ratio ${(base.micros / own.micros).toFixed(2)}   throughput ratio ${(own.rps / base.rps).toFixed(2)}`);
  }
}

pinSelfToLoadCpus();
const bare = await startBareServer();
const keyward = await startKeyward({ postgres: values.postgres, env: target === 'nginx' ? REFERENCE_KEYWARD_ENV : {} });
try {
  await (target === 'nginx' ? nginxRounds(keyward, bare) : serverRounds(keyward, bare));
} finally {
  await keyward.stop();
  await bare.stop();
}
