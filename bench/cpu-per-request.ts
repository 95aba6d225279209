// Where a request's time goes, without the noise of throughput: the CPU time the server process
// spent per request (utime + stime from /proc, so time the hypervisor took away is not counted),
// for keyward and for the bare Fastify route (for a POST, a POST route given the same request),
// alternating. Throughput on a shared virtual machine swings by a third between two runs; CPU per
// request moved by a few percent on a quiet host, though on a busy one it swings too (the bare
// route took 32–76 µs within minutes on 2026-11-28). Not part of `npm run bench`; used to decide
// what to change (bench/README.md, "CPU per request").
//
//   node --import tsx bench/cpu-per-request.ts [authenticate|verify|healthz|create] [--postgres] [--rounds N] [--duration S]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { call, startBareServer, startKeyward, type RunningKeyward } from './lib/keyward-server.js';
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
      throw new Error(`unknown target ${target}: authenticate, verify, healthz or create`);
  }
}

pinSelfToLoadCpus();
const bare = await startBareServer();
const keyward = await startKeyward({ postgres: values.postgres });
try {
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
} finally {
  await keyward.stop();
  await bare.stop();
}
