// Runs the BUILT `keyward` binary as a subprocess against a real keyward listening on loopback,
// with its own config directory, and collects exit code, stdout and stderr.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../helpers/dialects.js';
import type { Credentials } from '../helpers/test-app.js';
import { builtFile } from '../client/built.js';
import { startListeningApp, type ListeningApp } from '../client/listening-app.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra environment; `KEYWARD_*` of the test process itself is never passed on. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (stdin is empty by default). */
  input?: string;
  /** Extra `node` flags, e.g. `--import` of a hook. */
  nodeArgs?: string[];
}

/** Runs `node dist/src/cli/bin.js ...args`: stdout and stderr are pipes, so never a terminal. */
export function runBuiltCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const bin = builtFile('dist/src/cli/bin.js');
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^KEYWARD_(URL|API_KEY|API_SECRET|CONFIG_DIR)$/.test(name)));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], { env: { ...env, ...options.env }, stdio: 'pipe' });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

/** A listening keyward plus a private config directory for the CLI. */
export interface CliFixture extends ListeningApp {
  configDir: string;
  /** Environment that logs the CLI in with `creds` (the admin by default) without a login. */
  envFor(creds?: Credentials): Record<string, string>;
  /** Runs the CLI with the config directory and, unless `env` says otherwise, the admin's credentials. */
  cli(args: string[], options?: RunOptions): Promise<CliResult>;
}

export async function startCliFixture(dialect: Dialect, serverEnv: Record<string, string> = {}): Promise<CliFixture> {
  const app = await startListeningApp(dialect, serverEnv);
  const configDir = mkdtempSync(join(tmpdir(), 'keyward-cli-'));
  const envFor = (creds: Credentials = app.t.admin) => ({ KEYWARD_URL: app.baseUrl, KEYWARD_API_KEY: creds.keyId, KEYWARD_API_SECRET: creds.secret });
  return {
    ...app,
    configDir,
    envFor,
    cli: (args, options = {}) => runBuiltCli(args, { ...options, env: { KEYWARD_CONFIG_DIR: configDir, ...envFor(), ...options.env } }),
    async close() {
      rmSync(configDir, { recursive: true, force: true });
      await app.close();
    },
  };
}

/** Parses stdout as JSON, failing with the whole run when it is not. */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
