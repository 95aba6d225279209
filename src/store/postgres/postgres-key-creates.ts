// How a batch of key creates (postgres-key-batches.ts) is decided and written inside its
// transaction. It holds its organizations' locks from the first statement to COMMIT, so every
// round trip it makes meanwhile holds up the next batch: after the lock, one statement reads all it
// needs and one writes all it decided. Each of the two has the same short text whatever the
// batch's size, its rows travelling as one array per column. They are not named (prepared) statements:
// that measured no faster here, and a pooler in transaction mode (PgBouncer before 1.21) cannot
// hold named statements.
import type { PoolClient } from 'pg';
import type { ApiKeyRecord, CreateKeyResult } from '../store.js';
import type { BatchTurn, KeyCreate } from './postgres-key-batches.js';
import { countLiveKeysParts, distinct, liveKeyCountParams, lockOrganizations, tupleKey, type Pair } from './postgres-key-counts.js';
import {
  apiKeyArrays, apiKeyColumnCount, auditArrays, auditColumnCount, insertApiKeysFromArraysSql, insertAuditsFromArraysSql,
} from './postgres-rows.js';

/** The turn of a transaction that no batch runs beside (a create retried alone, a test): it may write at once. */
const ALONE: BatchTurn = { decided: () => {}, mayWrite: Promise.resolve(true) };

/**
 * Decides and writes `creates` in a transaction of its own, in queue order, as if each ran in a
 * transaction of its own one after another: the owner must be live, then the environment, then
 * the organization's quota, then the owner's, and an accepted key counts against the quotas of the
 * creates after it. A refused create writes nothing. Returns their results in the same order once
 * COMMIT has returned.
 *
 * Two round trips, on a pipelined client (the store's pool is one): BEGIN, the lock and the read
 * go out together, and so do the write and COMMIT. PostgreSQL runs them in the order sent, so the
 * read still begins after the lock was granted. Five round trips one after another held the lock
 * for as long as keyward's event loop took to come back to each answer between HTTP requests
 * (bench/README.md, B6 create). The write goes out only once BEGIN, the lock and the read have
 * all succeeded; if it fails, the COMMIT behind it finds the transaction aborted and rolls it back,
 * so a failed batch writes nothing, as before.
 *
 * Between deciding and writing it tells `turn` it has decided, and waits for leave to write: the
 * batch before it may still be committing (postgres-key-batches.ts). Refused leave, it rolls back
 * unwritten and returns 'withdrawn'. Without a turn it writes at once.
 */
export function createKeysInTransaction(client: PoolClient, creates: readonly KeyCreate[]): Promise<CreateKeyResult[]>;
export function createKeysInTransaction(client: PoolClient, creates: readonly KeyCreate[],
  turn: BatchTurn): Promise<CreateKeyResult[] | 'withdrawn'>;
export async function createKeysInTransaction(client: PoolClient, creates: readonly KeyCreate[],
  turn: BatchTurn = ALONE): Promise<CreateKeyResult[] | 'withdrawn'> {
  const begin = client.query('BEGIN');
  // Read from the counters (postgres-migrations.ts, version 2) and kept up to date below as the
  // batch accepts keys. The organizations' stay locked until COMMIT, so no one changes them meanwhile.
  const locked = lockOrganizations(client, creates.map(({ key }) => key.orgId));
  const read = readOwnersAndCounts(client, creates.map(({ key }) => key));
  try {
    await allOrFirstError([begin, locked, read]);
  } catch (err) {
    // Should ROLLBACK fail too, its (connection) error replaces this one: the client is then unusable.
    await client.query('ROLLBACK');
    throw err;
  }
  const { results, accepted } = decide(creates, await locked, await read);
  turn.decided();
  if (!(await turn.mayWrite)) {
    await client.query('ROLLBACK');
    return 'withdrawn';
  }
  await allOrFirstError([
    accepted.length > 0 ? writeAccepted(client, accepted) : Promise.resolve(),
    client.query('COMMIT'),
  ]);
  return results;
}

/**
 * Promise.all, except that it waits for every one to settle (so no query of the transaction is
 * still in flight after it) and rejects with the first failure in order: in a pipelined
 * transaction the later ones fail only because it was aborted.
 */
async function allOrFirstError(pending: Promise<unknown>[]): Promise<void> {
  for (const outcome of await Promise.allSettled(pending)) {
    if (outcome.status === 'rejected') throw outcome.reason;
  }
}

