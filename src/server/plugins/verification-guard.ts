// What every entry point that verifies a key shares (the management API's auth hook and the
// /keyward/v1 endpoints): the source address, the failed-verification budget and the 401 and 429
// answers. A source over its budget is refused before any work is done; a failure on a key id
// over its budget answers 429 instead of 401. A right secret still passes on a key id over budget:
// key ids are not secret, so otherwise anyone could lock a key's users out by failing on purpose
// (guessing a 324-bit secret is hopeless anyway; the per-source budget throttles the guesser).
import { ApiError } from '../../core/api-error.js';
import type { FailureBudgetExhausted, FailureLimiter } from '../../core/failure-limiter.js';
import type { Verification, Verifier } from '../../core/verifier.js';
import { parseBasicAuth } from './authenticate.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The address failures are counted against, or undefined for none. Loopback peers are exempt:
 * that is where a co-located proxy calls from (nginx auth_request, an Envoy sidecar), and its
 * traffic is every client's at once. Behind a proxy, set KEYWARD_TRUST_PROXY so the address is
 * the client's from `X-Forwarded-For`.
 */
export function sourceAddress(address: string | undefined): string | undefined {
  return address === undefined || address === '' || LOOPBACK.test(address) ? undefined : address;
}

export type GuardedVerification =
  | { verification: Verification; refused?: undefined }
  /** `headers`: what Confluent's clients expect on the 429 (Retry-After, X-RateLimit-*). */
  | { refused: ApiError; headers: Record<string, number> };

/**
 * Verifies within the budgets. Answered synchronously when the credential cache can (the hot
 * path: no promise, no microtask), otherwise a promise of the same answer.
 */
export function verifyWithinBudget(
  verifier: Verifier, failures: FailureLimiter,
  credentials: { keyId: string; secret: string }, resource: string, source: string | undefined,
): GuardedVerification | Promise<GuardedVerification> {
  const blocked = failures.sourceExhausted(source);
  if (blocked) return tooManyFailures(blocked);
  const { keyId, secret } = credentials;
  const cached = verifier.verifyCached(keyId, secret, resource);
  if (cached) return counted(failures, cached, source);
  return verifier.verifyFromStore(keyId, secret, resource).then((verification) => counted(failures, verification, source));
}

/**
 * `verifyWithinBudget` for the credentials of an `Authorization: Basic` header, as the management
 * API and the authenticate endpoint take them. No credentials is not a guess: refused with a 401
 * without counting against any budget.
 */
export function verifyAuthorization(
  verifier: Verifier, failures: FailureLimiter,
  authorization: string | undefined, resource: string, address: string | undefined,
): GuardedVerification | Promise<GuardedVerification> {
  const credentials = parseBasicAuth(authorization);
  if (!credentials) return { refused: unauthenticated(), headers: {} };
  return verifyWithinBudget(verifier, failures, credentials, resource, sourceAddress(address));
}

/**
 * Calls `next` with the value now, or once the promise settles; the result likewise. For the
 * answers above, which are synchronous on a cache hit, so that what follows them stays so.
 */
export function andThen<T, R>(value: T | Promise<T>, next: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Counts a failed verification against its key id and source; refuses once either is over budget. */
function counted(failures: FailureLimiter, verification: Verification, source: string | undefined): GuardedVerification {
  const over = verification.valid ? undefined : failures.recordFailure(verification.keyId, source);
  return over ? tooManyFailures(over) : { verification };
}

function tooManyFailures(exhausted: FailureBudgetExhausted): GuardedVerification {
  const { limit, resetSeconds } = exhausted;
  return {
    refused: new ApiError('too_many_requests', `Too many failed authentications (limit ${limit} per minute); retry in ${resetSeconds} s`),
    headers: { 'retry-after': resetSeconds, 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': resetSeconds },
  };
}

/**
 * The 401 for a failed verification. Only a key whose secret was right is named (wrong
 * resource): any other detail would tell a guesser which ids exist.
 */
export function unauthenticated(verification?: Verification, scopeHint = ''): ApiError {
  if (verification && !verification.valid && verification.reason === 'wrong_resource') {
    return new ApiError('user_unauthenticated',
      `API key '${verification.keyId}' is scoped to '${verification.resource.id}'${scopeHint}`);
  }
  return new ApiError('user_unauthenticated', 'Valid authentication credentials must be provided');
}
