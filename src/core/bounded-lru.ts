// A Map with a size cap that forgets its least recently used entry first. A JavaScript Map keeps
// insertion order, so re-inserting on every hit keeps the coldest entry at the front.

export class BoundedLru<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value, marked as just used. */
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    if (this.maxEntries <= 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Deletes every entry the predicate holds for (a full scan: for rare events only). */
  deleteWhere(predicate: (value: V) => boolean): void {
    for (const [key, value] of this.map) if (predicate(value)) this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
