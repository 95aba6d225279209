// Live-key counts of the PostgreSQL store, kept in the database (postgres-migrations.ts, version
// 2: `organizations.live_api_keys` and `api_key_counts` per owner) and changed in the transaction
// that changes the keys, so that quota checks read them in O(batch) rather than counting keys.
import type { PoolClient } from 'pg';
import type { ApiKeyRecord } from '../store.js';

/** (org_id, id) */
export type Pair = [string, string];

/** A Map/Set key for a tuple of ids. */
export const tupleKey = (...ids: string[]): string => JSON.stringify(ids);

/** Each pair once, in first-seen order. */
export function distinct(pairs: Pair[]): Pair[] {
  return [...new Map(pairs.map((pair) => [tupleKey(...pair), pair])).values()];
}

// Lock order. A transaction that changes an organization's live keys (a create, a key delete, an
// owner delete, which soft-deletes the owner's keys) first locks the organization's row with
// lockOrganizations, and only then locks or writes api_keys, users, service_accounts or the
// counters. So every writer of an organization's counts queues on that one row, and none can hold
// a row another needs while waiting for the organization: had an owner delete locked its user
// first and the organization second, it would deadlock with a create that holds the organization
// and waits for FOR SHARE on that user. Several organizations are locked in id order.

/**
 * Locks the rows of `orgIds` FOR NO KEY UPDATE, in id order, and returns their live-key counts.
 * NO KEY UPDATE rather than UPDATE: it still conflicts with itself but not with the KEY SHARE locks
 * that foreign-key checks take, so creating users or accounts meanwhile does not queue behind it.
 * Having waited for the lock, READ COMMITTED hands back the row as its previous holder committed
 * it, counts included. Locked in id order (LockRows runs after the sort) so that two batches
 * wanting the same organizations cannot deadlock.
 */
export async function lockOrganizations(client: PoolClient, orgIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await client.query<{ id: string; live_api_keys: number }>(
    'SELECT id, live_api_keys FROM organizations WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE', [[...new Set(orgIds)]],
  );
  return new Map(rows.map((row) => [row.id, row.live_api_keys]));
}

/** The parameters of `countLiveKeysParts` for `keys`: how many of them are live, per organization and per owner. */
export function liveKeyCountParams(keys: readonly ApiKeyRecord[]): unknown[] {
  const perOrg = new Map<string, number>();
  const perOwner = new Map<string, { pair: Pair; n: number }>();
  for (const key of keys) {
    if (key.deletedAt !== null) continue;
    perOrg.set(key.orgId, (perOrg.get(key.orgId) ?? 0) + 1);
    const owner = tupleKey(key.orgId, key.ownerId);
    const entry = perOwner.get(owner) ?? { pair: [key.orgId, key.ownerId], n: 0 };
    entry.n++;
    perOwner.set(owner, entry);
  }
  const owners = [...perOwner.values()];
  return [[...perOrg.keys()], [...perOrg.values()], owners.map(({ pair }) => pair[0]), owners.map(({ pair }) => pair[1]),
    owners.map(({ n }) => n)];
}

/**
 * The two writes that add keys just inserted to the counters, given `liveKeyCountParams` from
 * `$offset+1`: a WITH query for the organizations, then the statement for the owners. Written by
 * countLiveKeys alone, or as the last part of a batch's one write (postgres-key-creates.ts). The
 * caller holds the organizations' locks.
 */
export const countLiveKeysParts = (offset: number) => ({
  organizations: `orgs AS (
    UPDATE organizations o SET live_api_keys = o.live_api_keys + d.n
      FROM unnest($${offset + 1}::text[], $${offset + 2}::int[]) AS d (id, n) WHERE o.id = d.id
  )`,
  owners: `INSERT INTO api_key_counts AS c (org_id, owner_id, live)
  SELECT * FROM unnest($${offset + 3}::text[], $${offset + 4}::text[], $${offset + 5}::int[])
      ON CONFLICT (org_id, owner_id) DO UPDATE SET live = c.live + EXCLUDED.live`,
});

const countLiveKeysAlone = countLiveKeysParts(0);

/** Adds the live ones of `keys`, just inserted, to the counters; the caller holds the organizations' locks. */
export async function countLiveKeys(client: PoolClient, keys: readonly ApiKeyRecord[]): Promise<void> {
  await client.query(`WITH ${countLiveKeysAlone.organizations} ${countLiveKeysAlone.owners}`, liveKeyCountParams(keys));
}

/**
 * Takes a deleted owner's `n` live keys, just soft-deleted with it, off its organization's count,
 * and drops the owner's counter: no key can be created for a deleted owner (a batch checks the
 * owner under the same organization lock), so the row would only accumulate. The caller holds the
 * organization's lock.
 */
export async function dropOwnerCount(client: PoolClient, orgId: string, ownerId: string, n: number): Promise<void> {
  await client.query(
    `WITH orgs AS (UPDATE organizations SET live_api_keys = live_api_keys - $3 WHERE id = $1 AND $3 > 0)
     DELETE FROM api_key_counts WHERE org_id = $1 AND owner_id = $2`,
    [orgId, ownerId, n],
  );
}

/** Takes `n` keys of `ownerId`, just soft-deleted, off the counts; the caller holds the organization's lock. */
export async function uncountLiveKeys(client: PoolClient, orgId: string, ownerId: string, n: number): Promise<void> {
  if (n === 0) return;
  await client.query(
    `WITH orgs AS (UPDATE organizations SET live_api_keys = live_api_keys - $3 WHERE id = $1)
     UPDATE api_key_counts SET live = live - $3 WHERE org_id = $1 AND owner_id = $2`,
    [orgId, ownerId, n],
  );
}
