// The endpoints Node's HTTP server answers before Fastify does (fast-paths.ts), and the responses
// they write. Their answers must be byte-for-byte Fastify's for the same request: the same
// Failure bodies, status codes and headers (tested side by side in test/verify/*-fast-path.test.ts).
// They reach the socket in batches (response-batch.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyError } from 'fastify';
import type { ApiError } from '../core/api-error.js';
import { toApiError } from './plugins/error-handling.js';
import { failureBody, WWW_AUTHENTICATE } from './plugins/failure.js';
import { endInBatch } from './response-batch.js';

/** An endpoint written against Node's own request and response. */
export interface RawEndpoint {
  /** Whether this endpoint answers the request; it is then never given to Fastify. */
  matches(request: IncomingMessage): boolean;
  /** `address`: the client's, as Fastify's `request.ip` would give it (trusted proxies applied). */
  handle(request: IncomingMessage, response: ServerResponse, requestId: string, address: string | undefined): void;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Response headers by lower-case name; single values only. */
export type Headers = Readonly<Record<string, string | number>>;

/** A JSON body, with the headers Fastify's reply would send beside it. */
export function writeJson(response: ServerResponse, requestId: string, status: number, json: string, headers: Headers = {}): void {
  // A flat array: Node writes it as given, without building and walking another header object.
  const flat: string[] = [];
  for (const name in headers) flat.push(name, String(headers[name]));
  flat.push('x-request-id', requestId, 'content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(json)));
  response.writeHead(status, flat);
  endInBatch(response, json);
}

/** Confluent's Failure body for an error, as the error handler (plugins/error-handling.ts) sends it. */
export function writeFailure(response: ServerResponse, requestId: string, error: ApiError, headers: Headers = {}): void {
  const all: Headers = error.status === 401 ? { ...headers, 'www-authenticate': WWW_AUTHENTICATE } : headers;
  writeJson(response, requestId, error.status, JSON.stringify(failureBody(requestId, error)), all);
}

/**
 * Any error as the error handler answers it (a store fault is a 503, anything unexpected a 500);
 * 5xx ones are logged as there, with the error and the request id only.
 */
export function writeError(response: ServerResponse, requestId: string, error: unknown, log: FastifyBaseLogger, message: string,
  headers: Headers = {}): void {
  const apiError = toApiError(error as FastifyError);
  if (apiError.status >= 500) log.error({ err: error, reqId: requestId }, message);
  writeFailure(response, requestId, apiError, headers);
}
