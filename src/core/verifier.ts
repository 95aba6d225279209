// The one answer to "may this key id and secret access this resource?": for the management API's
// auth hook, the /keyward/v1 verification endpoints and Node services that embed it (a Kafka or
// HTTP proxy). It is the Authenticator behind a credential cache, plus resource scoping.
import type { KeyResource, PrincipalKind } from '../store/records.js';
import type { Store } from '../store/store.js';
import { canonicalResourceId } from './api-key-service.js';
import { Authenticator, type AuthResult } from './authenticator.js';
import { systemClock, type Clock } from './clock.js';
import { CredentialCache, type CachedCredential } from './credential-cache.js';
import { KEY_ID_PATTERN, type SecretHasher } from './key-material.js';
import { isManagementScope } from './key-resources.js';
import type { Principal } from './principal.js';
import { RevocationBus } from './revocations.js';

/**
 * The resource id that stands for the management API (`/iam/v2`, `/org/v2`): Cloud and Global keys.
 *
 * @example
 * await verifier.verify(keyId, secret, MANAGEMENT_RESOURCE);
 */
export const MANAGEMENT_RESOURCE = 'cloud';

export const VERIFY_DEFAULTS = { cacheSize: 100_000, cacheTtlMs: 30_000 } as const;

export type VerifyFailureReason = 'unknown_key' | 'wrong_secret' | 'expired' | 'wrong_resource' | 'owner_deleted';

/** What a verification may say about a key once its secret has been shown to be right. */
export interface VerifiedKeyDetails {
  keyId: string;
  owner: { id: string; kind: PrincipalKind };
  /** The resource the key is scoped to. */
  resource: KeyResource;
  /** `YYYY-MM-DD`: the key is valid through the end of that UTC day; null when it never expires. */
  expiresAt: string | null;
}

/**
 * The answer of {@link Verifier.verify}. Owner, resource and expiry are given only when the secret
 * was right: they never tell someone guessing whose a key id is.
 */
export type Verification =
  | ({ valid: true; principal: Principal } & VerifiedKeyDetails)
  | { valid: false; reason: 'unknown_key' | 'wrong_secret'; keyId: string }
  | ({ valid: false; reason: 'expired' | 'wrong_resource' | 'owner_deleted' } & VerifiedKeyDetails);

export interface VerifierOptions {
  clock?: Clock;
  /** Most credentials cached (default 100 000); 0 turns the cache off. */
  cacheSize?: number;
  /** Backstop after which a cached credential is read again (default 30 s). */
  cacheTtlMs?: number;
  /** Where this process's deletes are announced; a new bus when absent (see `revocations`). */
  revocations?: RevocationBus;
  /** Close the store together with the verifier (when the verifier's owner opened it for it). */
  closeStore?: boolean;
}

/**
 * Verifies API keys in-process, with a bounded cache kept current by revocations.
 * Call `start()` before use (until then nothing is cached) and `close()` at the end.
 *
 * @example
 * const verifier = await openVerifier({ databaseUrl, serverSecret });
 * const answer = await verifier.verify(keyId, secret, 'lkc-abc123');
 * if (!answer.valid) console.log(answer.reason); // 'wrong_resource', 'expired', …
 */
export class Verifier {
  readonly cache: CredentialCache;
  /** Publish this process's committed deletes here (keyward's services do) to revoke them at once. */
  readonly revocations: RevocationBus;
  private readonly authenticator: Authenticator;
  private readonly stops: Array<() => unknown> = [];
  private starting: Promise<void> | undefined;

  constructor(private readonly store: Store, hasher: SecretHasher, private readonly options: VerifierOptions = {}) {
    // Not live until start() has subscribed to the revocations: caching earlier could miss a delete.
    this.cache = new CredentialCache(store, {
      maxEntries: options.cacheSize ?? VERIFY_DEFAULTS.cacheSize,
      ttlMs: options.cacheTtlMs ?? VERIFY_DEFAULTS.cacheTtlMs,
      live: false,
    });
    this.authenticator = new Authenticator(hasher, options.clock ?? systemClock);
    this.revocations = options.revocations ?? new RevocationBus();
  }

