// A Map with a size cap that forgets a cold entry first. Eviction is "second chance" (CLOCK): a
// hit only marks its entry as used, and when the map is full the oldest entries that were used
// since they were last looked at move to the back instead of going. That keeps hot keys as a
// true LRU would, while a hit costs one property write rather than a Map delete and re-insert
// (the credential cache answers every verification from here).

interface Slot<V> {
  value: V;
  used: boolean;
}

export class BoundedLru<V> {
  private readonly map = new Map<string, Slot<V>>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value, marked as used. */
  get(key: string): V | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.value;
  }

  set(key: string, value: V): void {
    if (this.maxEntries <= 0) return;
    this.map.delete(key);
    this.map.set(key, { value, used: false });
    this.evictOverflow();
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Deletes every entry the predicate holds for (a full scan: for rare events only). */
  deleteWhere(predicate: (value: V) => boolean): void {
    for (const [key, slot] of this.map) if (predicate(slot.value)) this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  private evictOverflow(): void {
    // Each pass clears a used flag or evicts, so this ends within one sweep over the map.
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.entries().next();
      if (oldest.done) return;
      const [key, slot] = oldest.value;
      this.map.delete(key);
      if (slot.used) {
        slot.used = false;
        this.map.set(key, slot);
      }
    }
  }
}
