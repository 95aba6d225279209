// `node --import tsx bench/profile-summary.ts FILE.cpuprofile [TOP]`: where a V8 CPU profile (from
// `node --cpu-prof`, e.g. BENCH_CPU_PROF=DIR npm run bench -- b1) spent its time: the top functions
// by self time, and self time summed per module (keyward's own files, each dependency, node
// internals, native/GC), so a missed goal can be explained.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Summary {
  totalMs: number;
  functions: { name: string; where: string; selfMs: number; share: number }[];
  modules: { module: string; selfMs: number; share: number }[];
}

function moduleOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm && !url.includes('.cache/keyward-bench')) return nm[1]!;
  const own = /(?:keyward-bench|main)\/((?:src|bench)\/[^?#]+)/.exec(url);
  return own ? own[1]!.replace(/\.js$/, '.ts') : url;
}

export function summarise(profile: Profile, top = 25): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const modules = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const module = moduleOf(url, name);
    const where = url ? `${module}:${lineNumber + 1}` : module;
    const key = `${name}@${where}`;
    const f = functions.get(key) ?? { name, where, us: 0 };
    f.us += us;
    functions.set(key, f);
    modules.set(module, (modules.get(module) ?? 0) + us);
  }
  const share = (us: number) => us / totalUs;
  return {
    totalMs: totalUs / 1000,
    functions: [...functions.values()].sort((a, b) => b.us - a.us).slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfMs: f.us / 1000, share: share(f.us) })),
    modules: [...modules.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
      .map(([module, us]) => ({ module, selfMs: us / 1000, share: share(us) })),
  };
}

export function render(summary: Summary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  return [
    `total sampled: ${summary.totalMs.toFixed(0)} ms`,
    'self time by module:',
    ...summary.modules.map((m) => `  ${pct(m.share)}  ${m.module}`),
    'top functions by self time:',
    ...summary.functions.map((f) => `  ${pct(f.share)}  ${f.name}  (${f.where})`),
  ].join('\n');
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  process.stdout.write(`${render(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25)))}\n`);
}
