import { defineModel } from './define-model.js';
import { field } from './field.js';

/**
 * The changeable part of an API key: `display_name` and `description` (`""` clears).
 *
 * @example
 * new IamV2ApiKeySpecUpdate({ description: '' }).toDict(); // { description: '' }
 */
export class IamV2ApiKeySpecUpdate extends defineModel({
  /** New human-readable name. */
  displayName: field.string('display_name'),
  /** New human-readable description. */
  description: field.string('description'),
}) {}
