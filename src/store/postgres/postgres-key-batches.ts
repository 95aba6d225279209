// Group commit of API-key creation for the PostgreSQL store. A create locks its organization's row
// until COMMIT so that quota counts cannot be overtaken (lockOrganizations; the counts are
// counters kept in the database, read in O(batch) however many keys there are), and COMMIT waits
// for the WAL flush; so one transaction per key runs the creates of an organization strictly one
// after another, at the disk's flush rate. The creates queued in this process are therefore decided and
// inserted together: one transaction, one lock per organization, one flush for the whole batch.
//
// The batch decides each create in queue order exactly as one-at-a-time transactions would: the
// owner must be live, then the environment, then the organization's quota, then the owner's, and
// an accepted key counts against the quotas of the creates after it. A refused create writes
// nothing. No caller hears back before COMMIT has returned, so nothing is acknowledged before it
// is durable. If the database is unreachable or the connection died (StoreUnavailableError, the
// outcome unknown) every create of the batch fails with that error, and so it does when a
// statement timed out; if the batch failed for any other reason (one key id already taken …) each
// of its creates is retried alone, so one bad row cannot fail its neighbours.
//
// Two batches may be in flight per store, so that the database never waits for keyward between
// them: the next batch starts once the one before holds its locks and has decided, and sends its
// BEGIN, lock and read at once. The lock of an organization both have creates in makes it wait
// there until the one before has committed, so it still reads what that one wrote (batches of
// different organizations have nothing to wait for). It writes only once the one before has
// committed. Should the one before fail, it rolls back unwritten and its creates queue again, after
// the failed batch's creates have been retried alone: creates are still decided in queue order.
// The next batch takes everything queued meanwhile: the busier the store, the bigger the batches,
// while an idle store runs a lone create at once.
import type { ApiKeyRecord, AuditRecord, CreateKeyResult, KeyQuota } from '../store.js';
import { EndOfTurn } from '../../core/end-of-turn.js';
import { StoreUnavailableError } from '../store-errors.js';
import { errorCode } from './postgres-faults.js';

/** One call of `createApiKey`. */
export interface KeyCreate {
  key: ApiKeyRecord;
  quota: KeyQuota;
  audit: AuditRecord;
}

/** What one transaction did; handed to `onKeyBatch` for tests and benchmarks. */
export interface KeyBatchReport {
  /** Creates in the transaction (1 for each retry of a failed batch's creates alone). */
  size: number;
  /** False when the transaction failed as a whole; each of its creates then failed or was retried alone. */
  committed: boolean;
  /** Set when it rolled back unwritten because the batch before it failed; its creates queued again. */
  withdrawn?: true;
}

export interface KeyBatchOptions {
  /** Most creates in one transaction (default 256). */
  maxKeyBatch?: number;
  /** Called after every transaction of key creates. */
  onKeyBatch?: (report: KeyBatchReport) => void;
}

/** What a batch's transaction hears from the batcher between deciding and writing. */
export interface BatchTurn {
  /** To be called once the transaction holds its organizations' locks and has decided: the next batch may start. */
  decided(): void;
  /** Whether to write what it decided (true), or to roll back unwritten (false: the batch before it did not commit). */
  mayWrite: Promise<boolean>;
}

/** How a batch reaches the database; the store wraps both in its own transaction handling. */
export interface KeyCreateRunner {
  /**
   * All of `creates` in one transaction (postgres-key-creates.ts), their results in the same order,
   * or 'withdrawn' when `turn.mayWrite` said no and the transaction rolled back unwritten.
   */
  batch(creates: readonly KeyCreate[], turn: BatchTurn): Promise<CreateKeyResult[] | 'withdrawn'>;
  /** One create in a transaction of its own. */
  single(create: KeyCreate): Promise<CreateKeyResult>;
}

interface Queued extends KeyCreate {
  /** Its place in the queue, kept when a withdrawn batch queues it again. */
  seq: number;
  resolve: (result: CreateKeyResult) => void;
  reject: (reason: unknown) => void;
}

export const DEFAULT_MAX_KEY_BATCH = 256;
const MAX_IN_FLIGHT = 2;

export class KeyCreateBatcher {
  private queue: Queued[] = [];
  private submitted = 0;
  /** Batches started and not yet settled. */
  private readonly inFlight = new Set<Promise<void>>();
  /** A batch has started and not yet decided; the next one starts after it has. */
  private deciding = false;
  /** A batch failed: none starts until every one in flight has settled and its creates were retried alone. */
  private halted = false;
  /** Whether the batch started last will have committed: the next one writes only if it has. */
  private lastCommitted: Promise<boolean> = Promise.resolve(true);
  /** The batch started last, settled once its creates were answered (retries alone included). */
  private lastBatch: Promise<void> = Promise.resolve();
  private readonly endOfTurn = new EndOfTurn(() => this.next());
  private readonly maxBatch: number;
  private readonly onBatch: ((report: KeyBatchReport) => void) | undefined;

