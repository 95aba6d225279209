// Runs a task per item with a few at a time: bulk deletes over thousands of keys finish in a
// fraction of the time, while a handful of connections stays polite to the server's rate limit.

export interface Settled<T> {
  item: T;
  error?: unknown;
}

/**
 * `onSettled` sees each item as its task settles; the results come back in the items' order, so
 * that what is reported of them (a failure per line) does not depend on which finished first.
 */
export async function runPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>, onSettled: (s: Settled<T>) => void): Promise<Settled<T>[]> {
  const results: Settled<T>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      let settled: Settled<T>;
      try {
        await task(item);
        settled = { item };
      } catch (error) {
        settled = { item, error };
      }
      results[index] = settled;
      onSettled(settled);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
