// Plain-text tables that fit the terminal: columns two spaces apart, the widest column shrunk
// first, cut values ending in an ellipsis. No borders, so a grep or a narrow terminal reads well.

const GAP = '  ';
const MIN_WIDTH = 4;
const ELLIPSIS = '…';

/** One line, at most `width` characters; longer text ends in an ellipsis. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (flat.length <= width) return flat;
  return width <= 1 ? ELLIPSIS.slice(0, width) : `${flat.slice(0, width - 1)}${ELLIPSIS}`;
}

/**
 * Column widths for `maxWidth`, from the natural widths down, the widest column first, in three
 * passes with lower floors: first only headers wider than their values are cut ("Owner Email" over
 * an empty column), then values down to a column's `keep` width (ids and dates people must read
 * whole), then anything down to MIN_WIDTH.
 */
function fitWidths(natural: number[], content: number[], keep: readonly (number | undefined)[], maxWidth: number): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1);
  const passes = [
    content.map((c) => Math.max(MIN_WIDTH, c)),
    widths.map((_, i) => Math.max(MIN_WIDTH, keep[i] ?? 0)),
    widths.map(() => MIN_WIDTH),
  ];
  for (const floors of passes) {
    while (total() > maxWidth) {
      const candidates = widths.map((w, i) => (w > floors[i]! ? w : -1));
      const widest = candidates.indexOf(Math.max(...candidates));
      if (candidates[widest]! < 0) break;
      widths[widest]! -= 1;
    }
  }
  return widths; // possibly still too wide: then the terminal wraps rather than lose every column
}

/**
 * A header line and one line per row, no line longer than `maxWidth` (Infinity: never cut, for
 * output piped into another program). `keep[i]` is how wide column i stays while others can shrink.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth: number, keep: readonly (number | undefined)[] = []): string[] {
  const flat = rows.map((row) => headers.map((_, i) => (row[i] ?? '').replace(/[\r\n\t]+/g, ' ')));
  const content = headers.map((_, i) => Math.max(0, ...flat.map((row) => row[i]!.length)));
  const natural = headers.map((h, i) => Math.max(h.length, content[i]!));
  const widths = fitWidths(natural, content, keep, maxWidth);
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => truncate(cell, widths[i]!).padEnd(i === cells.length - 1 ? 0 : widths[i]!)).join(GAP).trimEnd();
  return [line(headers), ...flat.map(line)];
}

/** `Label: value` lines for one object, values cut to fit `maxWidth`. */
export function renderFields(fields: ReadonlyArray<readonly [string, string]>, maxWidth: number): string[] {
  const labelWidth = Math.max(...fields.map(([label]) => label.length)) + 1;
  return fields.map(([label, value]) => {
    const prefix = `${`${label}:`.padEnd(labelWidth)}${GAP}`;
    return `${prefix}${truncate(value, Math.max(MIN_WIDTH, maxWidth - prefix.length))}`.trimEnd();
  });
}
