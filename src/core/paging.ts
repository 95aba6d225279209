import type { Page } from '../store/store.js';
import type { PageTokens } from './page-token.js';

export interface ListResult<T> {
  items: T[];
  nextPageToken: string | undefined;
}

export interface PageInput {
  pageSize: number;
  pageToken: string | undefined;
}

/** Runs one keyset-paginated list: decodes the token for `scope`, fetches, issues the next token. */
export async function paginate<T extends { id: string }>(
  tokens: PageTokens,
  scope: readonly unknown[],
  input: PageInput,
  fetch: (page: { afterId: string | undefined; limit: number }) => Promise<Page<T>>,
): Promise<ListResult<T>> {
  const afterId = input.pageToken ? tokens.read(scope, input.pageToken) : undefined;
  const page = await fetch({ afterId, limit: input.pageSize });
  const last = page.items.at(-1);
  return { items: page.items, nextPageToken: page.hasMore && last ? tokens.issue(scope, last.id) : undefined };
}
