import { defineModel } from './define-model.js';
import { field } from './field.js';
import { ObjectReference } from './object-reference.js';

/**
 * The desired state of an API key. `secret` and `created_by` are read-only (the secret appears only
 * in the create response); `resource` is `null` or absent for a key not tied to a resource.
 *
 * @example
 * new IamV2ApiKeySpec({
 *   displayName: 'CI kafka access key',
 *   owner: new ObjectReference({ id: 'sa-abc123' }),
 *   resource: new ObjectReference({ id: 'lkc-c29js0', environment: 'env-abc123' }),
 * });
 */
export class IamV2ApiKeySpec extends defineModel({
  /** The API key secret; only in create responses. */
  secret: field.string('secret', { readOnly: true }),
  /** Human-readable name; may be `""`. */
  displayName: field.string('display_name'),
  /** Human-readable description; may be `""`. */
  description: field.string('description'),
  /** Expiry date `YYYY-MM-DD` (UTC, valid through the end of that day). */
  expiresAt: field.string('expires_at'),
  /** Principal id that created the key, e.g. `u-a83k9b`. */
  createdBy: field.string('created_by', { readOnly: true }),
  /** The user or service account the key belongs to. */
  owner: field.model('owner', ObjectReference),
  /** The cluster, `cloud`, `global`, `tableflow` or Flink region the key is for; nullable. */
  resource: field.model('resource', ObjectReference, { nullable: true }),
}) {}
