// Runs a task per item with a few at a time: bulk deletes over thousands of keys finish in a
// fraction of the time, while a handful of connections stays polite to the server's rate limit.

export interface Settled<T> {
  item: T;
  error?: unknown;
}

export async function runPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>, onSettled: (s: Settled<T>) => void): Promise<Settled<T>[]> {
  const results: Settled<T>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      let settled: Settled<T>;
      try {
        await task(item);
        settled = { item };
      } catch (error) {
        settled = { item, error };
      }
      results.push(settled);
      onSettled(settled);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
