// B7: keyward behind real nginx. One nginx (one worker) serves, on separate ports, a static file
// protected by auth_request to keyward (the reference configuration, nginx/keyward-auth.conf.template),
// by auth_request to a bare route that always answers 200, by nginx's own auth_basic (SHA and
// bcrypt cost 10 htpasswd files), and unprotected. wrk loads the first four in one-second turns
// (rpsInTurns in lib/wrk.ts), then bcrypt alone. nginx, keyward and the bare server share the
// server core; wrk has the load core.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchContext } from './lib/benchmark.js';
import { startBareServer, startKeyward, type RunningKeyward, type RunningServer } from './lib/keyward-server.js';
import { SERVER_CPUS } from './lib/machine.js';
import { freePort, repoRoot, startService, waitForHttp, type Service } from './lib/processes.js';
import type { Measurement } from './lib/report.js';
import { rpsInTurns, wrk } from './lib/wrk.js';

type Turn = Awaited<ReturnType<typeof rpsInTurns>>[number];

/**
 * keyward as the reference configuration asks for it: nginx, on loopback, is a trusted proxy, so
 * that failures are counted against the client address it forwards.
 */
export const REFERENCE_KEYWARD_ENV = { KEYWARD_TRUST_PROXY: '127.0.0.1' };

const CONNECTIONS = 64;
const MAX_REQUESTS = 20_000_000;

