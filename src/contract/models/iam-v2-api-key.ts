import { defineModel } from './define-model.js';
import { IamV2ApiKeySpec } from './iam-v2-api-key-spec.js';
import { field } from './field.js';
import { resourceFields } from './resource-fields.js';

/**
 * An API key (`kind: ApiKey`, `api_version: iam/v2`). Every field is optional here, so a create
 * body like `{spec: {owner: {id}}}` parses; `toRequestDict()` gives that create body back.
 *
 * @example
 * const body = new IamV2ApiKey({
 *   spec: new IamV2ApiKeySpec({ displayName: 'x', owner: new ObjectReference({ id: 'u-1' }) }),
 * }).toRequestDict(); // { spec: { display_name: 'x', owner: { id: 'u-1' } } }
 * const key = IamV2ApiKey.fromJson(await res.text());
 */
export class IamV2ApiKey extends defineModel({
  ...resourceFields('ApiKey'),
  /** The key's desired state: owner, resource, names, secret (create response only). */
  spec: field.model('spec', IamV2ApiKeySpec),
}) {}
