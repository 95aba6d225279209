import { defineModel } from './define-model.js';
import { field } from './field.js';
import { ModelError } from './model-error.js';

/**
 * Body of every error response: `{"errors": [...]}`; `errors` is required.
 *
 * @example
 * const f = Failure.fromJson(await res.text());
 * console.error(f.errors[0]?.detail);
 */
export class Failure extends defineModel({
  /** The errors that made the operation fail; clients print `errors[0].detail`. */
  errors: field.array('errors', ModelError, { required: true }),
}) {}
