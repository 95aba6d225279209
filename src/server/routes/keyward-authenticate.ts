// `/keyward/v1/authenticate`: an authentication service for proxies, in the style of nginx
// `auth_request` and Envoy `ext_authz` (HTTP service mode). The client's `Authorization: Basic`
// comes in, the resource from `?resource=` or `X-Keyward-Resource` (default `cloud`: the
// management API). 200 with an empty body and headers naming the key and its owner, or 401 with
// `WWW-Authenticate` (a valid key on the wrong resource too: a cluster key is no credential for
// another cluster, as at Confluent), or 429 past the failed-verification budget.
//
// A proxy calls it once per client request, so it is written against Node's own request and
// response: the server answers it before Fastify sees the request (fast-paths.ts),
// and the Fastify route below, which serves it otherwise (`inject`, info-level logging), hands
// the same function the raw objects. Any method and any path below it are accepted, because
// nginx subrequests keep the client's method and Envoy appends the client's path to its prefix.
// A forwarded body is never read (Node discards it once the answer is sent).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { MANAGEMENT_RESOURCE } from '../../core/verifier.js';
import type { App, RouteDeps } from '../app-types.js';
import { unauthenticated, verifyAuthorization, type GuardedVerification } from '../plugins/verification-guard.js';
import { writeError, writeFailure as fail, type RawEndpoint } from '../raw-endpoint.js';
import { endInBatch } from '../response-batch.js';

export const AUTHENTICATE_PATH = '/keyward/v1/authenticate';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Answers `/keyward/v1/authenticate` on Node's request and response: any accepted method, on its
 * path or below it.
 */
export function authenticateEndpoint(deps: RouteDeps, log: FastifyBaseLogger): RawEndpoint {
  const { verifier, failures } = deps.verification;

  function respond(response: ServerResponse, requestId: string, guarded: GuardedVerification): void {
    if (guarded.refused) return fail(response, requestId, guarded.refused, guarded.headers);
    const answer = guarded.verification;
    if (!answer.valid) return fail(response, requestId, unauthenticated(answer));
    // A flat array: Node writes it as given, without building and walking a header object.
    const headers = [
      'x-request-id', requestId,
      'x-keyward-key-id', answer.keyId,
      'x-keyward-owner-id', answer.owner.id,
      'x-keyward-owner-kind', answer.owner.kind,
      'x-keyward-resource-id', answer.resource.id,
      'content-length', '0',
    ];
    if (answer.expiresAt !== null) headers.push('x-keyward-expires-at', answer.expiresAt);
    response.writeHead(200, headers);
    endInBatch(response);
  }

  return {
    matches(request) {
      const url = request.url ?? '';
      if (!url.startsWith(AUTHENTICATE_PATH)) return false;
      const next = url.charAt(AUTHENTICATE_PATH.length);
      return (next === '' || next === '?' || next === '/') && METHODS.includes(request.method ?? '');
    },

    handle(request, response, requestId, address) {
      const guarded = verifyAuthorization(verifier, failures, request.headers.authorization, resourceOf(request), address);
      if (!(guarded instanceof Promise)) return respond(response, requestId, guarded);
      guarded.then((answer) => respond(response, requestId, answer),
        (error: unknown) => writeError(response, requestId, error, log, 'authentication failed'));
    },
  };
}

/** The Fastify route, for requests the fast path leaves to Fastify: the same endpoint, raw. */
export async function keywardAuthenticate(app: App, endpoint: RawEndpoint): Promise<void> {
  await app.register(async (scope) => {
    // A proxy may forward the client's body: accept any, read none of it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const handler = (request: { raw: IncomingMessage; id: string; ip: string }, reply: { raw: ServerResponse; hijack(): void }) => {
      reply.hijack();
      endpoint.handle(request.raw, reply.raw, request.id, request.ip);
    };
    const options = { method: METHODS, schema: { hide: true }, exposeHeadRoute: false, handler };
    scope.route({ ...options, url: AUTHENTICATE_PATH });
    scope.route({ ...options, url: `${AUTHENTICATE_PATH}/*` });
  });
}

/**
 * Only what the proxy's configuration sets may choose the resource, never the client. nginx
 * passes the client's headers on to the subrequest but not its query, so on the exact path the
 * query (from `proxy_pass …?resource=`) wins over the header. Below the path (Envoy appends the
 * client's path and query), the query is the client's and is ignored; Envoy's `headers_to_add`
 * replaces a client's header of the same name.
 */
function resourceOf(request: IncomingMessage): string {
  const url = request.url ?? '';
  if (url.charAt(AUTHENTICATE_PATH.length) === '?') {
    // A repeated parameter is ambiguous and ignored, as Fastify's query parser leaves it an array.
    const values = new URLSearchParams(url.slice(AUTHENTICATE_PATH.length + 1)).getAll('resource');
    if (values.length === 1 && values[0] !== '') return values[0]!;
  }
  const header = request.headers['x-keyward-resource'];
  return typeof header === 'string' && header !== '' ? header : MANAGEMENT_RESOURCE;
}
