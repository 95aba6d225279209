// A fixed one-minute window per credential, kept in this process's memory. Behind several
// instances each one counts its own traffic (see the README's deployment notes).

export interface RateDecision {
  limit: number;
  remaining: number;
  /** Seconds until the window resets (relative, as Confluent documents). */
  resetSeconds: number;
  allowed: boolean;
}

const WINDOW_MS = 60_000;
const SWEEP_EVERY = 10_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private sinceSweep = 0;

  constructor(private readonly limit: number, private readonly now: () => number = Date.now) {}

  take(credential: string): RateDecision {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(credential);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(credential, window);
    }
    const allowed = window.count < this.limit;
    if (allowed) window.count++;
    return {
      limit: this.limit,
      remaining: this.limit - window.count,
      resetSeconds: Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000)),
      allowed,
    };
  }

  /** Drops finished windows now and then, so memory follows the number of active credentials. */
  private sweep(now: number): void {
    if (++this.sinceSweep < SWEEP_EVERY) return;
    this.sinceSweep = 0;
    for (const [credential, window] of this.windows) {
      if (now - window.start >= WINDOW_MS) this.windows.delete(credential);
    }
  }
}
