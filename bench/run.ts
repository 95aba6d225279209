// `npm run bench [-- b1 b3 …] [--runs N] [--duration S] [--warmup S] [--json FILE]`: runs the
// selected benchmarks (all by default) N times each (default 3), prints a table of medians with
// each ratio against the baseline measured in the same run, and writes the results as JSON: to
// bench/results.json for a run of all of them, and for a selection to a file in the temporary
// directory, so that a quick check does not overwrite the full results kept in the repository.
// See bench/README.md.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { b1 } from './b1-authenticate.js';
import { b2 } from './b2-verify-in-process.js';
import { b3 } from './b3-create.js';
import { b4 } from './b4-list.js';
import { b5 } from './b5-memory.js';
import { b6 } from './b6-postgres.js';
import { b7 } from './b7-nginx.js';
import type { Benchmark, BenchContext } from './lib/benchmark.js';
import { busyWarning, machineInfo, pinSelfToLoadCpus, probeStalls, SERVER_CPUS, LOAD_CPUS } from './lib/machine.js';
import { repoRoot } from './lib/processes.js';
import { combine, table, type Measurement } from './lib/report.js';

const all: Benchmark[] = [b1, b2, b3, b4, b5, b6, b7];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`usage: npm run bench -- [${all.map((b) => b.name).join(' ')}] [--runs N] [--duration S] [--warmup S] [--json FILE]\n`);
  for (const b of all) process.stdout.write(`  ${b.name}  ${b.title}\n`);
  process.exit(0);
}
const wanted = positionals.map((p) => p.toLowerCase());
const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(' ')}\n`);
  process.exit(2);
}
const selected = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all;
const runs = Math.max(1, Number(values.runs));
const ctx: BenchContext = {
  durationS: Math.max(1, Number(values.duration)),
  warmupS: Math.max(1, Number(values.warmup)),
  log: (line) => process.stderr.write(`${line}\n`),
};

const machine = machineInfo();
const warning = busyWarning();
pinSelfToLoadCpus();
ctx.log(`keyward benchmarks: ${selected.map((b) => b.name).join(' ')} × ${runs} runs, ${ctx.durationS} s loads; `
  + `server on CPU ${machine.serverCpus}, load on CPU ${machine.loadCpus}${machine.taskset ? '' : ' (taskset missing: not pinned)'}`);
if (warning) ctx.log(`WARNING: ${warning}`);
const stalls = [...new Set([SERVER_CPUS, LOAD_CPUS])].map(probeStalls);
const stallLine = `CPU stalls in a 1 s busy loop: ${stalls.map((s) => `CPU ${s.cpus}: ${s.stalls} over 0.5 ms, longest ${s.longestMs} ms`).join('; ')}`;
ctx.log(stallLine);

const measured: Measurement[][] = [];
const failures: { benchmark: string; run: number; error: string }[] = [];
for (const benchmark of selected) {
  for (let run = 1; run <= runs; run++) {
    ctx.log(`${benchmark.name} run ${run}/${runs}: ${benchmark.title}`);
    try {
      measured.push(await benchmark.run(ctx));
    } catch (err) {
      const error = err instanceof Error ? err.stack ?? err.message : String(err);
      failures.push({ benchmark: benchmark.name, run, error });
      ctx.log(`${benchmark.name} run ${run} failed: ${error}`);
    }
  }
}

const rows = combine(measured);
process.stdout.write(`\n${table(rows)}\n`);
for (const row of rows.filter((r) => r.note)) process.stdout.write(`  ${row.id}: ${row.note}\n`);
process.stdout.write(`\n${stallLine}\n`);
if (warning) process.stdout.write(`WARNING: ${warning}\n`);
if (failures.length) process.stdout.write(`\n${failures.length} run(s) failed: ${failures.map((f) => `${f.benchmark}#${f.run}`).join(', ')}\n`);

const ranAll = selected.length === all.length;
const file = values.json ?? (ranAll
  ? join(repoRoot, 'bench', 'results.json')
  : join(mkdtempSync(join(tmpdir(), 'keyward-bench-results-')), 'results.json'));
writeFileSync(file, `${JSON.stringify({
  date: new Date().toISOString(), machine, stalls, loadAverageAfter: machineInfo().loadAverage, warning, runs,
  durationS: ctx.durationS, warmupS: ctx.warmupS, rows, failures,
}, null, 2)}\n`);
process.stdout.write(`\nwritten to ${file}\n`);
process.exit(failures.length ? 1 : 0);
