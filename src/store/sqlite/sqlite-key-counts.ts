// Live-key counts for the quota check, remembered between batches. Counting an organization's keys
// walks its whole index (about 5 ms per 10,000 keys here), which every key creation would otherwise
// pay. The counts are only read and changed inside a write batch, under SQLite's write lock, and
// are dropped whenever another connection has committed since we last looked (PRAGMA data_version
// changes exactly then, and never for our own commits) or a batch failed, so a count is either
// exact or absent and then recounted.

/** At most this many owners are remembered; past it the owner counts start over (a recount is cheap). */
const MAX_OWNERS = 100_000;

export class LiveKeyCounts {
  private readonly orgs = new Map<string, number>();
  private readonly owners = new Map<string, number>();
  private dataVersion: number | undefined;
  // Set by every change; lets a write that is rolled back to its savepoint after changing a count
  // (only RELEASE could still fail by then) drop the counts rather than keep a wrong one.
  private changed = false;

  /** Call first in every batch with the connection's `PRAGMA data_version`. */
  validate(dataVersion: number): void {
    if (dataVersion !== this.dataVersion) this.clear();
    this.dataVersion = dataVersion;
  }

  clear(): void {
    this.orgs.clear();
    this.owners.clear();
  }

  /** Call before each write of a batch. */
  beginWrite(): void {
    this.changed = false;
  }

  /** Call when a write was rolled back to its savepoint. */
  writeRolledBack(): void {
    if (this.changed) this.clear();
  }

  org(orgId: string, count: () => number): number {
    let n = this.orgs.get(orgId);
    if (n === undefined) this.orgs.set(orgId, n = count());
    return n;
  }

  owner(orgId: string, ownerId: string, count: () => number): number {
    const key = ownerKey(orgId, ownerId);
    let n = this.owners.get(key);
    if (n === undefined) {
      if (this.owners.size >= MAX_OWNERS) this.owners.clear();
      this.owners.set(key, n = count());
    }
    return n;
  }

  /** One key of this owner became live (+1) or was deleted (-1). Only counts already known change. */
  add(orgId: string, ownerId: string, delta: number): void {
    this.changed = true;
    const org = this.orgs.get(orgId);
    if (org !== undefined) this.orgs.set(orgId, org + delta);
    const key = ownerKey(orgId, ownerId);
    const owner = this.owners.get(key);
    if (owner !== undefined) this.owners.set(key, owner + delta);
  }

  /** Every live key of this owner, `deleted` of them, was deleted. */
  ownerDeleted(orgId: string, ownerId: string, deleted: number): void {
    this.changed = true;
    const org = this.orgs.get(orgId);
    if (org !== undefined) this.orgs.set(orgId, org - deleted);
    this.owners.delete(ownerKey(orgId, ownerId));
  }
}

// Ids never contain a newline, so the pair cannot collide.
const ownerKey = (orgId: string, ownerId: string) => `${orgId}\n${ownerId}`;
