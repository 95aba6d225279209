import { defineModel } from './define-model.js';
import { IamV2ApiKey } from './iam-v2-api-key.js';
import { listFields } from './list-fields.js';

/**
 * One page of API keys (`kind: ApiKeyList`); `api_version`, `kind`, `metadata` and `data` are required.
 *
 * @example
 * const page = IamV2ApiKeyList.fromJson(await res.text());
 * for (const key of page.data) console.log(key.id, key.spec?.owner?.id);
 * const nextUrl = page.metadata.next; // undefined on the last page
 */
export class IamV2ApiKeyList extends defineModel(listFields('ApiKeyList', IamV2ApiKey)) {}
