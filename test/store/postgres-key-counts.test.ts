// The PostgreSQL store's live-key counters (organizations.live_api_keys, api_key_counts), which the
// key batches read instead of counting: after every way a key becomes live or stops being live they
// must equal count(*) of the live keys, also with two instances writing at once, and the migration
// that adds them must count the keys already there. Checked from a separate connection.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresMigrations } from '../../src/store/postgres/postgres-migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { CreateKeyResult, Store, UserRecord } from '../../src/store/store.js';
import { audit, createKey, keyId, ok, ORG, roomy, seedOrganization, T0 } from '../helpers/key-batch-fixtures.js';
import { dropSchema, postgresUrl } from '../helpers/dialects.js';
import { postgresSchemaPerTest } from '../helpers/postgres-schema.js';

/** Live keys per organization and per "org/owner", as counters or as counted; owners at 0 left out. */
interface Counts {
  orgs: Record<string, number>;
  owners: Record<string, number>;
}

const refusedBy = (quota: 'apikeys_per_org' | 'apikeys_per_owner', limit: number): CreateKeyResult => ({ ok: false, quota, limit });

const user = (id: string): UserRecord => ({
  id, orgId: ORG, email: `${id}@example.com`, fullName: id, authType: 'AUTH_TYPE_LOCAL', role: null,
  createdAt: T0, updatedAt: T0, deletedAt: null,
});

async function storedCounts(client: pg.Client): Promise<Counts> {
  const orgs = await client.query<{ id: string; n: number }>('SELECT id, live_api_keys AS n FROM organizations');
  const owners = await client.query<{ org_id: string; owner_id: string; n: number }>(
    'SELECT org_id, owner_id, live AS n FROM api_key_counts WHERE live <> 0');
  return {
    orgs: Object.fromEntries(orgs.rows.map((r) => [r.id, r.n])),
    owners: Object.fromEntries(owners.rows.map((r) => [`${r.org_id}/${r.owner_id}`, r.n])),
  };
}

async function countedCounts(client: pg.Client): Promise<Counts> {
  const orgs = await client.query<{ id: string; n: number }>(
    `SELECT o.id, count(k.id)::int AS n
       FROM organizations o LEFT JOIN api_keys k ON k.org_id = o.id AND k.deleted_at IS NULL GROUP BY o.id`);
  const owners = await client.query<{ org_id: string; owner_id: string; n: number }>(
    'SELECT org_id, owner_id, count(*)::int AS n FROM api_keys WHERE deleted_at IS NULL GROUP BY org_id, owner_id');
  return {
    orgs: Object.fromEntries(orgs.rows.map((r) => [r.id, r.n])),
    owners: Object.fromEntries(owners.rows.map((r) => [`${r.org_id}/${r.owner_id}`, r.n])),
  };
}

/** The counters equal count(*), and, when given, what the test expects (owners as in ORG). */
async function assertCounters(client: pg.Client, expected?: { org: number; owners: Record<string, number> }): Promise<void> {
  const stored = await storedCounts(client);
  assert.deepEqual(stored, await countedCounts(client), 'counters equal count(*) of the live keys');
  if (expected) {
    const owners = Object.fromEntries(Object.entries(expected.owners).filter(([, n]) => n !== 0).map(([o, n]) => [`${ORG}/${o}`, n]));
    assert.deepEqual(stored, { orgs: { [ORG]: expected.org }, owners });
  }
}

