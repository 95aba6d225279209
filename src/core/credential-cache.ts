// Keeps verification off the database: the credentials the store returned (key record and owner
// liveness, never a secret), by key id, least recently used first out, each for at most `ttlMs`.
// The secret is checked against the cached hash on every call, so a hit decides nothing by itself;
// an entry also keeps the fingerprint of the last secret that matched (SecretHasher.verifyRemembered).
//
// Revocation: expiry needs nothing here (it is checked from `expiresAt` at every verification);
// deletes arrive through `revoke` (this process's services at once, other instances via the
// store's feed). Unknown ids go to a second, smaller LRU so that a flood of random ids cannot grow
// memory or push real credentials out, and so that a repeated unknown id costs what a cached key
// costs. A load that overlaps a revocation is answered but never cached (see `epoch`).
import type { CredentialRecord } from '../store/records.js';
import type { RevocationEvent, Store } from '../store/store.js';
import { BoundedLru } from './bounded-lru.js';
import type { SeenSecret } from './key-material.js';

export type CredentialSource = Pick<Store, 'getCredential'>;

export interface CredentialCacheOptions {
  /** Most credentials kept; 0 turns caching off. */
  maxEntries: number;
  /** Backstop: an entry is reloaded after this long even if no revocation was seen. */
  ttlMs: number;
  /** Most unknown ids remembered; default a tenth of `maxEntries`, between 16 and 10 000. */
  maxNegativeEntries?: number;
  /**
   * Whether deletions will be seen from the start. False while a revocation feed is not yet
   * connected: nothing is cached until it reports `reset` with `live: true`.
   */
  live?: boolean;
  now?: () => number;
}

export interface CachedCredential extends SeenSecret {
  readonly credential: CredentialRecord | undefined;
}

interface Entry extends CachedCredential {
  loadedAt: number;
}

export interface CredentialCacheStats {
  entries: number;
  negativeEntries: number;
  maxEntries: number;
  maxNegativeEntries: number;
  hits: number;
  loads: number;
  live: boolean;
}

export class CredentialCache implements CredentialSource {
  private readonly known: BoundedLru<Entry>;
  private readonly unknown: BoundedLru<Entry>;
  private readonly inFlight = new Map<string, Promise<CredentialRecord | undefined>>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  // Bumped by every revocation: a load started under an older epoch may have read the row before
  // the delete committed, so its answer is returned to its callers but not remembered.
  private epoch = 0;
  private live: boolean;
  private hits = 0;
  private loads = 0;

  constructor(private readonly source: CredentialSource, options: CredentialCacheOptions) {
    this.known = new BoundedLru(options.maxEntries);
    this.unknown = new BoundedLru(options.maxNegativeEntries
      ?? Math.min(10_000, Math.max(16, Math.ceil(options.maxEntries / 10))));
    this.ttlMs = options.ttlMs;
    this.live = options.live ?? true;
    this.now = options.now ?? Date.now;
  }

  getCredential(id: string): Promise<CredentialRecord | undefined> {
    const entry = this.peek(id);
    return entry ? Promise.resolve(entry.credential) : this.load(id);
  }

  /**
   * What is cached for `id` (a credential, or `credential: undefined` for a remembered unknown
   * id), or undefined when only the store can answer. Synchronous, for the hot path.
   */
  peek(id: string): CachedCredential | undefined {
    const now = this.now();
    // Both maps are always consulted, so a known id and a remembered unknown one take one path.
    const known = this.fresh(this.known, id, now);
    const unknown = this.fresh(this.unknown, id, now);
    const entry = known ?? unknown;
    if (entry) this.hits++;
    return entry;
  }

  /** Applies a committed deletion (or a feed reset) to what is cached. */
  revoke(event: RevocationEvent): void {
    this.epoch++;
    // A request arriving after the delete must not join a load that may have read the old row.
    this.inFlight.clear();
    if (event.type === 'api_key') {
      this.known.delete(event.id);
    } else if (event.type === 'owner') {
      // Owner deletes are rare; a scan is cheaper than keeping an index on every insert.
      this.known.deleteWhere((entry) => entry.credential?.key.ownerId === event.id);
    } else {
      this.live = event.live;
      this.known.clear();
      this.unknown.clear();
    }
  }

  stats(): CredentialCacheStats {
    return {
      entries: this.known.size, negativeEntries: this.unknown.size,
      maxEntries: this.known.maxEntries, maxNegativeEntries: this.unknown.maxEntries,
      hits: this.hits, loads: this.loads, live: this.live,
    };
  }

  private fresh(lru: BoundedLru<Entry>, id: string, now: number): Entry | undefined {
    const entry = lru.get(id);
    if (entry && now - entry.loadedAt >= this.ttlMs) {
      lru.delete(id);
      return undefined;
    }
    return entry;
  }

  /**
   * Reads `id` from the store, joining a read already in flight, and remembers the answer (see
   * `epoch`). For ids `peek` did not find; `getCredential` does both.
   */
  load(id: string): Promise<CredentialRecord | undefined> {
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    const epoch = this.epoch;
    this.loads++;
    const load = this.source.getCredential(id).then((credential) => {
      if (this.live && this.epoch === epoch) {
        (credential ? this.known : this.unknown).set(id, { credential, loadedAt: this.now(), verifiedFingerprint: undefined });
      }
      return credential;
    }).finally(() => {
      if (this.inFlight.get(id) === load) this.inFlight.delete(id);
    });
    this.inFlight.set(id, load);
    return load;
  }
}
