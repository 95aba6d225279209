// The in-process half of revocation: services announce a delete here once the store has committed
// it, and credential caches in this process forget it at once. On PostgreSQL the store's
// LISTEN/NOTIFY feed tells the other instances; on SQLite one process is the only writer, so this
// bus is all there is (sqlite-store.ts needs no change for it).
import type { RevocationEvent, RevocationListener } from '../store/store.js';

/** Where services report committed deletes of keys and owners. */
export interface RevocationSink {
  publish(event: RevocationEvent): void;
}

export class RevocationBus implements RevocationSink {
  private readonly listeners = new Set<RevocationListener>();

  publish(event: RevocationEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }
}
