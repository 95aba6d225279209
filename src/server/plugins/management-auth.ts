// The management API's authentication (`/iam/v2`, `/org/v2`, `/keyward/v1/verify`): HTTP Basic
// with a Cloud or Global key, checked by the shared Verifier (and its cache), within the
// failed-verification budget, then the per-key request rate limit. Bad credentials and cluster
// keys are 401, never 403: Terraform reads a 403 on a key as "deleted".
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FailureLimiter } from '../../core/failure-limiter.js';
import { MANAGEMENT_RESOURCE, type Verifier } from '../../core/verifier.js';
import { ApiError } from '../../core/api-error.js';
import { parseBasicAuth } from './authenticate.js';
import type { RateLimiter } from './rate-limiter.js';
import { sourceAddress, unauthenticated, verifyWithinBudget } from './verification-guard.js';

export function managementAuth(verifier: Verifier, failures: FailureLimiter, rateLimiter: RateLimiter) {
  return async function authenticateRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const credentials = parseBasicAuth(request.headers.authorization);
    // No credentials is not a guess: it is not counted against any budget.
    if (!credentials) throw unauthenticated();
    const guarded = await verifyWithinBudget(verifier, failures, reply, credentials, MANAGEMENT_RESOURCE, sourceAddress(request.ip));
    if (guarded.refused) throw guarded.refused;
    const { verification } = guarded;
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
  };
}
