import { field, type ModelParser, type WireModel } from './field.js';
import { ListMeta } from './list-meta.js';

/**
 * The envelope every `iam/v2` list has, all four fields required: `api_version` (`iam/v2`),
 * `kind` (exactly `kind`), `metadata` (paging links) and `data` (items parsed by `item`).
 *
 * @example
 * export class IamV2UserList extends defineModel(listFields('UserList', IamV2User)) {}
 */
export function listFields<const K extends string, M extends WireModel>(kind: K, item: ModelParser<M>) {
  return {
    /** Schema version of this representation; always `iam/v2`. */
    apiVersion: field.string('api_version', { enum: ['iam/v2'], required: true, readOnly: true }),
    /** The list's kind, e.g. `ApiKeyList`. */
    kind: field.string('kind', { enum: [kind], required: true, readOnly: true }),
    /** Paging links. */
    metadata: field.model('metadata', ListMeta, { required: true }),
    /** The items of this page. */
    data: field.array('data', item, { required: true }),
  };
}
