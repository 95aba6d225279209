// HTTP Basic authentication with an API key id and secret, as Confluent's API does. Only Cloud and
// Global keys may call the management API; a cluster key is refused with 401 like at Confluent.
// Bad credentials are always 401, never 403: Terraform reads a 403 on a key as "deleted".
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../core/api-error.js';
import type { Authenticator } from '../../core/authenticator.js';
import { isManagementScope } from '../../core/key-resources.js';
import type { Principal } from '../../core/principal.js';
import type { RateLimiter } from './rate-limiter.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Key id and secret from a `Basic` header, or undefined when the header is absent or malformed. */
export function parseBasicAuth(header: string | undefined): { keyId: string; secret: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { keyId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const unauthenticated = () => new ApiError('user_unauthenticated', 'Valid authentication credentials must be provided');

export function managementAuthHook(authenticator: Authenticator, rateLimiter: RateLimiter) {
  return async function authenticateRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const credentials = parseBasicAuth(request.headers.authorization);
    if (!credentials) throw unauthenticated();
    const result = await authenticator.authenticate(credentials.keyId, credentials.secret);
    if (!result.ok) throw unauthenticated();
    if (!isManagementScope(result.key.resource)) {
      throw new ApiError('user_unauthenticated',
        `API key '${result.key.id}' is scoped to '${result.key.resource.id}'; the management API needs a Cloud API key`);
    }
    const rate = rateLimiter.take(result.key.id);
    reply.header('X-RateLimit-Limit', rate.limit);
    reply.header('X-RateLimit-Remaining', rate.remaining);
    reply.header('X-RateLimit-Reset', rate.resetSeconds);
    if (!rate.allowed) {
      reply.header('Retry-After', rate.resetSeconds);
      throw new ApiError('too_many_requests', `Rate limit of ${rate.limit} requests per minute exceeded; retry in ${rate.resetSeconds} s`);
    }
    request.principal = result.principal;
  };
}

/** The authenticated caller; routes behind the auth hook can rely on it. */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
