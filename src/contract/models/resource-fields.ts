import { field } from './field.js';
import { ObjectMeta } from './object-meta.js';

/**
 * The read-only header every `iam/v2` object starts with: `api_version` (exactly `iam/v2`),
 * `kind` (exactly `kind`), `id` and `metadata`. Spread it into a model's field table.
 *
 * @example
 * export class IamV2User extends defineModel({ ...resourceFields('User'), email: field.string('email') }) {}
 */
export function resourceFields<const K extends string>(kind: K) {
  return {
    /** Schema version of this representation; always `iam/v2`. */
    apiVersion: field.string('api_version', { enum: ['iam/v2'], readOnly: true }),
    /** The object's kind, e.g. `ApiKey`. */
    kind: field.string('kind', { enum: [kind], readOnly: true }),
    /** The object's identifier, e.g. an API key id or `sa-abc123`. */
    id: field.string('id', { readOnly: true }),
    /** Self link, CRN and timestamps. */
    metadata: field.model('metadata', ObjectMeta, { readOnly: true }),
  };
}
