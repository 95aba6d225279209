import { defineModel } from './define-model.js';
import { field } from './field.js';

/**
 * Metadata every persisted object has. All of it is read-only; `self` is required when present.
 * Timestamps are RFC 3339 strings, kept as given.
 *
 * @example
 * ObjectMeta.fromDict({ self: 'https://api.confluent.cloud/iam/v2/api-keys/ABC', created_at: '2024-05-01T10:00:00Z' }).createdAt;
 */
export class ObjectMeta extends defineModel({
  /** URL at which the object can be addressed. */
  self: field.string('self', { required: true, readOnly: true }),
  /** CRN of the object, e.g. `crn://confluent.cloud/organization=…/api-key=ABC`. */
  resourceName: field.string('resource_name', { readOnly: true }),
  /** Creation time, RFC 3339 UTC. */
  createdAt: field.string('created_at', { readOnly: true }),
  /** Last update time, RFC 3339 UTC. */
  updatedAt: field.string('updated_at', { readOnly: true }),
  /** Deletion time, RFC 3339 UTC. */
  deletedAt: field.string('deleted_at', { readOnly: true }),
}) {}