describe('PostgreSQL live-key counters', { skip: postgresUrl ? false : 'KEYWARD_TEST_DATABASE_URL not set' }, () => {
  const schema = postgresSchemaPerTest();
  const open = () => schema.open();
  const deleteKey = (store: Store, id: string) => store.deleteApiKey(ORG, id, T0, audit('api_key.delete', id));

  it('bootstrap counts the admin key', async () => {
    await assertCounters(schema.observer);
    await seedOrganization(open());
    await assertCounters(schema.observer, { org: 1, owners: { 'u-admin': 1 } });
  });

  it('a batch with refusals counts only the keys it accepted, and the next batch decides on the counters', async () => {
    const store = open();
    await seedOrganization(store);
    const quota = { perOrg: 100, perOwner: 3 };
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => createKey(store, keyId(i), i % 2 ? 'sa-2' : 'sa-1', quota)),
      createKey(store, keyId(10), 'sa-ghost', quota),
      createKey(store, keyId(11), 'u-admin', quota,
        { resource: { id: 'lkc-1', kind: 'Cluster', apiVersion: 'cmk/v2', environment: 'env-nowhere' } }),
    ]);
    const refused = refusedBy('apikeys_per_owner', 3);
    assert.deepEqual(results, [ok, ok, ok, ok, ok, ok, refused, refused, refused, refused,
      { ok: false, missing: 'owner' }, { ok: false, missing: 'environment' }]);
    await assertCounters(schema.observer, { org: 7, owners: { 'u-admin': 1, 'sa-1': 3, 'sa-2': 3 } });

    // The org quota, with 7 live: 2 of 9 left, taken by the first and third.
    const org9 = { perOrg: 9, perOwner: 10 };
    assert.deepEqual(await Promise.all([20, 21, 22].map((n) => createKey(store, keyId(n), 'u-admin', org9))),
      [ok, ok, refusedBy('apikeys_per_org', 9)]);
    await assertCounters(schema.observer, { org: 9, owners: { 'u-admin': 3, 'sa-1': 3, 'sa-2': 3 } });

    // Creates read the counters, not the keys: raised behind the store's back, they refuse.
    await schema.observer.query("UPDATE api_key_counts SET live = 10 WHERE owner_id = 'sa-1'");
    assert.deepEqual(await createKey(store, keyId(30), 'sa-1', { perOrg: 100, perOwner: 10 }), refusedBy('apikeys_per_owner', 10));
    await schema.observer.query('UPDATE organizations SET live_api_keys = 100');
    assert.deepEqual(await createKey(store, keyId(31), 'sa-2', { perOrg: 100, perOwner: 10 }), refusedBy('apikeys_per_org', 100));
  });

  it('a key delete takes one off, and deleting it again takes nothing', async () => {
    const store = open();
    await seedOrganization(store);
    await Promise.all([0, 1, 2].map((n) => createKey(store, keyId(n), 'sa-1')));
    await assertCounters(schema.observer, { org: 4, owners: { 'u-admin': 1, 'sa-1': 3 } });

    assert.equal(await deleteKey(store, keyId(0)), true);
    await assertCounters(schema.observer, { org: 3, owners: { 'u-admin': 1, 'sa-1': 2 } });
    assert.equal(await deleteKey(store, keyId(0)), false);
    assert.equal(await deleteKey(store, keyId(99)), false);
    await assertCounters(schema.observer, { org: 3, owners: { 'u-admin': 1, 'sa-1': 2 } });

    // Two deletes of one key at once, from two instances: one wins, one key comes off.
    const other = open();
    assert.deepEqual((await Promise.all([deleteKey(store, keyId(1)), deleteKey(other, keyId(1))])).sort(), [false, true]);
    await assertCounters(schema.observer, { org: 2, owners: { 'u-admin': 1, 'sa-1': 1 } });
  });

  it('an owner delete takes off its live keys only, once, and its counter with it', async () => {
    const store = open();
    await seedOrganization(store);
    assert.equal(await store.createUser(user('u-2'), audit('user.create', 'u-2')), true);
    await Promise.all([
      ...[0, 1, 2, 3, 4].map((n) => createKey(store, keyId(n), 'sa-1')),
      ...[5, 6].map((n) => createKey(store, keyId(n), 'sa-2')),
      ...[7, 8, 9].map((n) => createKey(store, keyId(n), 'u-2')),
      // Expired keys still count.
      createKey(store, keyId(10), 'sa-1', roomy, { expiresAt: '2020-01-01' }),
    ]);
    assert.equal(await deleteKey(store, keyId(0)), true);
    assert.equal(await deleteKey(store, keyId(1)), true);
    assert.equal(await deleteKey(store, keyId(7)), true);
    await assertCounters(schema.observer, { org: 9, owners: { 'u-admin': 1, 'sa-1': 4, 'sa-2': 2, 'u-2': 2 } });

    assert.equal(await store.deleteServiceAccount(ORG, 'sa-1', T0, audit('service_account.delete', 'sa-1')), true);
    await assertCounters(schema.observer, { org: 5, owners: { 'u-admin': 1, 'sa-2': 2, 'u-2': 2 } });
    assert.equal(await store.deleteServiceAccount(ORG, 'sa-1', T0, audit('service_account.delete', 'sa-1')), false);
    assert.equal(await deleteKey(store, keyId(2)), false, 'the cascade deleted it');
    await assertCounters(schema.observer, { org: 5, owners: { 'u-admin': 1, 'sa-2': 2, 'u-2': 2 } });

    assert.equal(await store.deleteUser(ORG, 'u-2', T0, audit('user.delete', 'u-2')), true);
    await assertCounters(schema.observer, { org: 3, owners: { 'u-admin': 1, 'sa-2': 2 } });
    // An owner with no live key at all.
    assert.equal(await store.createServiceAccount({ id: 'sa-3', orgId: ORG, displayName: 'three', description: '',
      createdAt: T0, updatedAt: T0, deletedAt: null }, audit('service_account.create', 'sa-3')), true);
    assert.equal(await store.deleteServiceAccount(ORG, 'sa-3', T0, audit('service_account.delete', 'sa-3')), true);
    await assertCounters(schema.observer, { org: 3, owners: { 'u-admin': 1, 'sa-2': 2 } });
    const counterRows = await schema.observer.query<{ owner_id: string }>('SELECT owner_id FROM api_key_counts ORDER BY owner_id');
    assert.deepEqual(counterRows.rows.map((row) => row.owner_id), ['sa-2', 'u-admin'], 'no counter is left for a deleted owner');
  });

  it('a key or owner delete waits for the organization before it locks the key or the owner', { timeout: 10_000 }, async () => {
    const store = open();
    await seedOrganization(store);
    assert.deepEqual(await Promise.all([createKey(store, keyId(0), 'sa-1'), createKey(store, keyId(1), 'sa-2')]), [ok, ok]);
    // Holds the organization as a batch of creates in flight does.
    const locker = new pg.Client({ connectionString: postgresUrl, options: `-c search_path=${schema.db.schema}` });
    await locker.connect();
    let deletes: Promise<boolean[]> | undefined;
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM organizations FOR NO KEY UPDATE');
      deletes = Promise.all([
        deleteKey(store, keyId(0)),
        store.deleteServiceAccount(ORG, 'sa-2', T0, audit('service_account.delete', 'sa-2')),
      ]);
      const waitingOnLocks = async () => (await schema.observer.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        [`keyward:${schema.db.schema}`])).rows[0]?.n ?? 0;
      while (await waitingOnLocks() < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      // Both wait, and neither holds the rows a create holding the organization would want next.
      await schema.observer.query('BEGIN');
      try {
        await schema.observer.query('SELECT 1 FROM api_keys WHERE id = $1 FOR UPDATE NOWAIT', [keyId(0)]);
        await schema.observer.query("SELECT 1 FROM service_accounts WHERE id = 'sa-2' FOR SHARE NOWAIT");
        await schema.observer.query("SELECT 1 FROM api_keys WHERE owner_id = 'sa-2' FOR UPDATE NOWAIT");
      } finally {
        await schema.observer.query('ROLLBACK');
      }
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    assert.deepEqual(await deletes, [true, true]);
    await assertCounters(schema.observer, { org: 1, owners: { 'u-admin': 1 } });
  });

  it('stay exact, within quota and without deadlocks, with two instances creating and deleting at once', { timeout: 30_000 }, async () => {
    const one = open();
    const two = open();
    await seedOrganization(one);
    assert.equal(await one.createUser(user('u-2'), audit('user.create', 'u-2')), true);
    const owners = ['sa-1', 'sa-2', 'u-2', 'u-admin'];
    const early = Array.from({ length: 40 }, (_, i) => `EARLY${String(i).padStart(3, '0')}`);
    for (const [i, id] of early.entries()) assert.deepEqual(await createKey(i % 2 ? one : two, id, owners[i % 4]!), ok);
    const quota = { perOrg: 90, perOwner: 30 };

    const store = (i: number) => (i % 2 ? one : two);
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 160; i++) {
      ops.push(createKey(store(i), keyId(i), owners[i % 4]!, quota));
      // Every early key deleted, some of them by both instances at once.
      if (i < 40) ops.push(deleteKey(store(i + 1), early[i]!));
      if (i % 8 === 0) ops.push(deleteKey(store(i), early[i / 4]!));
      if (i === 60) ops.push(two.deleteServiceAccount(ORG, 'sa-2', T0, audit('service_account.delete', 'sa-2')));
      if (i === 100) ops.push(one.deleteUser(ORG, 'u-2', T0, audit('user.delete', 'u-2')));
      // Keys created above, deleted again while creates go on.
      if (i >= 20 && i % 5 === 0) ops.push(deleteKey(store(i + 1), keyId(i - 20)));
    }
    const settled = await Promise.allSettled(ops);
    const failed = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.deepEqual(failed.map((r) => String(r.reason)), [], 'no deadlock, no CHECK violation');
    await assertCounters(schema.observer);
    const { orgs, owners: ofOwner } = await storedCounts(schema.observer);
    assert.ok(orgs[ORG]! <= quota.perOrg, `${orgs[ORG]} live keys`);
    for (const [owner, n] of Object.entries(ofOwner)) assert.ok(n <= quota.perOwner, `${owner}: ${n}`);
    assert.equal(ofOwner[`${ORG}/sa-2`], undefined, 'sa-2 was deleted with its keys');
    assert.equal(ofOwner[`${ORG}/u-2`], undefined, 'u-2 was deleted with its keys');
  });
});

