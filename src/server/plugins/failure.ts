import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Failure } from '../../contract/schemas/common.js';
import type { ApiError } from '../../core/api-error.js';

/** Sends Confluent's `Failure` body for an ApiError, with the headers every error carries. */
export function sendFailure(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  const body: Failure = {
    errors: [{
      id: request.id,
      status: String(error.status),
      code: error.code,
      title: error.title,
      detail: error.detail,
      ...(error.source && { source: error.source }),
    }],
  };
  if (error.status === 401) reply.header('WWW-Authenticate', 'Basic realm="keyward", charset="UTF-8"');
  return reply.code(error.status).type('application/json').send(body);
}
