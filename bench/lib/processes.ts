// Child processes of the benchmarks: started pinned, waited for, and always stopped by their own
// pid (never by name), including when the runner is interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { pinned } from './machine.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const running = new Set<ChildProcess>();

function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface Service {
  child: ChildProcess;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `command` pinned to `cpus`, keeping its output (for error messages). */
export function startService(cpus: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Service {
  const [cmd, argv] = pinned(cpus, command, args);
  const child = spawn(cmd, argv, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const keep = (d: Buffer) => { output = (output + d.toString()).slice(-20_000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    child,
    // taskset execs the command, so this is the pid of the program itself.
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Runs a command pinned to `cpus` to completion and returns its standard output; rejects on a
 * non-zero exit or after `timeoutMs`. `onOutput` sees the output so far as it grows.
 */
export async function runPinned(cpus: string, command: string, args: string[], timeoutMs: number,
  env: NodeJS.ProcessEnv = {}, onOutput: (stdoutSoFar: string) => void = () => {}): Promise<string> {
  const service = startService(cpus, command, args, env);
  let stdout = '';
  service.child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    onOutput(stdout);
  });
  const timer = setTimeout(() => service.child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await once(service.child, 'exit') as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${service.output()}`);
  return stdout;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls `url` until it answers `expect` (default 200), for at most `timeoutMs`. */
export async function waitForHttp(url: string, service: Service, timeoutMs = 30_000, expect = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`process exited before answering ${url}:\n${service.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === expect) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${service.output()}`);
    await sleep(100);
  }
}

/** Resident set size of a process, in bytes (Linux). */
export async function residentBytes(pid: number): Promise<{ rss: number; peak: number }> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