describe('PostgreSQL migration to live-key counters', { skip: postgresUrl ? false : 'KEYWARD_TEST_DATABASE_URL not set' }, () => {
  const counters = postgresMigrations.find((m) => /api_key_counts/.test(m.sql))!;
  let schema: string;
  let client: pg.Client;
  let store: PostgresStore | undefined;

  beforeEach(async () => {
    schema = `kw_test_${randomBytes(6).toString('hex')}`;
    client = new pg.Client({ connectionString: postgresUrl, options: `-c search_path=${schema}` });
    await client.connect();
  });
  afterEach(async () => {
    await store?.close();
    await client.end();
    await dropSchema(schema);
  });

  it('counts the live keys that existed before it', async () => {
    // The schema as migrate() leaves it one version before the counters.
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
    for (const migration of postgresMigrations.filter((m) => m.version < counters.version)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, T0]);
    }
    await client.query(`
      INSERT INTO organizations (id, display_name, created_at) VALUES ('${ORG}', 'Acme', '${T0}'), ('org-other', 'Other', '${T0}'),
                                                                      ('org-empty', 'Empty', '${T0}');
      INSERT INTO users (id, org_id, email, full_name, auth_type, role, created_at, updated_at)
        VALUES ('u-admin', '${ORG}', 'admin@example.com', 'Admin', 'AUTH_TYPE_LOCAL', 'OrganizationAdmin', '${T0}', '${T0}');
      INSERT INTO service_accounts (id, org_id, display_name, description, created_at, updated_at)
        VALUES ('sa-1', '${ORG}', 'one', '', '${T0}', '${T0}');
      INSERT INTO api_keys (id, org_id, secret_hash, display_name, description, owner_id, owner_kind, resource_id, resource_kind,
                            resource_api_version, expires_at, created_by, created_at, updated_at, deleted_at)
        SELECT 'OLD' || g, CASE WHEN g % 10 = 0 THEN 'org-other' ELSE '${ORG}' END, '\\x00', 'k', '',
               CASE WHEN g % 3 = 0 THEN 'u-admin' ELSE 'sa-1' END, CASE WHEN g % 3 = 0 THEN 'User' ELSE 'ServiceAccount' END,
               'cloud', 'Cloud', 'iam/v2', CASE WHEN g % 4 = 0 THEN '2020-01-01' END, 'u-admin', '${T0}', '${T0}',
               CASE WHEN g % 7 = 0 THEN '${T0}' END
          FROM generate_series(1, 100) AS g;`);
    const before = await countedCounts(client);

    store = PostgresStore.connect({ url: postgresUrl!, schema });
    await store.migrate();
    assert.deepEqual(await storedCounts(client), before);
    // Worked out by hand from the series above, so that a backfill counting nothing cannot pass.
    assert.deepEqual(before, {
      orgs: { [ORG]: 77, 'org-other': 9, 'org-empty': 0 },
      owners: { [`${ORG}/sa-1`]: 51, [`${ORG}/u-admin`]: 26, 'org-other/sa-1': 6, 'org-other/u-admin': 3 },
    });

    // And the store decides on them: sa-1 holds 51 live keys, the organization 77.
    assert.deepEqual(await createKey(store, 'NEW1', 'sa-1', { perOrg: 1000, perOwner: 51 }), refusedBy('apikeys_per_owner', 51));
    assert.deepEqual(await createKey(store, 'NEW2', 'sa-1', { perOrg: 78, perOwner: 52 }), ok);
    assert.deepEqual(await createKey(store, 'NEW3', 'u-admin', { perOrg: 78, perOwner: 1000 }), refusedBy('apikeys_per_org', 78));
    assert.deepEqual(await storedCounts(client), await countedCounts(client));
  });
});