  constructor(private readonly runner: KeyCreateRunner, options: KeyBatchOptions = {}) {
    this.maxBatch = Math.max(1, options.maxKeyBatch ?? DEFAULT_MAX_KEY_BATCH);
    this.onBatch = options.onKeyBatch;
  }

  /** Queues a create; settles once the transaction holding it has committed or failed. */
  submit(create: KeyCreate): Promise<CreateKeyResult> {
    return new Promise<CreateKeyResult>((resolve, reject) => {
      this.queue.push({ ...create, seq: this.submitted++, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.next();
      else this.endOfTurn.request();
    });
  }

  /** Runs every queued create and waits for them (close() calls it before ending the pool). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0 || this.queue.length > 0) {
      this.next();
      await Promise.all(this.inFlight);
    }
  }

  /** Starts a batch of what is queued, if the batches in flight let it. */
  private next(): void {
    if (this.deciding || this.halted || this.inFlight.size >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    const items = this.queue.splice(0, this.maxBatch);
    const mayWrite = this.lastCommitted;
    let settleCommitted!: (committed: boolean) => void;
    this.lastCommitted = new Promise((resolve) => { settleCommitted = resolve; });
    this.deciding = true;
    let decided = false;
    const markDecided = () => {
      if (decided) return;
      decided = true;
      this.deciding = false;
    };
    const turn: BatchTurn = {
      decided: () => {
        markDecided();
        // At the end of the turn, so that the requests that turn took in go into the next batch.
        this.endOfTurn.request();
      },
      mayWrite,
    };
    const batch = this.run(items, turn, settleCommitted, this.lastBatch).finally(() => {
      markDecided(); // It may have failed before deciding.
      this.inFlight.delete(batch);
      if (this.inFlight.size === 0 && this.halted) {
        // Every batch of the failure has settled, and its creates were answered or queued again.
        this.halted = false;
        this.lastCommitted = Promise.resolve(true);
      }
      // What queued up meanwhile has waited a whole transaction already: no setImmediate here.
      this.next();
    });
    this.inFlight.add(batch);
    this.lastBatch = batch;
  }

  private async run(items: Queued[], turn: BatchTurn, settleCommitted: (committed: boolean) => void,
    previousBatch: Promise<void>): Promise<void> {
    let results: CreateKeyResult[] | 'withdrawn';
    try {
      results = await this.runner.batch(items, turn);
    } catch (error) {
      this.halted = true;
      settleCommitted(false);
      this.onBatch?.({ size: items.length, committed: false });
      if (items.length > 1 && worthRetryingAlone(error)) {
        // Should the batch before this one fail too, its creates are retried first.
        await previousBatch;
        await this.retryAlone(items);
      } else {
        for (const queued of items) queued.reject(error);
      }
      return;
    }
    if (results === 'withdrawn') {
      this.halted = true;
      settleCommitted(false);
      this.onBatch?.({ size: items.length, committed: false, withdrawn: true });
      // Back in their places: the batcher is halted until the failed batch's creates were retried.
      this.queue = [...items, ...this.queue].sort((a, b) => a.seq - b.seq);
      return;
    }
    settleCommitted(true);
    items.forEach((queued, i) => queued.resolve(results[i]!));
    this.onBatch?.({ size: items.length, committed: true });
  }

  /** Each create of a failed batch in a transaction of its own, so only a bad one fails. */
  private async retryAlone(items: Queued[]): Promise<void> {
    // One after another, in queue order, so quotas are still decided in the order they were asked.
    for (const queued of items) {
      try {
        queued.resolve(await this.runner.single(queued));
        this.onBatch?.({ size: 1, committed: true });
      } catch (error) {
        queued.reject(error);
        this.onBatch?.({ size: 1, committed: false });
      }
    }
  }
}

/**
 * Whether a failed batch is worth retrying create by create: when one bad row may be to blame.
 * Not when the database is gone or the connection died (the outcome is unknown, and a COMMIT that
 * did land would be repeated), nor when a statement timed out or was cancelled (waiting on a lock,
 * say): no row is to blame, and the retries would wait out the timeout again one after another.
 */
function worthRetryingAlone(error: unknown): boolean {
  return !(error instanceof StoreUnavailableError) && errorCode(error) !== '57014';
}
