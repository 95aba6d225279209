// What a benchmark run yields, how several runs are combined (medians; each ratio is taken within
// its own run, against the baseline measured in that run, and then the median of those ratios),
// and the printed table.

export interface Goal {
  /** Which number the goal is on. */
  on: 'ratio' | 'value';
  op: '>=' | '<=' | '<';
  target: number;
}

/** One number from one run of a benchmark. */
export interface Measurement {
  /** Stable key across runs, e.g. `B1 authenticate`. */
  id: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  goal?: Goal;
  /** For ratios: true when a smaller measured value is better (latencies), so ratio = value / baseline still. */
  note?: string;
}

export interface Row {
  id: string;
  runs: number;
  value: number;
  values: number[];
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  ratio?: number;
  ratios?: number[];
  goal?: Goal;
  met?: boolean;
  note?: string;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function combine(runs: Measurement[][]): Row[] {
  const ids: string[] = [];
  const byId = new Map<string, Measurement[]>();
  for (const run of runs) {
    for (const m of run) {
      if (!byId.has(m.id)) { byId.set(m.id, []); ids.push(m.id); }
      byId.get(m.id)!.push(m);
    }
  }
  return ids.map((id) => {
    const ms = byId.get(id)!;
    const first = ms[0]!;
    const values = ms.map((m) => m.value);
    const row: Row = { id, runs: ms.length, value: median(values), values, unit: first.unit, goal: first.goal, note: first.note };
    if (first.baseline) {
      const ratios = ms.map((m) => m.value / m.baseline!.value);
      row.baseline = { ...first.baseline, value: median(ms.map((m) => m.baseline!.value)) };
      row.ratios = ratios;
      row.ratio = median(ratios);
    }
    if (row.goal) {
      const x = row.goal.on === 'ratio' ? row.ratio : row.value;
      row.met = x === undefined ? undefined
        : row.goal.op === '>=' ? x >= row.goal.target : row.goal.op === '<=' ? x <= row.goal.target : x < row.goal.target;
    }
    return row;
  });
}

const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
};

const goalText = (g: Goal | undefined, unit: string) =>
  !g ? '' : g.on === 'ratio' ? `ratio ${g.op} ${g.target}` : `${g.op} ${fmt(g.target)} ${unit}`;

export function table(rows: Row[]): string {
  const header = ['benchmark', 'median', 'unit', 'baseline (same run)', 'ratio', 'goal', 'met', 'runs'];
  const lines = rows.map((r) => [
    r.id,
    fmt(r.value),
    r.unit,
    r.baseline ? `${r.baseline.name} ${fmt(r.baseline.value)} ${r.baseline.unit}` : '',
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    goalText(r.goal, r.unit),
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    String(r.runs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}