/** The decisions of createKeysInTransaction, from the organizations' and owners' counts as locked and read. */
function decide(creates: readonly KeyCreate[], inOrg: Map<string, number>, { live, ofOwner }: OwnersAndCounts): {
  results: CreateKeyResult[]; accepted: KeyCreate[];
} {
  const accepted: KeyCreate[] = [];
  const results = creates.map((create): CreateKeyResult => {
    const { key, quota } = create;
    const owner = tupleKey(key.orgId, key.ownerId);
    if (!live.has(tupleKey(key.ownerKind, key.orgId, key.ownerId))) return { ok: false, missing: 'owner' };
    if (key.resource.environment !== null && !live.has(tupleKey('Environment', key.orgId, key.resource.environment))) {
      return { ok: false, missing: 'environment' };
    }
    const orgKeys = inOrg.get(key.orgId) ?? 0;
    if (orgKeys >= quota.perOrg) return { ok: false, quota: 'apikeys_per_org', limit: quota.perOrg };
    const ownerKeys = ofOwner.get(owner) ?? 0;
    if (ownerKeys >= quota.perOwner) return { ok: false, quota: 'apikeys_per_owner', limit: quota.perOwner };
    inOrg.set(key.orgId, orgKeys + 1);
    ofOwner.set(owner, ownerKeys + 1);
    accepted.push(create);
    return { ok: true };
  });
  return { results, accepted };
}

/** Which rows are live, by `tupleKey(kind, org_id, id)`, and the owners' live-key counts by `tupleKey(org_id, owner_id)`. */
interface OwnersAndCounts {
  live: Set<string>;
  ofOwner: Map<string, number>;
}

// Live owners and environments are locked FOR SHARE: that conflicts with the row lock a delete of
// the owner or environment takes first, so whichever transaction comes second sees the other's
// outcome. The counts must be read in a statement begun after the organizations' lock was granted
// (as this one is), so that it sees what the organizations' previous writer committed.
const liveOf = (table: string, kind: string, orgs: number, ids: number) =>
  `SELECT '${kind}'::text AS kind, t.org_id, t.id, NULL::integer AS live
     FROM ${table} t JOIN unnest($${orgs}::text[], $${ids}::text[]) AS w (org_id, id) ON t.org_id = w.org_id AND t.id = w.id
    WHERE t.deleted_at IS NULL
      FOR SHARE OF t`;

const readOwnersAndCountsSql = `
  WITH users_live AS (${liveOf('users', 'User', 1, 2)}),
       accounts_live AS (${liveOf('service_accounts', 'ServiceAccount', 3, 4)}),
       environments_live AS (${liveOf('environments', 'Environment', 5, 6)})
  SELECT * FROM users_live
  UNION ALL SELECT * FROM accounts_live
  UNION ALL SELECT * FROM environments_live
  UNION ALL SELECT 'Count', c.org_id, c.owner_id, c.live
              FROM api_key_counts c JOIN unnest($7::text[], $8::text[]) AS w (org_id, owner_id)
                ON c.org_id = w.org_id AND c.owner_id = w.owner_id`;

async function readOwnersAndCounts(client: PoolClient, keys: readonly ApiKeyRecord[]): Promise<OwnersAndCounts> {
  const owners = distinct(keys.map((key): Pair => [key.orgId, key.ownerId]));
  const ownedBy = (kind: ApiKeyRecord['ownerKind']) =>
    distinct(keys.filter((key) => key.ownerKind === kind).map((key): Pair => [key.orgId, key.ownerId]));
  const environments = distinct(keys.flatMap((key): Pair[] =>
    key.resource.environment === null ? [] : [[key.orgId, key.resource.environment]]));
  const columns = (pairs: Pair[]) => [pairs.map(([org]) => org), pairs.map(([, id]) => id)];
  const { rows } = await client.query<{ kind: string; org_id: string; id: string; live: number | null }>({
    text: readOwnersAndCountsSql,
    values: [...columns(ownedBy('User')), ...columns(ownedBy('ServiceAccount')), ...columns(environments), ...columns(owners)],
  });
  const result: OwnersAndCounts = { live: new Set(), ofOwner: new Map() };
  for (const row of rows) {
    if (row.kind === 'Count') result.ofOwner.set(tupleKey(row.org_id, row.id), row.live!);
    else result.live.add(tupleKey(row.kind, row.org_id, row.id));
  }
  return result;
}

// The keys, their audit rows and the counters, in one statement. Its parts run in an order
// PostgreSQL does not promise, which does not matter here: none reads what another writes (the
// foreign-key checks on organizations only need the rows, which the counter update keeps).
// Audit ids are drawn in the order of their arrays, as the keys were accepted.
const counters = countLiveKeysParts(apiKeyColumnCount + auditColumnCount);
const writeAcceptedSql = `
  WITH keys AS (${insertApiKeysFromArraysSql(0)}),
       audits AS (${insertAuditsFromArraysSql(apiKeyColumnCount)}),
       ${counters.organizations}
  ${counters.owners}`;

async function writeAccepted(client: PoolClient, accepted: readonly KeyCreate[]): Promise<void> {
  const keys = accepted.map(({ key }) => key);
  await client.query({
    text: writeAcceptedSql,
    values: [...apiKeyArrays(keys), ...auditArrays(accepted.map(({ audit }) => audit)), ...liveKeyCountParams(keys)],
  });
}
