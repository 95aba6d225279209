// Failed verifications, counted per key id and per source address in fixed one-minute windows, so
// the verification endpoints cannot be used to guess ids or secrets at speed. Counters live in
// this process's memory and are capped, so a flood of random ids or addresses cannot grow them
// without bound (the oldest windows are dropped first).
import { KEY_ID_PATTERN } from './key-material.js';

const WINDOW_MS = 60_000;

/** Why and for how long a caller is refused. */
export interface FailureBudgetExhausted {
  limit: number;
  /** Seconds until the window that ran out resets (at least 1). */
  resetSeconds: number;
}

class FixedWindows {
  // Insertion order is window-start order (a new window re-inserts), so the head is the oldest.
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly maxTracked: number) {}

  count(key: string, now: number): { count: number; start: number } | undefined {
    this.dropExpired(now);
    const window = this.windows.get(key);
    return window && now - window.start < WINDOW_MS ? window : undefined;
  }

  add(key: string, now: number): { count: number; start: number } {
    let window = this.count(key, now);
    if (!window) {
      window = { start: now, count: 0 };
      this.windows.delete(key);
      this.windows.set(key, window);
      if (this.windows.size > this.maxTracked) {
        const oldest = this.windows.keys().next();
        if (!oldest.done) this.windows.delete(oldest.value);
      }
    }
    window.count++;
    return window;
  }

  get size(): number {
    return this.windows.size;
  }

  private dropExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start < WINDOW_MS) return;
      this.windows.delete(key);
    }
  }
}

export class FailureLimiter {
  private readonly byKey: FixedWindows;
  private readonly bySource: FixedWindows;
  private readonly now: () => number;

  /** `limit` failures per minute for each key id and each source; 0 turns the limit off. */
  constructor(readonly limit: number, options: { maxTracked?: number; now?: () => number } = {}) {
    this.byKey = new FixedWindows(options.maxTracked ?? 100_000);
    this.bySource = new FixedWindows(options.maxTracked ?? 100_000);
    this.now = options.now ?? Date.now;
  }

  /** A source that used up its budget is refused before any verification work is done. */
  sourceExhausted(source: string | undefined): FailureBudgetExhausted | undefined {
    if (this.limit === 0 || source === undefined) return undefined;
    const now = this.now();
    const window = this.bySource.count(source, now);
    return window && window.count >= this.limit ? this.exhausted(window.start, now) : undefined;
  }

  /** Counts one failure against the key id and the source; says whether either is now over budget. */
  recordFailure(keyId: string, source: string | undefined): FailureBudgetExhausted | undefined {
    if (this.limit === 0) return undefined;
    const now = this.now();
    // Malformed ids share one counter: they can never be valid, and they must not bloat memory.
    const key = this.byKey.add(KEY_ID_PATTERN.test(keyId) ? keyId : '(malformed)', now);
    const from = source === undefined ? undefined : this.bySource.add(source, now);
    const over = [key, from].filter((w) => w !== undefined && w.count > this.limit);
    if (over.length === 0) return undefined;
    return this.exhausted(Math.max(...over.map((w) => w!.start)), now);
  }

  tracked(): { keys: number; sources: number } {
    return { keys: this.byKey.size, sources: this.bySource.size };
  }

  private exhausted(windowStart: number, now: number): FailureBudgetExhausted {
    return { limit: this.limit, resetSeconds: Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)) };
  }
}
