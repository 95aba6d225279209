// keyward and the bare baseline as real server processes on loopback, pinned to the server cores.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { compiled, ensureBuild } from './build.js';
import { SERVER_CPUS } from './machine.js';
import { freePort, startService, waitForHttp, type Service } from './processes.js';

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

export interface Credentials {
  keyId: string;
  secret: string;
}

export interface RunningServer {
  url: string;
  port: number;
  service: Service;
  stop(): Promise<void>;
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
  const service = startService(SERVER_CPUS, process.execPath,
    [...profile, compiled('src/server/main.ts'), '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir], env);
  const url = `http://127.0.0.1:${port}`;
  const cleanup = async () => {
    await service.stop();
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  };
  try {
    await waitForHttp(`${url}/readyz`, service, 60_000);
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { url, port, service, admin, dataDir, adminAuth: basicAuth(admin), stop: cleanup };
}

/** bench/lib/bare-server.ts: the same Fastify with one constant route and one always-200 route. */
export async function startBareServer(): Promise<RunningServer> {
  await ensureBuild();
  const port = await freePort();
  const service = startService(SERVER_CPUS, process.execPath, [compiled('bench/lib/bare-server.ts')],
    { BENCH_PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/constant`, service);
  } catch (err) {
    await service.stop();
    throw err;
  }
  return { url, port, service, stop: () => service.stop() };
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
