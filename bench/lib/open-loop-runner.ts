// Runs the open-loop client in its own process on the load core (open-loop-process.ts).
import { once } from 'node:events';
import { compiled, ensureBuild } from './build.js';
import type { OpenLoopOptions, OpenLoopResult } from './http-client.js';
import { LOAD_CPUS } from './machine.js';
import { startService } from './processes.js';

/** What the client process prints when its warm-up ends and the measured period begins. */
export const MEASURING_LINE = 'measuring';

/**
 * `openLoop` with one request, sent from a process of its own pinned to the load core.
 * `onMeasuring` is called when the warm-up ends (to start a server-side probe in step with it).
 */
export async function openLoopOnLoadCore(options: Omit<OpenLoopOptions, 'onMeasuring'> & { request: Buffer },
  onMeasuring: () => void = () => {}): Promise<OpenLoopResult> {
  await ensureBuild();
  const { request, ...rest } = options;
  const client = startService(LOAD_CPUS, process.execPath, [compiled('bench/lib/open-loop-process.ts')],
    { BENCH_OPEN_LOOP: JSON.stringify({ ...rest, requestBase64: request.toString('base64') }) });
  let stdout = '';
  let measuring = false;
  client.child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!measuring && stdout.startsWith(`${MEASURING_LINE}\n`)) {
      measuring = true;
      onMeasuring();
    }
  });
  const timer = setTimeout(() => client.child.kill('SIGKILL'), (options.warmupMs ?? 0) + options.durationMs + 30_000);
  const [code, signal] = await once(client.child, 'exit') as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the open-loop client exited with ${code ?? signal}:\n${client.output()}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as OpenLoopResult;
}
