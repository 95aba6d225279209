import { errorCatalogue, type ErrorCode } from '../contract/error-catalogue.js';

export interface ErrorSource {
  /** JSON pointer into the request body, e.g. `/spec/owner/id`. */
  pointer?: string;
  /** Name of the query or path parameter at fault. */
  parameter?: string;
}

/** The one error type services throw; the server renders it as Confluent's `Failure` body. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly source: ErrorSource | undefined;

  constructor(code: ErrorCode, detail: string, source?: ErrorSource) {
    super(detail);
    this.name = 'ApiError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.title = errorCatalogue[code].title;
    this.detail = detail;
    this.source = source;
  }
}

/** A 404 that never says whether the object exists for someone else. */
export function notFound(kind: string, id: string): ApiError {
  return new ApiError('not_found', `${kind} '${id}' was not found`);
}

export function invalidField(pointer: string, detail: string): ApiError {
  return new ApiError('invalid_configuration', detail, { pointer });
}
