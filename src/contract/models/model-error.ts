import { defineModel } from './define-model.js';
import { ErrorSource } from './error-source.js';
import { field } from './field.js';

/**
 * One problem in a `Failure` (Confluent's `Error`; named like openapi-generator's Python
 * `ModelError` so it does not shadow the global `Error`).
 *
 * @example
 * const e = ModelError.fromDict({ status: '404', code: 'not_found', detail: 'API key not found' });
 * e.detail; // 'API key not found'
 */
export class ModelError extends defineModel({
  /** Unique identifier of this occurrence of the problem. */
  id: field.string('id'),
  /** HTTP status code, as a string (`"404"`). */
  status: field.string('status'),
  /** Application-specific error code. */
  code: field.string('code'),
  /** Short summary, the same for every occurrence of the problem. */
  title: field.string('title'),
  /** Explanation specific to this occurrence; what clients print. */
  detail: field.string('detail'),
  /** The part of the request that caused the error. */
  source: field.model('source', ErrorSource),
}) {}

/** Alias of `ModelError` under the name the SDK uses. @example new ApiErrorObject({ detail: 'x' }) instanceof ModelError; // true */
export const ApiErrorObject = ModelError;
/** Alias of `ModelError`. @example const e: ApiErrorObject = new ModelError({}); */
export type ApiErrorObject = ModelError;
