// What every entry point that verifies a key shares (the management API's auth hook and the
// /keyward/v1 endpoints): the source address, the failed-verification budget and the 401 and 429
// answers. A source over its budget is refused before any work is done; a failure on a key id
// over its budget answers 429 instead of 401. A right secret still passes on a key id over budget:
// key ids are not secret, so otherwise anyone could lock a key's users out by failing on purpose
// (guessing a 324-bit secret is hopeless anyway; the per-source budget throttles the guesser).
import type { FastifyReply } from 'fastify';
import { ApiError } from '../../core/api-error.js';
import type { FailureBudgetExhausted, FailureLimiter } from '../../core/failure-limiter.js';
import type { Verification, Verifier } from '../../core/verifier.js';

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

export type GuardedVerification = { verification: Verification; refused?: undefined } | { refused: ApiError };

export async function verifyWithinBudget(
  verifier: Verifier, failures: FailureLimiter, reply: FastifyReply,
  credentials: { keyId: string; secret: string }, resource: string, source: string | undefined,
): Promise<GuardedVerification> {
  const blocked = failures.sourceExhausted(source);
  if (blocked) return { refused: tooManyFailures(reply, blocked) };
  const verification = await verifier.verify(credentials.keyId, credentials.secret, resource);
  if (!verification.valid) {
    const over = failures.recordFailure(credentials.keyId, source);
    if (over) return { refused: tooManyFailures(reply, over) };
  }
  return { verification };
}

/** Sets the headers Confluent's clients expect on a 429 and returns the error to send. */
export function tooManyFailures(reply: FastifyReply, exhausted: FailureBudgetExhausted): ApiError {
  reply.header('Retry-After', exhausted.resetSeconds);
  reply.header('X-RateLimit-Limit', exhausted.limit);
  reply.header('X-RateLimit-Remaining', 0);
  reply.header('X-RateLimit-Reset', exhausted.resetSeconds);
  return new ApiError('too_many_requests',
    `Too many failed authentications (limit ${exhausted.limit} per minute); retry in ${exhausted.resetSeconds} s`);
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
