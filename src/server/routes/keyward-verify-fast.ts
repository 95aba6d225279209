// `POST /keyward/v1/verify` on Node's own request and response (see fast-paths.ts): what the
// Fastify route in keyward-verify.ts does, in the same order and with the same answers. The
// caller is admitted by the management API hook's own admit() (verified key, failure budget, rate
// limit), then the body is read, parsed by Fastify's own JSON parser, checked for NUL and
// validated by the route's compiled schema, then verifyOnBehalf() answers and the route's
// serialiser writes it.
//
// It takes only the usual request: no query, a JSON body of declared length within the body
// limit. Everything else (chunked or empty bodies, other media types, oversized declarations)
// goes to Fastify, whose answers for those cases this would otherwise have to copy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Principal } from '../../core/principal.js';
import type { RouteDeps } from '../app-types.js';
import { fromValidation, type SchemaIssue } from '../plugins/error-handling.js';
import { admit, type Admission } from '../plugins/management-auth.js';
import type { RateLimiter } from '../plugins/rate-limiter.js';
import { nulInBody } from '../plugins/reject-nul.js';
import { serializerCompiler } from '../plugins/serializers.js';
import { validatorCompiler } from '../plugins/validators.js';
import { writeError, writeFailure, writeJson, type RawEndpoint } from '../raw-endpoint.js';
import { VERIFY_PATH, VerifyRequest, VerifyResponse, verifyOnBehalf, type VerifyOutcome } from './keyward-verify.js';

/** The media types Fastify's JSON parser takes that this path takes too (lower-cased). */
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

type JsonParser = ReturnType<FastifyInstance['getDefaultJsonParser']>;

export function verifyFastEndpoint(app: FastifyInstance, deps: RouteDeps, rateLimiter: RateLimiter): RawEndpoint {
  const admissionDeps = { verifier: deps.verification.verifier, failures: deps.verification.failures, rateLimiter };
  const log: FastifyBaseLogger = app.log;
  const bodyLimit = app.initialConfig.bodyLimit ?? Infinity;
  const parseJson: JsonParser = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'error');
  // The very functions Fastify compiled for the route (both compilers cache per schema object).
  const validate = validatorCompiler({ schema: VerifyRequest, method: 'POST', url: VERIFY_PATH, httpPart: 'body' }) as
    ((body: unknown) => boolean) & { errors?: SchemaIssue[] | null };
  const serialize = serializerCompiler({ schema: VerifyResponse, method: 'POST', url: VERIFY_PATH, httpStatus: '200' });

  const fail = (response: ServerResponse, requestId: string, error: unknown, headers: Record<string, number>) =>
    writeError(response, requestId, error, log, 'verification failed', headers);

  /** The body as Fastify's route would have it, or the error it would have answered. */
  function parsed(text: string): { ok: true; body: VerifyRequest } | { ok: false; error: unknown } {
    let error: unknown;
    let body: unknown;
    // Fastify's default parser answers synchronously and does not look at its request argument.
    parseJson(undefined as never, text, (parseError, value) => {
      error = parseError;
      body = value;
    });
    error ??= nulInBody(body) ?? (validate(body) ? undefined : fromValidation(validate.errors ?? [], 'body'));
    return error ? { ok: false, error } : { ok: true, body: body as VerifyRequest };
  }

  /** Reads, checks and answers the body of a caller already admitted. */
  function answer(request: IncomingMessage, response: ServerResponse, requestId: string, principal: Principal, headers: Record<string, number>): void {
    readBody(request, (text) => {
      const input = parsed(text);
      if (!input.ok) return fail(response, requestId, input.error, headers);
      const respond = (outcome: VerifyOutcome) => outcome.refused
        ? fail(response, requestId, outcome.refused, { ...headers, ...outcome.headers })
        : writeJson(response, requestId, 200, serialize(outcome.body), headers);
      try {
        const outcome = verifyOnBehalf(deps.verification, principal, input.body);
        if (outcome instanceof Promise) outcome.then(respond, (error: unknown) => fail(response, requestId, error, headers));
        else respond(outcome);
      } catch (error) {
        fail(response, requestId, error, headers);
      }
    });
  }

  return {
    matches(request) {
      if (request.method !== 'POST' || request.url !== VERIFY_PATH) return false;
      // A chunked body has no Content-Length (Node refuses a request with both): NaN, left to Fastify.
      const length = Number(request.headers['content-length']);
      return length > 0 && length <= bodyLimit && JSON_TYPES.has(request.headers['content-type']?.toLowerCase() ?? '');
    },

    handle(request, response, requestId, address) {
      const admitted = admit(admissionDeps, request.headers.authorization, address);
      const proceed = (result: Admission) => result.refused
        ? writeFailure(response, requestId, result.refused, result.headers)
        : answer(request, response, requestId, result.principal, result.headers);
      if (admitted instanceof Promise) admitted.then(proceed, (error: unknown) => fail(response, requestId, error, {}));
      else proceed(admitted);
    },
  };
}

/**
 * The whole body as text, decoded once at the end as Fastify does. The declared length frames
 * it, so it cannot exceed the limit checked in matches(). An aborted request is not answered:
 * its socket is gone.
 */
function readBody(request: IncomingMessage, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let length = 0;
  request.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  });
  request.on('end', () => done(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, length).toString('utf8')));
  request.on('error', () => {});
}
