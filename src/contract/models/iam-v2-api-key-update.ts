import { defineModel } from './define-model.js';
import { field } from './field.js';
import { IamV2ApiKeySpecUpdate } from './iam-v2-api-key-spec-update.js';
import { resourceFields } from './resource-fields.js';

/**
 * The body of an API-key PATCH. Its read-only header fields parse (clients echo them) but
 * `toRequestDict()` leaves them out.
 *
 * @example
 * const body = new IamV2ApiKeyUpdate({ spec: new IamV2ApiKeySpecUpdate({ displayName: 'renamed' }) }).toRequestDict();
 * // { spec: { display_name: 'renamed' } }
 */
export class IamV2ApiKeyUpdate extends defineModel({
  ...resourceFields('ApiKey'),
  /** The fields to change. */
  spec: field.model('spec', IamV2ApiKeySpecUpdate),
}) {}
