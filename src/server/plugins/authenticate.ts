// HTTP Basic credentials as Confluent's API takes them, and the caller that the management API's
// authentication (management-auth.ts) attached to the request.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../core/api-error.js';
import type { Principal } from '../../core/principal.js';

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

/** The authenticated caller; routes behind the auth hook can rely on it. */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('user_unauthenticated', 'Valid authentication credentials must be provided');
  return request.principal;
}
