// Runs the open-loop client in its own process on the load core (open-loop-process.ts).
import { compiled, ensureBuild } from './build.js';
import { MEASURING_LINE, type OpenLoopOptions, type OpenLoopResult } from './http-client.js';
import { LOAD_CPUS } from './machine.js';
import { runPinned } from './processes.js';

/**
 * `openLoop` with one request, sent from a process of its own pinned to the load core.
 * `onMeasuring` is called when the warm-up ends (to start a server-side probe in step with it).
 */
export async function openLoopOnLoadCore(options: Omit<OpenLoopOptions, 'onMeasuring'> & { request: Buffer },
  onMeasuring: () => void = () => {}): Promise<OpenLoopResult> {
  await ensureBuild();
  const { request, ...rest } = options;
  let measuring = false;
  const out = await runPinned(LOAD_CPUS, process.execPath, [compiled('bench/lib/open-loop-process.ts')],
    (options.warmupMs ?? 0) + options.durationMs + 30_000,
    { BENCH_OPEN_LOOP: JSON.stringify({ ...rest, requestBase64: request.toString('base64') }) },
    (stdout) => {
      if (!measuring && stdout.startsWith(`${MEASURING_LINE}\n`)) {
        measuring = true;
        onMeasuring();
      }
    });
  return JSON.parse(out.trim().split('\n').at(-1)!) as OpenLoopResult;
}
