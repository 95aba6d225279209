import { defineModel } from './define-model.js';
import { field } from './field.js';

/**
 * A reference to another object: an API key's `owner` (Confluent's TypedGlobalObjectReference) or
 * `resource` (TypedEnvScopedObjectReference). Only `id` is required: the documents also require
 * `related` and `resource_name`, but they are read-only, so a request carries `{id}` alone (and the
 * Go SDK sends them empty). They are type-checked when present; that every response carries them
 * non-empty is the server schema's job (`src/contract/schemas/common.ts`).
 *
 * @example
 * new ObjectReference({ id: 'lkc-abc123', environment: 'env-x1' });
 * ObjectReference.fromDict({ id: 'u-1' }).toRequestDict(); // { id: 'u-1' }
 */
export class ObjectReference extends defineModel({
  /** ID of the referred resource, e.g. `sa-x`, `lkc-x`, `cloud`. */
  id: field.string('id', { required: true }),
  /** Environment of the referred resource, if env-scoped (Kafka, Flink). */
  environment: field.string('environment'),
  /** API URL of the referred object. */
  related: field.string('related', { readOnly: true }),
  /** CRN of the referred object. */
  resourceName: field.string('resource_name', { readOnly: true }),
  /** API group and version of the referred object, e.g. `cmk/v2`. */
  apiVersion: field.string('api_version', { readOnly: true }),
  /** Kind of the referred object, e.g. `ServiceAccount`, `Cluster`, `Cloud`. */
  kind: field.string('kind', { readOnly: true }),
}) {}
