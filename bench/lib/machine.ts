// How the benchmarks share the machine. The system under test (keyward, the bare baseline server,
// nginx, the raw SQLite baseline) runs pinned to SERVER_CPUS and everything that generates load
// (wrk, the open-loop client, this runner itself) to LOAD_CPUS, so the two never take each other's
// core. On the 2-core reference machine that is core 0 and core 1.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

export const SERVER_CPUS = process.env.BENCH_SERVER_CPUS ?? '0';
export const LOAD_CPUS = process.env.BENCH_LOAD_CPUS ?? (cpus().length > 1 ? '1' : '0');

const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

/** `command args…` prefixed so that it runs on `cpuList` (when taskset exists). */
export function pinned(cpuList: string, command: string, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', cpuList, command, ...args]] : [command, args];
}

/** Moves this process (every thread) onto the load-generator cores; its children inherit that. */
export function pinSelfToLoadCpus(): boolean {
  if (!hasTaskset) return false;
  execFileSync('taskset', ['-a', '-c', '-p', LOAD_CPUS, String(process.pid)], { stdio: 'ignore' });
  return true;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  serverCpus: string;
  loadCpus: string;
  taskset: boolean;
  node: string;
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    serverCpus: SERVER_CPUS,
    loadCpus: LOAD_CPUS,
    taskset: hasTaskset,
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Something else is using the CPUs: the numbers will be noisy and probably low. */
export function busyWarning(): string | undefined {
  const [oneMinute = 0] = loadavg();
  return oneMinute > 1.5
    ? `load average is ${oneMinute.toFixed(1)} before starting: other processes compete for the cores, expect noisy, low numbers`
    : undefined;
}

export interface StallProbe {
  cpus: string;
  /** Pauses of more than 0.5 ms seen by a busy loop in one second (preemption by the host or the kernel). */
  stalls: number;
  /** Longest such pause, in ms. */
  longestMs: number;
}

const stallProbeSource = `
  const end = process.hrtime.bigint() + 1_000_000_000n;
  let last = process.hrtime.bigint(), stalls = 0, longest = 0;
  for (;;) {
    const now = process.hrtime.bigint();
    if (now > end) break;
    const gap = Number(now - last) / 1e6;
    if (gap > 0.5) { stalls++; longest = Math.max(longest, gap); }
    last = now;
  }
  console.log(JSON.stringify({ stalls, longestMs: Math.round(longest * 100) / 100 }));
`;

/**
 * A one-second busy loop on `cpuList`, counting the pauses it did not cause. On a quiet physical
 * machine there are none; on a shared virtual machine the host's preemptions show up here, and
 * they are what puts a floor under every p99 latency measured on it.
 */
export function probeStalls(cpuList: string): StallProbe {
  const [cmd, args] = pinned(cpuList, process.execPath, ['-e', stallProbeSource]);
  const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return { cpus: cpuList, ...(JSON.parse(out) as { stalls: number; longestMs: number }) };
}