  /** Subscribes to revocations (this process's, and the store's feed when it has one). */
  start(): Promise<void> {
    this.starting ??= (async () => {
      const revoke = this.cache.revoke.bind(this.cache);
      this.stops.push(this.revocations.subscribe(revoke));
      if (this.store.watchRevocations) {
        // The feed turns the cache live itself once it is listening, and off whenever it is not.
        this.stops.push(await this.store.watchRevocations(revoke));
      } else {
        revoke({ type: 'reset', live: true });
      }
    })();
    return this.starting;
  }

  async close(): Promise<void> {
    await this.starting?.catch(() => {});
    for (const stop of this.stops.splice(0)) await stop();
    this.cache.revoke({ type: 'reset', live: false });
    if (this.options.closeStore) await this.store.close();
  }

  /**
   * Checks a key id and secret for `resource`: a resource id (`lkc-…`, `lsrc-…`, `tableflow`, a
   * Flink `<cloud>.<region>` …) or `cloud`/`global` for the management API, which any Cloud or
   * Global key may use. A cluster key is valid only for its own cluster.
   */
  async verify(keyId: string, secret: string, resource: string): Promise<Verification> {
    return this.verifyCached(keyId, secret, resource) ?? this.verifyFromStore(keyId, secret, resource);
  }

  /**
   * {@link verify} without a promise when the cache can answer (a cached key, or an id the store
   * recently said it does not know); undefined when only the store can, then call
   * `verifyFromStore`. The answer and the work spent on the secret are the same as `verify`'s.
   */
  verifyCached(keyId: string, secret: string, resource: string): Verification | undefined {
    const cached = KEY_ID_PATTERN.test(keyId) ? this.cache.peek(keyId) : MALFORMED_ID;
    if (cached === undefined) return undefined;
    return answerFor(this.authenticator.check(cached.credential, secret, cached), keyId, resource);
  }

  /**
   * {@link verify} for a well-formed id the cache does not know, once `verifyCached` has said so:
   * one read of the store (joined with any read of the same id in flight), without asking the
   * cache again.
   */
  async verifyFromStore(keyId: string, secret: string, resource: string): Promise<Verification> {
    const credential = await this.cache.load(keyId);
    return answerFor(this.authenticator.check(credential, secret), keyId, resource);
  }
}

// A malformed id can name no key: answered like an unknown one, without a lookup.
const MALFORMED_ID: CachedCredential = { credential: undefined, verifiedFingerprint: undefined };

function answerFor(result: AuthResult, keyId: string, resource: string): Verification {
  if (result.ok) {
    const { key } = result;
    if (!grantsAccess(key.resource, resource)) return { valid: false, reason: 'wrong_resource', ...detailsOf(key) };
    // The hot path's answer, written out rather than spread from detailsOf (a copy per call).
    return {
      valid: true, principal: result.principal,
      keyId: key.id, owner: { id: key.ownerId, kind: key.ownerKind }, resource: key.resource, expiresAt: key.expiresAt,
    };
  }
  if (result.key && (result.reason === 'expired' || result.reason === 'owner_deleted')) {
    return { valid: false, reason: result.reason, ...detailsOf(result.key) };
  }
  return { valid: false, reason: result.reason === 'wrong_secret' ? 'wrong_secret' : 'unknown_key', keyId };
}

/**
 * Whether a key scoped to `key` may access `requested` (see {@link Verifier.verify}).
 *
 * @example
 * grantsAccess({ id: 'lkc-abc123', kind: 'Cluster', apiVersion: 'cmk/v2', environment: null }, 'cloud'); // false
 */
export function grantsAccess(key: KeyResource, requested: string): boolean {
  const id = canonicalResourceId(requested.trim());
  if (id === 'cloud' || id === 'global') return isManagementScope(key);
  return key.id === id;
}

function detailsOf(key: { id: string; ownerId: string; ownerKind: PrincipalKind; resource: KeyResource; expiresAt: string | null }): VerifiedKeyDetails {
  return { keyId: key.id, owner: { id: key.ownerId, kind: key.ownerKind }, resource: key.resource, expiresAt: key.expiresAt };
}
