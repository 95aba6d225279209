// Turns every failure into Confluent's `Failure` body. Fastify's own errors (bad JSON, schema
// violations, oversized or wrongly typed bodies) are mapped to precise 4xx answers; anything
// unexpected becomes a 500 whose body says nothing about internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../core/api-error.js';
import { StoreUnavailableError } from '../../store/store-errors.js';
import { sendFailure } from './failure.js';

export interface SchemaIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    return sendFailure(request, reply, apiError);
  });
}

/** The ApiError a failure is answered with: its own, a precise 4xx for Fastify's, else 503 or 500. */
export function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError) {
    return new ApiError('service_unavailable', 'The database is unreachable; retry shortly');
  }
  if (error.validation) return fromValidation(error.validation as SchemaIssue[], error.validationContext);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'The request body is larger than keyward accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported_media_type', 'Request bodies must be application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('malformed_json', 'The request body is empty but declared as application/json');
  }
  if (error.statusCode === 400 && (error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP'))) {
    return new ApiError('malformed_json', 'The request body is not valid JSON');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError('invalid_input', error.message);
  }
  return new ApiError('internal_error', 'keyward could not complete the request; it has been logged with its request id');
}

/** Body violations are 422 with a JSON pointer; query and path violations are 400 naming the parameter. */
export function fromValidation(issues: SchemaIssue[], context: string | undefined): ApiError {
  const issue = issues[0];
  const missing = typeof issue?.params.missingProperty === 'string' ? `/${issue.params.missingProperty}` : '';
  const pointer = `${issue?.instancePath ?? ''}${missing}` || '/';
  const message = issue ? describeIssue(issue, issues) : 'is invalid';
  if (context === 'body') {
    return new ApiError('invalid_configuration', `The property '${pointer}' ${message}`, { pointer });
  }
  const parameter = pointer.slice(1).replace(/\/\d+$/, '');
  return new ApiError('invalid_parameter', `The ${context === 'params' ? 'path' : 'query'} parameter '${parameter}' ${message}`, { parameter });
}

/**
 * Ajv's message for one issue, except for a choice among constants (a union of literals, such as
 * an order, or of one and null, such as a role), which it reports as one failed branch per choice,
 * the first saying only "must be equal to constant": that names the choices instead.
 */
function describeIssue(issue: SchemaIssue, issues: SchemaIssue[]): string {
  const here = issues.filter((other) => other.instancePath === issue.instancePath);
  if (!here.some((other) => 'allowedValue' in other.params)) return issue.message ?? 'is invalid';
  const choices = here.flatMap((other) => {
    if ('allowedValue' in other.params) return [`'${String(other.params.allowedValue)}'`];
    return other.params.type === 'null' ? ['null'] : [];
  });
  return choices.length === 1 ? `must be ${choices[0]}` : `must be one of ${choices.join(', ')}`;
}
