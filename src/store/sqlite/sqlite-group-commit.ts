// Group commit for the SQLite store. With synchronous = FULL every COMMIT waits for an fsync, so
// one transaction per write caps the store at the disk's fsync rate however fast the CPU is.
// Writes are therefore queued and run together: one BEGIN IMMEDIATE, each queued write under its
// own SAVEPOINT, one COMMIT, one fsync. A write that throws (a unique violation …) is rolled back
// to its savepoint alone and its neighbours commit; a quota refusal writes nothing either way; and
// each write sees the ones before it in the batch, as it would one transaction after another, so a
// quota check counts the keys created just before it. No caller hears back
// before COMMIT has returned, so nothing is acknowledged before it is durable; if the batch as a
// whole fails (BEGIN times out on the lock, COMMIT fails, an I/O error undoes the transaction)
// every write in it fails with that error and none of them took effect.
//
// The flush is synchronous, like every better-sqlite3 call, so no read ever runs inside an open
// batch and nothing uncommitted is ever visible to this process either.
import type Database from 'better-sqlite3';
import { EndOfTurn } from '../../core/end-of-turn.js';

/** What one flush did; handed to `onBatch` for tests and benchmarks. */
export interface BatchReport {
  /** Writes in the batch. */
  size: number;
  /** False when the batch failed as a whole and every write in it was rejected. */
  committed: boolean;
}

export interface GroupCommitOptions {
  /** A batch is flushed at once when this many writes are queued (default 256). */
  maxBatch?: number;
  /** Called after every flush. */
  onBatch?: (report: BatchReport) => void;
}

export interface BatchHooks {
  /** Runs first inside each batch, holding the write lock. */
  begin(): void;
  /** Runs before each write of a batch. */
  beforeWrite(): void;
  /** Runs after a write threw and was rolled back to its savepoint. */
  writeRolledBack(): void;
  /** Runs when a batch failed as a whole, after its rollback. */
  abort(): void;
}

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export const DEFAULT_MAX_BATCH = 256;

export class GroupCommit {
  private queue: Queued[] = [];
  private readonly endOfTurn = new EndOfTurn(() => this.flush());
  private readonly maxBatch: number;
  private readonly onBatch: ((report: BatchReport) => void) | undefined;
  // Built once: better-sqlite3 runs the outer one as BEGIN IMMEDIATE … COMMIT (ROLLBACK when it
  // throws or COMMIT fails) and, since a transaction is then open, the inner one as
  // SAVEPOINT … RELEASE (ROLLBACK TO, RELEASE when it throws).
  private readonly batch: Database.Transaction<(items: Queued[]) => Outcome[]>;
  private readonly item: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(private readonly db: Database.Database, private readonly hooks: BatchHooks, options: GroupCommitOptions = {}) {
    this.maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH);
    this.onBatch = options.onBatch;
    this.item = db.transaction((work: () => unknown) => work());
    this.batch = db.transaction((items: Queued[]) => this.runItems(items));
  }

  /** Queues `work` (synchronous SQL on this connection); settles once its batch has committed or failed. */
  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.endOfTurn.request();
    });
  }

  /** Runs every queued write now (close() and migrate() call it so nothing queued is left behind). */
  flush(): void {
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.batch.immediate(items);
    } catch (error) {
      // Rolled back already (better-sqlite3 does when COMMIT or anything before it throws).
      this.hooks.abort();
      for (const queued of items) queued.reject(error);
      this.onBatch?.({ size: items.length, committed: false });
      return;
    }
    items.forEach((queued, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
    this.onBatch?.({ size: items.length, committed: true });
  }

  private runItems(items: Queued[]): Outcome[] {
    this.hooks.begin();
    const outcomes: Outcome[] = [];
    for (const queued of items) {
      this.hooks.beforeWrite();
      try {
        outcomes.push({ ok: true, value: this.item(queued.work) });
      } catch (error) {
        // SQLite undoes the whole transaction on some errors (I/O, disk full, out of memory); the
        // writes before this one are then gone too, and the rest must not run in autocommit.
        if (!this.db.inTransaction) throw error;
        this.hooks.writeRolledBack();
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }
}
