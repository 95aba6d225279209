// The -o/--output flag every describing command takes, and how each format is written.
import { Option } from 'commander';
import { renderFields, renderTable } from './table.js';

export type OutputFormat = 'human' | 'json' | 'yaml';

export function outputOption(): Option {
  return new Option('-o, --output <format>', 'output format').choices(['human', 'json', 'yaml']).default('human');
}

/** Human output is cut to the terminal's width; piped, it is left whole for the next program. */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return stream.isTTY ? stream.columns || 80 : Number.POSITIVE_INFINITY;
}

export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}

/** Writes `data` as JSON or YAML (for `-o json|yaml`). */
export async function printSerialized(format: 'json' | 'yaml', data: unknown): Promise<void> {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  // Loaded on demand: the YAML library takes longer to load than most commands take to run.
  const { stringify } = await import('yaml');
  process.stdout.write(stringify(data));
}

/** A table column: header, row property, and optionally the width it keeps while others shrink. */
export type Column<R> = readonly [header: string, key: keyof R, keep?: number];

/** A list of rows: a table for people, the rows' serialized form for programs. */
export async function printRows<R extends object>(format: OutputFormat, rows: readonly R[], columns: ReadonlyArray<Column<R>>): Promise<void> {
  if (format !== 'human') return printSerialized(format, rows);
  const cells = rows.map((row) => columns.map(([, key]) => String(row[key] ?? '')));
  printLines(renderTable(columns.map(([header]) => header), cells, outputWidth(), columns.map(([, , keep]) => keep)));
}

/** One object: `Label: value` lines for people, the object for programs. */
export async function printRecord<R extends object>(format: OutputFormat, record: R, fields: ReadonlyArray<readonly [string, keyof R]>): Promise<void> {
  if (format !== 'human') return printSerialized(format, record);
  printLines(renderFields(fields.map(([label, key]) => [label, String(record[key] ?? '')] as const), outputWidth()));
}