/** Replaces `${NAME}` for the given names only, leaving nginx's own `$variables` alone (like `envsubst '${A} ${B}'`). */
export function render(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

const template = (name: string) => readFileSync(join(repoRoot, 'bench', 'nginx', name), 'utf8');

interface Sites {
  keyward: string;
  bare: string;
  sha: string;
  bcrypt: string | undefined;
  open: string;
}

/** B7's nginx under `prefix`, pinned to the server core, with every site (also used by cpu-per-request.ts). */
export async function startNginx(prefix: string, keyward: RunningKeyward, bare: RunningServer): Promise<{ service: Service; sites: Sites }> {
  for (const sub of ['conf.d', 'tmp', 'www']) mkdirSync(join(prefix, sub), { recursive: true });
  // nginx's worker runs as nobody: it must be able to read the content and the htpasswd files.
  chmodSync(prefix, 0o755);
  chmodSync(join(prefix, 'www'), 0o755);
  writeFileSync(join(prefix, 'www', 'index.txt'), 'ok\n', { mode: 0o644 });

  const user = keyward.admin.keyId;
  const password = keyward.admin.secret;
  writeFileSync(join(prefix, 'htpasswd-sha'), `${user}:{SHA}${createHash('sha1').update(password).digest('base64')}\n`, { mode: 0o644 });
  const bcryptAvailable = spawnSync('htpasswd', ['-h']).error === undefined;
  if (bcryptAvailable) {
    const line = execFileSync('htpasswd', ['-nbB', '-C', '10', user, password]).toString().trim();
    writeFileSync(join(prefix, 'htpasswd-bcrypt'), `${line}\n`, { mode: 0o644 });
  }

  const [keywardPort, barePort, shaPort, bcryptPort, openPort] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const values = {
    NGINX_PREFIX: prefix,
    CONTENT_ROOT: join(prefix, 'www'),
    KEYWARD_UPSTREAM: `127.0.0.1:${keyward.port}`,
    KEYWARD_LISTEN: `127.0.0.1:${keywardPort}`,
    KEYWARD_RESOURCE: 'cloud',
    BARE_UPSTREAM: `127.0.0.1:${bare.port}`,
    BARE_LISTEN: `127.0.0.1:${barePort}`,
    SHA_LISTEN: `127.0.0.1:${shaPort}`,
    BCRYPT_LISTEN: `127.0.0.1:${bcryptPort}`,
    OPEN_LISTEN: `127.0.0.1:${openPort}`,
    HTPASSWD_SHA: join(prefix, 'htpasswd-sha'),
    HTPASSWD_BCRYPT: join(prefix, bcryptAvailable ? 'htpasswd-bcrypt' : 'htpasswd-sha'),
  };
  writeFileSync(join(prefix, 'nginx.conf'), render(template('nginx.conf.template'), values));
  writeFileSync(join(prefix, 'conf.d', 'keyward-auth.conf'), render(template('keyward-auth.conf.template'), values));
  writeFileSync(join(prefix, 'conf.d', 'baselines.conf'), render(template('baselines.conf.template'), values));

  const args = ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', join(prefix, 'nginx.conf')];
  execFileSync('nginx', ['-t', '-q', ...args], { stdio: 'pipe' });
  const service = startService(SERVER_CPUS, 'nginx', args);
  const sites: Sites = {
    keyward: `http://127.0.0.1:${keywardPort}/`,
    bare: `http://127.0.0.1:${barePort}/`,
    sha: `http://127.0.0.1:${shaPort}/`,
    bcrypt: bcryptAvailable ? `http://127.0.0.1:${bcryptPort}/` : undefined,
    open: `http://127.0.0.1:${openPort}/`,
  };
  try {
    await waitForHttp(sites.open, service, 10_000);
    await waitForHttp(sites.keyward, service, 10_000, 401);
  } catch (err) {
    await service.stop();
    throw new Error(`${(err as Error).message}\n${readFileSync(join(prefix, 'error.log'), 'utf8').slice(-2000)}`);
  }
  return { service, sites };
}

/** Checks that the site lets valid credentials through before it is loaded. */
async function checkSite(url: string, auth: string): Promise<void> {
  const check = await fetch(url, { headers: { authorization: auth } });
  if (check.status !== 200) throw new Error(`${url} answered ${check.status} to valid credentials`);
  await check.arrayBuffer();
}

async function throughput(ctx: BenchContext, url: string, auth: string, connections = CONNECTIONS, durationS = ctx.durationS) {
  const options = { url, headers: { Authorization: auth }, connections, maxRequests: MAX_REQUESTS };
  await checkSite(url, auth);
  await wrk({ ...options, durationS: ctx.warmupS });
  return wrk({ ...options, durationS });
}

export const b7: Benchmark = {
  name: 'b7',
  title: 'Behind nginx: auth_request to keyward vs to a bare 200 route, and auth_basic',
  async run(ctx) {
    const prefix = mkdtempSync(join(tmpdir(), 'keyward-bench-nginx-'));
    let keyward: RunningKeyward | undefined;
    let bare: RunningServer | undefined;
    let nginx: Service | undefined;
    try {
      keyward = await startKeyward({ env: REFERENCE_KEYWARD_ENV });
      bare = await startBareServer();
      const started = await startNginx(prefix, keyward, bare);
      nginx = started.service;
      const { sites } = started;
      const auth = keyward.adminAuth;

      // In turns (rpsInTurns), so that the host's drift moves keyward and its baseline alike.
      const inTurns = [sites.bare, sites.keyward, sites.sha, sites.open];
      for (const url of inTurns) await checkSite(url, auth);
      const [bareRun, keywardRun, shaRun, openRun] = await rpsInTurns({ ...ctx, connections: CONNECTIONS, maxRequests: MAX_REQUESTS },
        inTurns.map((url) => ({ url, headers: { Authorization: auth } }))) as [Turn, Turn, Turn, Turn];
      ctx.log(`  auth_request → bare 200: ${Math.round(bareRun.rps)} req/s`);
      ctx.log(`  auth_request → keyward: ${Math.round(keywardRun.rps)} req/s`);
      ctx.log(`  auth_basic SHA: ${Math.round(shaRun.rps)} req/s`);
      ctx.log(`  no auth: ${Math.round(openRun.rps)} req/s`);
      // bcrypt cost 10 blocks the single worker for tens of ms per request: few connections, or
      // wrk's 5 s timeout would fire for requests queued behind one another.
      const bcryptRun = sites.bcrypt ? await throughput(ctx, sites.bcrypt, auth, 2) : undefined;
      if (bcryptRun) ctx.log(`  auth_basic bcrypt-10: ${bcryptRun.rps.toFixed(1)} req/s`);

      const baseline = { name: 'auth_request → bare 200', value: bareRun.rps, unit: 'req/s' };
      const measurements: Measurement[] = [
        { id: 'B7 nginx auth_request → keyward', value: keywardRun.rps, unit: 'req/s', baseline, goal: { on: 'ratio', op: '>=', target: 0.8 },
          note: `p99 ${(keywardRun.p99Us / 1000).toFixed(2)} ms vs ${(bareRun.p99Us / 1000).toFixed(2)} ms (medians of one-second slices)` },
        { id: 'B7 nginx auth_basic SHA (reference)', value: shaRun.rps, unit: 'req/s', baseline },
        { id: 'B7 nginx without auth (reference)', value: openRun.rps, unit: 'req/s', baseline },
      ];
      if (bcryptRun) {
        measurements.push({ id: 'B7 nginx auth_basic bcrypt-10 (reference)', value: bcryptRun.rps, unit: 'req/s', baseline });
      }
      return measurements;
    } finally {
      await nginx?.stop();
      await keyward?.stop();
      await bare?.stop();
      rmSync(prefix, { recursive: true, force: true });
    }
  },
};
