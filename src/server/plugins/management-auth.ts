// The management API's authentication (`/iam/v2`, `/org/v2`, `/keyward/v1/verify`): HTTP Basic
// with a Cloud or Global key, checked by the shared Verifier (and its cache), within the
// failed-verification budget, then the per-key request rate limit. Bad credentials and cluster
// keys are 401, never 403: Terraform reads a 403 on a key as "deleted".
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { FailureLimiter } from '../../core/failure-limiter.js';
import type { Principal } from '../../core/principal.js';
import { MANAGEMENT_RESOURCE, type Verifier } from '../../core/verifier.js';
import { ApiError } from '../../core/api-error.js';
import type { RateLimiter } from './rate-limiter.js';
import { andThen, unauthenticated, verifyAuthorization, type GuardedVerification } from './verification-guard.js';

/**
 * Whether a management call is let in. Either way `headers` go on the answer: the rate limit's
 * (X-RateLimit-*, as Confluent sends them) once the caller is known, Retry-After on a 429.
 */
export type Admission =
  | { principal: Principal; headers: Record<string, number>; refused?: undefined }
  | { refused: ApiError; headers: Record<string, number> };

/** The admission of a caller whose credentials were verified within the budgets. */
function admission(guarded: GuardedVerification, rateLimiter: RateLimiter): Admission {
  if (guarded.refused) return guarded;
  const verification = guarded.verification;
  if (!verification.valid) return { refused: unauthenticated(verification, '; the management API needs a Cloud API key'), headers: {} };
  const rate = rateLimiter.take(verification.keyId);
  const headers = { 'x-ratelimit-limit': rate.limit, 'x-ratelimit-remaining': rate.remaining, 'x-ratelimit-reset': rate.resetSeconds };
  if (!rate.allowed) {
    return {
      refused: new ApiError('too_many_requests', `Rate limit of ${rate.limit} requests per minute exceeded; retry in ${rate.resetSeconds} s`),
      headers: { ...headers, 'retry-after': rate.resetSeconds },
    };
  }
  return { principal: verification.principal, headers };
}

/** What admitting a management call needs. */
export interface AdmissionDeps {
  verifier: Verifier;
  failures: FailureLimiter;
  rateLimiter: RateLimiter;
}

/**
 * The admission of a management call from its `Authorization` header and the client's address:
 * synchronous when the credential cache knows the key. The Fastify hook below and the verify
 * endpoint's fast path (routes/keyward-verify-fast.ts) both admit through it.
 */
export function admit(deps: AdmissionDeps, authorization: string | undefined, address: string | undefined): Admission | Promise<Admission> {
  const guarded = verifyAuthorization(deps.verifier, deps.failures, authorization, MANAGEMENT_RESOURCE, address);
  return andThen(guarded, (verified) => admission(verified, deps.rateLimiter));
}

export function managementAuth(deps: AdmissionDeps) {
  /** Puts the admission on the request and reply; the refusal, if any, to be thrown. */
  function apply(request: FastifyRequest, reply: FastifyReply, admitted: Admission): ApiError | undefined {
    reply.headers(admitted.headers);
    if (admitted.refused) return admitted.refused;
    request.principal = admitted.principal;
    return undefined;
  }

  // Callback style, so that a cached credential admits the request without a promise.
  return function authenticateRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    let admitted: Admission | Promise<Admission>;
    try {
      admitted = admit(deps, request.headers.authorization, request.ip);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (admitted instanceof Promise) {
      admitted.then((answer) => done(apply(request, reply, answer)), done);
      return;
    }
    done(apply(request, reply, admitted));
  };
}
