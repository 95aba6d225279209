// `/keyward/v1/authenticate`: an authentication service for proxies, in the style of nginx
// `auth_request` and Envoy `ext_authz` (HTTP service mode). The client's `Authorization: Basic`
// comes in, the resource from `?resource=` or `X-Keyward-Resource` (default `cloud`: the
// management API). 200 with an empty body and headers naming the key and its owner, or 401 with
// `WWW-Authenticate` (a valid key on the wrong resource too: a cluster key is no credential for
// another cluster, as at Confluent), or 429 past the failed-verification budget.
//
// Kept lean for the hot path: no schema, no body on 200, no request rate limit (the proxy calls
// it once per client request). Any method and any path below it are accepted, because nginx
// subrequests keep the client's method and Envoy appends the client's path to its path prefix.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MANAGEMENT_RESOURCE } from '../../core/verifier.js';
import type { App, RouteDeps } from '../app-types.js';
import { parseBasicAuth } from '../plugins/authenticate.js';
import { sendFailure } from '../plugins/failure.js';
import { sourceAddress, unauthenticated, verifyWithinBudget } from '../plugins/verification-guard.js';

export const AUTHENTICATE_PATH = '/keyward/v1/authenticate';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export async function keywardAuthenticate(app: App, deps: RouteDeps): Promise<void> {
  const { verifier, failures } = deps.verification;

  async function authenticate(request: FastifyRequest, reply: FastifyReply, resource: string): Promise<FastifyReply> {
    const credentials = parseBasicAuth(request.headers.authorization);
    if (!credentials) return sendFailure(request, reply, unauthenticated());
    const guarded = await verifyWithinBudget(verifier, failures, reply, credentials, resource, sourceAddress(request.ip));
    if (guarded.refused) return sendFailure(request, reply, guarded.refused);
    const answer = guarded.verification;
    if (!answer.valid) return sendFailure(request, reply, unauthenticated(answer));
    reply.header('X-Keyward-Key-Id', answer.keyId);
    reply.header('X-Keyward-Owner-Id', answer.owner.id);
    reply.header('X-Keyward-Owner-Kind', answer.owner.kind);
    reply.header('X-Keyward-Resource-Id', answer.resource.id);
    if (answer.expiresAt !== null) reply.header('X-Keyward-Expires-At', answer.expiresAt);
    return reply.code(200).send();
  }

  await app.register(async (scope) => {
    // A proxy may forward the client's body: accept any, read none of it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const options = { method: METHODS, schema: { hide: true }, exposeHeadRoute: false };
    scope.route({ ...options, url: AUTHENTICATE_PATH, handler: (request, reply) => authenticate(request, reply, resourceOf(request, true)) });
    scope.route({ ...options, url: `${AUTHENTICATE_PATH}/*`, handler: (request, reply) => authenticate(request, reply, resourceOf(request, false)) });
  });
}

/**
 * Only what the proxy's configuration sets may choose the resource, never the client. nginx
 * passes the client's headers on to the subrequest but not its query, so on the exact path the
 * query (from `proxy_pass …?resource=`) wins over the header. Below the path (Envoy appends the
 * client's path and query), the query is the client's and is ignored; Envoy's `headers_to_add`
 * replaces a client's header of the same name.
 */
function resourceOf(request: FastifyRequest, queryAllowed: boolean): string {
  if (queryAllowed) {
    const query = (request.query as Record<string, unknown> | undefined)?.resource;
    if (typeof query === 'string' && query !== '') return query;
  }
  const header = request.headers['x-keyward-resource'];
  return typeof header === 'string' && header !== '' ? header : MANAGEMENT_RESOURCE;
}
