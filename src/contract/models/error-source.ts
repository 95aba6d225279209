import { defineModel } from './define-model.js';
import { field } from './field.js';

/**
 * The part of the request an error is about (Confluent's `Error_source`).
 *
 * @example
 * new ErrorSource({ pointer: '/spec/owner' }).toDict(); // { pointer: '/spec/owner' }
 */
export class ErrorSource extends defineModel({
  /** JSON Pointer (RFC 6901) into the request body, e.g. `/spec/display_name`. */
  pointer: field.string('pointer'),
  /** The query parameter that caused the error, e.g. `page_size`. */
  parameter: field.string('parameter'),
}) {}
