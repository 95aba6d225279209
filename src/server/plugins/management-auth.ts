// The management API's authentication (`/iam/v2`, `/org/v2`, `/keyward/v1/verify`): HTTP Basic
// with a Cloud or Global key, checked by the shared Verifier (and its cache), within the
// failed-verification budget, then the per-key request rate limit. Bad credentials and cluster
// keys are 401, never 403: Terraform reads a 403 on a key as "deleted".
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { FailureLimiter } from '../../core/failure-limiter.js';
import { MANAGEMENT_RESOURCE, type Verifier } from '../../core/verifier.js';
import { ApiError } from '../../core/api-error.js';
import { parseBasicAuth } from './authenticate.js';
import type { RateLimiter } from './rate-limiter.js';
import { admittedOrThrow, sourceAddress, unauthenticated, verifyWithinBudget, type GuardedVerification } from './verification-guard.js';

export function managementAuth(verifier: Verifier, failures: FailureLimiter, rateLimiter: RateLimiter) {
  function admit(request: FastifyRequest, reply: FastifyReply, guarded: GuardedVerification): void {
    const verification = admittedOrThrow(reply, guarded);
    if (!verification.valid) throw unauthenticated(verification, '; the management API needs a Cloud API key');
    const rate = rateLimiter.take(verification.keyId);
    reply.header('X-RateLimit-Limit', rate.limit);
    reply.header('X-RateLimit-Remaining', rate.remaining);
    reply.header('X-RateLimit-Reset', rate.resetSeconds);
    if (!rate.allowed) {
      reply.header('Retry-After', rate.resetSeconds);
      throw new ApiError('too_many_requests', `Rate limit of ${rate.limit} requests per minute exceeded; retry in ${rate.resetSeconds} s`);
    }
    request.principal = verification.principal;
  }

  // Callback style, so that a cached credential admits the request without a promise.
  return function authenticateRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    try {
      const credentials = parseBasicAuth(request.headers.authorization);
      // No credentials is not a guess: it is not counted against any budget.
      if (!credentials) throw unauthenticated();
      const guarded = verifyWithinBudget(verifier, failures, credentials, MANAGEMENT_RESOURCE, sourceAddress(request.ip));
      if (guarded instanceof Promise) {
        guarded.then((answer) => admit(request, reply, answer)).then(() => done(), done);
        return;
      }
      admit(request, reply, guarded);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  };
}
