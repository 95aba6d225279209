// keyward and the bare baseline as real server processes on loopback, pinned to the server cores.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { compiled, ensureBuild } from './build.js';
import { SERVER_CPUS } from './machine.js';
import { freePort, startService, waitForHttp, type Service } from './processes.js';
import type { ProbeCommand, ServiceLatency } from './service-latency.js';

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

export interface Credentials {
  keyId: string;
  secret: string;
}

export interface RunningServer {
  url: string;
  port: number;
  service: Service;
  /** Present when started with `serviceLatency`. */
  latency?: ServiceLatencyProbe;
  stop(): Promise<void>;
}

/** The server-side latency of the requests between record() and stop() (service-latency.ts). */
export interface ServiceLatencyProbe {
  /** Subscribes, ahead of the load (what that costs the server is paid then, not counted). */
  arm(): void;
  /** Counts from now (arming first if need be). */
  record(): void;
  stop(): Promise<ServiceLatency>;
}

/** Node flags and environment that load service-latency.ts into a server, and its probe. */
function withServiceLatency(enabled: boolean | undefined): {
  args: string[]; env: Record<string, string>; probe(pid: number): ServiceLatencyProbe | undefined; dispose(): void;
} {
  if (!enabled) return { args: [], env: {}, probe: () => undefined, dispose: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-latency-'));
  const file = join(dir, 'latency.json');
  return {
    dispose: () => rmSync(dir, { recursive: true, force: true }),
    args: ['--import', compiled('bench/lib/service-latency.ts')],
    env: { BENCH_SERVICE_LATENCY_FILE: file },
    probe: (pid) => {
      const send = (command: ProbeCommand) => {
        writeFileSync(`${file}.command`, command);
        process.kill(pid, 'SIGUSR2');
      };
      let seen = 0;
      return {
        arm: () => send('arm'),
        record: () => send('record'),
        async stop() {
          send('report');
          for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(20)) {
            try {
              const report = JSON.parse(readFileSync(file, 'utf8')) as ServiceLatency;
              if (report.sequence > seen) {
                seen = report.sequence;
                return report;
              }
            } catch {
              // not written yet, or half written
            }
          }
          throw new Error(`no service latency report from process ${pid} in ${file}`);
        },
      };
    },
  };
}

export interface RunningKeyward extends RunningServer {
  admin: Credentials;
  dataDir: string;
  /** `Authorization` header value of the admin key. */
  adminAuth: string;
}

export const basicAuth = (c: Credentials) => `Basic ${Buffer.from(`${c.keyId}:${c.secret}`).toString('base64')}`;

/** A bootstrap key id and a legacy-format (64 × [A-Za-z0-9+/]) secret, as the README allows. */
export function randomCredentials(): Credentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const keyId = Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
  return { keyId, secret: randomBytes(48).toString('base64') };
}

export interface KeywardOptions {
  /** Reuse this data directory (kept afterwards); default a fresh temporary one, removed on stop. */
  dataDir?: string;
  /** PostgreSQL instead of SQLite: a fresh schema in POSTGRES_URL, dropped on stop. */
  postgres?: boolean;
  /** Admin credentials already stored in `dataDir`, or to bootstrap with. */
  admin?: Credentials;
  env?: Record<string, string>;
  /** Load service-latency.ts, for `latency`. */
  serviceLatency?: boolean;
}

/**
 * keyward as `keyward serve` runs it (src/server/main.ts, compiled), with limits lifted so that the benchmark
 * measures the server rather than its quotas: rate limit and key quotas at their maximum, and
 * log level `warn` (at `info` Fastify logs two lines per request, which the bare baseline does not).
 */
export async function startKeyward(options: KeywardOptions = {}): Promise<RunningKeyward> {
  await ensureBuild();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keyward-bench-'));
  const admin = options.admin ?? randomCredentials();
  const port = await freePort();
  const schema = options.postgres ? `bench_${randomBytes(6).toString('hex')}` : undefined;
  const env: Record<string, string> = {
    KEYWARD_LOG_LEVEL: 'warn',
    KEYWARD_RATE_LIMIT_PER_MINUTE: '100000000',
    KEYWARD_APIKEYS_PER_ORG: '100000000',
    KEYWARD_APIKEYS_PER_OWNER: '100000000',
    KEYWARD_BOOTSTRAP_API_KEY: admin.keyId,
    KEYWARD_BOOTSTRAP_API_SECRET: admin.secret,
    ...(schema && { KEYWARD_DATABASE_URL: POSTGRES_URL, KEYWARD_DATABASE_SCHEMA: schema }),
    ...options.env,
  };
  // BENCH_CPU_PROF=DIR: keyward writes a V8 CPU profile there when it stops (see profile-summary.ts).
  // BENCH_NODE_FLAGS: more node flags for keyward (e.g. --trace-gc).
  const profile = [
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
  ];
  const latency = withServiceLatency(options.serviceLatency);
  const service = startService(SERVER_CPUS, process.execPath,
    [...profile, ...latency.args, compiled('src/server/main.ts'), '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir],
    { ...env, ...latency.env });
  const url = `http://127.0.0.1:${port}`;
  const cleanup = async () => {
    await service.stop();
    latency.dispose();
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  };
  try {
    await waitForHttp(`${url}/readyz`, service, 60_000);
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { url, port, service, latency: latency.probe(service.pid), admin, dataDir, adminAuth: basicAuth(admin), stop: cleanup };
}

/** bench/lib/bare-server.ts: the same Fastify with a constant route (GET and POST) and an always-200 route. */
export async function startBareServer(options: { serviceLatency?: boolean } = {}): Promise<RunningServer> {
  await ensureBuild();
  const port = await freePort();
  const latency = withServiceLatency(options.serviceLatency);
  const service = startService(SERVER_CPUS, process.execPath, [...latency.args, compiled('bench/lib/bare-server.ts')],
    { BENCH_PORT: String(port), ...latency.env });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await service.stop();
    latency.dispose();
  };
  try {
    await waitForHttp(`${url}/constant`, service);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, service, latency: latency.probe(service.pid), stop };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Sends one JSON request to keyward as `auth`; returns the parsed body, throwing unless `expect`. */
export async function call(server: { url: string }, auth: string, method: string, path: string,
  body?: unknown, expect = 200): Promise<any> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: auth, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: expected ${expect}, got ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}
