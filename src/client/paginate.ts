// Walks a paged list by following `metadata.next`.

/** The part of a list page the iterator needs. @example const page: ListPage<IamV2User> = await client.listIamV2Users(); */
export interface ListPage<T> {
  data: readonly T[];
  metadata: { next?: string | null | undefined };
}

/**
 * Yields every item of every page. `fetchPage(undefined)` fetches the first page; after that it is
 * given the query string of the page's `metadata.next` link. Only the query is taken from the
 * link and sent to the client's own base URL: the link's host is whatever public URL the server
 * believes it has (wrong behind a proxy or a port mapping), and credentials must never be sent to
 * a host the caller did not configure. The query keeps the filters the page token is bound to.
 *
 * @example
 * for await (const key of paginate((next) => client.listIamV2ApiKeys(next ?? { page_size: 100 }))) console.log(key.id);
 */
export async function* paginate<T>(fetchPage: (next: URLSearchParams | undefined) => Promise<ListPage<T>>): AsyncGenerator<T, void, undefined> {
  let next: URLSearchParams | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(next);
    yield* page.data;
    if (!page.metadata.next) return;
    next = new URL(page.metadata.next, 'http://relative.invalid').searchParams;
    // A server that hands out the same link twice would otherwise keep this loop going forever.
    const key = next.toString();
    if (seen.has(key)) throw new Error(`pagination loop: the server returned the next link '${page.metadata.next}' twice`);
    seen.add(key);
  }
}
