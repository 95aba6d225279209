import { defineModel } from './define-model.js';
import { field } from './field.js';
import { resourceFields } from './resource-fields.js';

/**
 * A service account (`kind: ServiceAccount`): a non-human principal that can own API keys.
 *
 * @example
 * const body = new IamV2ServiceAccount({ displayName: 'DeLorean_auto_repair', description: "Doc's repair bot" }).toRequestDict();
 * const sa = IamV2ServiceAccount.fromJson(await res.text()); // sa.id === 'sa-abc123'
 */
export class IamV2ServiceAccount extends defineModel({
  ...resourceFields('ServiceAccount'),
  /** Human-readable name, unique in the organization. */
  displayName: field.string('display_name'),
  /** Free-form description. */
  description: field.string('description'),
}) {}
