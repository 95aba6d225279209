import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Failure } from '../../contract/schemas/common.js';
import type { ApiError } from '../../core/api-error.js';

/** Confluent's `Failure` body for an ApiError; `requestId` is the one in the `X-Request-Id` header. */
export function failureBody(requestId: string, error: ApiError): Failure {
  return {
    errors: [{
      id: requestId,
      status: String(error.status),
      code: error.code,
      title: error.title,
      detail: error.detail,
      ...(error.source && { source: error.source }),
    }],
  };
}

/** The challenge every 401 carries. */
export const WWW_AUTHENTICATE = 'Basic realm="keyward", charset="UTF-8"';

/** Sends Confluent's `Failure` body for an ApiError, with the headers every error carries. */
export function sendFailure(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.status === 401) reply.header('WWW-Authenticate', WWW_AUTHENTICATE);
  return reply.code(error.status).type('application/json').send(failureBody(request.id, error));
}
