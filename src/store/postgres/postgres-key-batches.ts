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
// One batch is in flight per store at a time, and the next takes everything queued meanwhile: the
// busier the store, the bigger the batches, while an idle store runs a lone create at once.
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
}

export interface KeyBatchOptions {
  /** Most creates in one transaction (default 256). */
  maxKeyBatch?: number;
  /** Called after every transaction of key creates. */
  onKeyBatch?: (report: KeyBatchReport) => void;
}

/** How a batch reaches the database; the store wraps both in its own transaction handling. */
export interface KeyCreateRunner {
  /** All of `creates` in one transaction (postgres-key-creates.ts), their results in the same order. */
  batch(creates: readonly KeyCreate[]): Promise<CreateKeyResult[]>;
  /** One create in a transaction of its own. */
  single(create: KeyCreate): Promise<CreateKeyResult>;
}

interface Queued extends KeyCreate {
  resolve: (result: CreateKeyResult) => void;
  reject: (reason: unknown) => void;
}

export const DEFAULT_MAX_KEY_BATCH = 256;

export class KeyCreateBatcher {
  private queue: Queued[] = [];
  private inFlight: Promise<void> | undefined;
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
      this.queue.push({ ...create, resolve, reject });
      if (this.inFlight) return; // It takes the queue in when it finishes.
      if (this.queue.length >= this.maxBatch) this.next();
      else this.endOfTurn.request();
    });
  }

  /** Runs every queued create and waits for them (close() calls it before ending the pool). */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      this.next();
      await this.inFlight;
    }
  }

  /** Starts a batch of what is queued, unless one is in flight already. */
  private next(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const items = this.queue.splice(0, this.maxBatch);
    this.inFlight = this.run(items).finally(() => {
      this.inFlight = undefined;
      // What queued up meanwhile has waited a whole transaction already: no setImmediate here.
      this.next();
    });
  }

  private async run(items: Queued[]): Promise<void> {
    let results: CreateKeyResult[];
    try {
      results = await this.runner.batch(items);
    } catch (error) {
      this.onBatch?.({ size: items.length, committed: false });
      if (items.length > 1 && worthRetryingAlone(error)) {
        await this.retryAlone(items);
      } else {
        for (const queued of items) queued.reject(error);
      }
      return;
    }
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
