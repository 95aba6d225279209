// A one-line progress bar on stderr, drawn only when a person watches: stderr and stdout are both
// terminals (nothing goes into a pipe or a log file, and `keyward … | less` gets no bar across its
// pager). Without a known total it shows a moving block and the count so far.

const FILLED = '█';
const EMPTY = '░';
const REDRAW_MS = 80;

export interface Progress {
  /** Counts `n` more items done. */
  tick(n?: number): void;
  /** Sets (or changes) the total once it is known. */
  setTotal(total: number): void;
  /** Stops drawing: `keep` leaves the final bar on screen, otherwise the line is cleared. */
  done(keep?: boolean): void;
}

const silent: Progress = { tick() {}, setTotal() {}, done() {} };

export function progressBar(label: string, options: { enabled: boolean; total?: number; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled || !stream.isTTY || !process.stdout.isTTY) return silent;
  let count = 0;
  let total = options.total;
  let frame = 0;
  let drawnAt = 0;

  const draw = () => {
    drawnAt = Date.now();
    const width = Math.max(20, (stream.columns || 80) - 1);
    const counter = total === undefined ? `${count}` : `${Math.floor((count / Math.max(total, 1)) * 100)}% ${count}/${total}`;
    const barWidth = Math.max(10, Math.min(40, width - label.length - counter.length - 4));
    const bar = total === undefined ? bouncing(barWidth, frame++) : filled(barWidth, count / Math.max(total, 1));
    stream.write(`\r${`${label} [${bar}] ${counter}`.slice(0, width)}\x1b[K`);
  };

  draw();
  return {
    tick(n = 1) {
      count += n;
      if (Date.now() - drawnAt >= REDRAW_MS) draw();
    },
    setTotal(value) {
      total = value;
      draw();
    },
    done(keep = false) {
      if (keep) {
        draw();
        stream.write('\n');
      } else {
        stream.write('\r\x1b[K');
      }
    },
  };
}

/**
 * Every item of `items`, counted on a progress bar while they arrive (when `enabled` and a person
 * watches): what each list command does with its `listAll…` iterator.
 */
export async function collectWithProgress<T>(label: string, enabled: boolean, items: AsyncIterable<T>): Promise<T[]> {
  const progress = progressBar(label, { enabled });
  const collected: T[] = [];
  try {
    for await (const item of items) {
      collected.push(item);
      progress.tick();
    }
  } finally {
    progress.done();
  }
  return collected;
}

function filled(width: number, ratio: number): string {
  const n = Math.round(Math.min(1, Math.max(0, ratio)) * width);
  return FILLED.repeat(n) + EMPTY.repeat(width - n);
}

function bouncing(width: number, frame: number): string {
  const block = Math.max(3, Math.floor(width / 5));
  const span = width - block;
  const pos = span === 0 ? 0 : Math.abs((frame % (2 * span)) - span);
  return EMPTY.repeat(pos) + FILLED.repeat(block) + EMPTY.repeat(width - block - pos);
}
