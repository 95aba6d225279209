import { defineModel } from './define-model.js';
import { field } from './field.js';

/**
 * Paging links of a list. The documents make the links nullable: an explicit `null` is kept as
 * `null` (keyward itself omits `next` on the last page, since a `null` next breaks Terraform).
 *
 * @example
 * const meta = ListMeta.fromDict({ next: 'https://api.confluent.cloud/iam/v2/api-keys?page_token=UvmD' });
 * meta.next; // '…?page_token=UvmD'
 */
export class ListMeta extends defineModel({
  /** Link to the first page. */
  first: field.string('first', { nullable: true }),
  /** Link to the last page. */
  last: field.string('last', { nullable: true }),
  /** Link to the previous page. */
  prev: field.string('prev', { nullable: true }),
  /** Link to the next page; absent (or null) on the last page. */
  next: field.string('next', { nullable: true }),
  /** Number of records in the whole result set. */
  totalSize: field.integer('total_size', { minimum: 0 }),
}) {}
