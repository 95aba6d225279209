import type { ListMeta } from '../../contract/schemas/common.js';

/**
 * List metadata: `first` is the collection URL with the caller's filters, `next` the same with the
 * next page's token; on the last page `next` is left out (a null `next` breaks Terraform's paging).
 */
export function listMeta(base: string, url: string, nextPageToken: string | undefined): ListMeta {
  const requested = new URL(url, 'http://placeholder');
  requested.searchParams.delete('page_token');
  const query = requested.searchParams.toString();
  const first = `${base}${requested.pathname}${query ? `?${query}` : ''}`;
  if (nextPageToken === undefined) return { first };
  requested.searchParams.set('page_token', nextPageToken);
  return { first, next: `${base}${requested.pathname}?${requested.searchParams.toString()}` };
}
