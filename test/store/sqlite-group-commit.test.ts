// Group commit in the SQLite store: concurrent writes share one transaction (one fsync), each under
// its own savepoint, and none is acknowledged before its batch has committed. Checked on a real
// database file, with a second connection standing in for "what survives if we crash now".
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BatchReport } from '../../src/store/sqlite/sqlite-group-commit.js';
import { SqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite/sqlite-store.js';
import type { CreateKeyResult } from '../../src/store/store.js';
import { audit, createKey, keyId, ok, ORG, roomy, seedOrganization, serviceAccount, T0 } from '../helpers/key-batch-fixtures.js';

describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let batches: BatchReport[];
  let stores: SqliteStore[];
  let raw: Database.Database[];

  /** A migrated store on the test file that records every batch it flushes. */
  const open = async (options: SqliteStoreOptions = {}) => {
    const store = SqliteStore.open(file, { onBatch: (b) => batches.push(b), ...options });
    stores.push(store);
    await store.migrate();
    return store;
  };
  /** A separate connection to the same file: sees exactly what has been committed. */
  const observer = () => {
    const db = new Database(file, { readonly: true });
    raw.push(db);
    return db;
  };
  const storedKeyIds = (db: Database.Database) =>
    db.prepare("SELECT id FROM api_keys WHERE id LIKE 'K%' ORDER BY id").pluck().all() as string[];
  const auditedKeyIds = (db: Database.Database) =>
    db.prepare("SELECT target_id FROM audit_log WHERE action = 'api_key.create' ORDER BY id").pluck().all() as string[];

  /** Bootstraps the organization (its admin key counts towards the org quota) and two service accounts. */
  const seed = async (store: SqliteStore) => {
    await seedOrganization(store);
    batches.length = 0;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyward-group-commit-'));
    file = join(dir, 'keyward.db');
    batches = [];
    stores = [];
    raw = [];
  });
  afterEach(async () => {
    for (const db of raw) db.close();
    for (const store of stores) await store.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits many concurrent creates in far fewer transactions than calls', async () => {
    const store = await open();
    await seed(store);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => createKey(store, keyId(i), i % 2 ? 'sa-1' : 'sa-2')));
    assert.deepEqual(results, Array(200).fill(ok));
    assert.deepEqual(batches, [{ size: 200, committed: true }]);
    const db = observer();
    assert.equal(storedKeyIds(db).length, 200);
    assert.deepEqual(auditedKeyIds(db), Array.from({ length: 200 }, (_, i) => keyId(i)), 'one audit row per key, in call order');
  });

  it('flushes as soon as maxBatch writes are queued', async () => {
    const store = await open({ maxBatch: 16 });
    await seed(store);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => createKey(store, keyId(i), 'sa-1')));
    assert.deepEqual(results, Array(40).fill(ok));
    assert.deepEqual(batches.map((b) => b.size), [16, 16, 8]);
  });

  it('a quota refusal in the middle of a batch leaves the others committed, and quotas count earlier items of the batch', async () => {
    const store = await open();
    await seed(store);
    const quota = { perOrg: 100, perOwner: 3 };
    // sa-1 and sa-2 alternate; sa-1's 4th and 5th are refused, everything around them is kept.
    const calls = Array.from({ length: 10 }, (_, i) => createKey(store, keyId(i), i % 2 ? 'sa-2' : 'sa-1', quota));
    const results = await Promise.all(calls);
    const refused: CreateKeyResult = { ok: false, quota: 'apikeys_per_owner', limit: 3 };
    assert.deepEqual(results, [ok, ok, ok, ok, ok, ok, refused, refused, refused, refused]);
    assert.deepEqual(batches, [{ size: 10, committed: true }]);
    assert.deepEqual(storedKeyIds(observer()), [0, 1, 2, 3, 4, 5].map(keyId));
    assert.deepEqual(auditedKeyIds(observer()), [0, 1, 2, 3, 4, 5].map(keyId), 'a refused key writes no audit row');

    // The org quota too: the admin key and the 6 above leave 2 of 8.
    const more = await Promise.all([10, 11, 12].map((n) => createKey(store, keyId(n), 'u-admin', { perOrg: 9, perOwner: 100 })));
    assert.deepEqual(more, [ok, ok, { ok: false, quota: 'apikeys_per_org', limit: 9 }]);
  });

  it('a unique violation rolls back only its own write', async () => {
    const store = await open();
    await seed(store);
    const [a, clash, b, dupKey, c] = await Promise.allSettled([
      store.createServiceAccount(serviceAccount('sa-3', 'taken'), audit('service_account.create', 'sa-3')),
      store.createServiceAccount(serviceAccount('sa-4', 'taken'), audit('service_account.create', 'sa-4')),
      createKey(store, keyId(1), 'sa-1'),
      createKey(store, keyId(1), 'sa-2'),
      createKey(store, keyId(2), 'sa-2'),
    ]);
    assert.deepEqual([a, clash, b, c].map((r) => r.status === 'fulfilled' && r.value), [true, 'conflict', ok, ok]);
    assert.equal(dupKey?.status, 'rejected', 'a key id taken twice is a fault, not a conflict');
    assert.deepEqual(batches, [{ size: 5, committed: true }]);
    const db = observer();
    assert.deepEqual(storedKeyIds(db), [keyId(1), keyId(2)]);
    assert.equal((await store.getApiKey(ORG, keyId(1)))?.ownerId, 'sa-1');
    assert.equal(await store.getServiceAccount(ORG, 'sa-4'), undefined);
    assert.deepEqual(db.prepare("SELECT target_id FROM audit_log WHERE action = 'service_account.create' ORDER BY id").pluck().all(),
      ['sa-1', 'sa-2', 'sa-3']);
    // The refused write changed no count: sa-2 has exactly one key.
    assert.deepEqual(await createKey(store, keyId(3), 'sa-2', { perOrg: 100, perOwner: 2 }), ok);
    assert.deepEqual(await createKey(store, keyId(4), 'sa-2', { perOrg: 100, perOwner: 2 }),
      { ok: false, quota: 'apikeys_per_owner', limit: 2 });
  });

  it('a failing COMMIT rejects every write of the batch, keeps none of them, and the store goes on working', async () => {
    const store = await open();
    await seed(store);
    // A key described as 'poison' leaves a dangling deferred foreign key behind, which SQLite only
    // checks at COMMIT: the statements all succeed and the COMMIT itself fails.
    const admin = new Database(file);
    admin.exec(`
      CREATE TABLE poison (org_id TEXT REFERENCES organizations (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER poison_commit AFTER INSERT ON api_keys WHEN NEW.description = 'poison'
        BEGIN INSERT INTO poison VALUES ('no-such-org'); END;`);
    admin.close();

    const results = await Promise.allSettled([
      createKey(store, keyId(1), 'sa-1'),
      store.createServiceAccount(serviceAccount('sa-3'), audit('service_account.create', 'sa-3')),
      createKey(store, keyId(2), 'sa-1', roomy, { description: 'poison' }),
      createKey(store, keyId(3), 'sa-2'),
    ]);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.match(String((r as PromiseRejectedResult).reason?.code), /^SQLITE_CONSTRAINT_FOREIGNKEY$/);
    }
    assert.deepEqual(batches, [{ size: 4, committed: false }]);
    const db = observer();
    assert.deepEqual(storedKeyIds(db), []);
    assert.deepEqual(auditedKeyIds(db), []);
    assert.equal(await store.getServiceAccount(ORG, 'sa-3'), undefined);

    // Nothing of the failed batch lingers in the connection or in the quota counts.
    assert.deepEqual(await createKey(store, keyId(4), 'sa-1', { perOrg: 100, perOwner: 1 }), ok);
    assert.deepEqual(await createKey(store, keyId(5), 'sa-1', { perOrg: 100, perOwner: 1 }),
      { ok: false, quota: 'apikeys_per_owner', limit: 1 });
    assert.deepEqual(storedKeyIds(db), [keyId(4)]);
  });

  it('a write that was never acknowledged never happened when the database fails under it', async () => {
    const store = await open();
    await seed(store);
    const pending = createKey(store, keyId(1), 'sa-1');
    // Closing the connection under the queued write stands in for a crash before its COMMIT. The
    // store's own close() would flush first, so the underlying handle is closed directly.
    (store as unknown as { db: Database.Database }).db.close();
    await assert.rejects(pending);
    assert.deepEqual(batches, [{ size: 1, committed: false }]);
    assert.deepEqual(storedKeyIds(observer()), []);
  });

  it('acknowledges nothing before it is durable: a second connection sees each row the moment its promise resolves', async () => {
    const store = await open();
    await seed(store);
    const db = observer();
    const byId = db.prepare('SELECT id FROM api_keys WHERE id = ?').pluck();
    const seenAtResolve: (string | undefined)[] = [];
    const calls = Array.from({ length: 50 }, (_, i) => createKey(store, keyId(i), 'sa-1').then((result) => {
      assert.deepEqual(result, ok);
      seenAtResolve.push(byId.get(keyId(i)) as string | undefined);
    }));
    // Queued, not yet committed: neither another connection nor the store itself sees the rows.
    assert.equal(byId.get(keyId(0)), undefined);
    assert.equal(await store.getApiKey(ORG, keyId(0)), undefined);
    await Promise.all(calls);
    assert.deepEqual(seenAtResolve, Array.from({ length: 50 }, (_, i) => keyId(i)));
  });

  it('close() commits what is queued before closing', async () => {
    const store = await open();
    await seed(store);
    const pending = createKey(store, keyId(1), 'sa-1');
    await store.close();
    assert.deepEqual(await pending, ok);
    assert.deepEqual(storedKeyIds(observer()), [keyId(1)]);
  });

  it('quota counts follow writes made through another connection between batches', async () => {
    const store = await open();
    const other = await open();
    await seed(store);
    const quota = { perOrg: 6, perOwner: 100 };
    // 1 admin key + 2 here = 3; the counts are now remembered by `store`.
    assert.deepEqual(await Promise.all([1, 2].map((n) => createKey(store, keyId(n), 'sa-1', quota))), [ok, ok]);
    // Another connection adds 2 (5 live) …
    assert.deepEqual(await Promise.all([3, 4].map((n) => createKey(other, keyId(n), 'sa-2', quota))), [ok, ok]);
    // … so only one more fits here.
    assert.deepEqual(await Promise.all([5, 6].map((n) => createKey(store, keyId(n), 'sa-1', quota))),
      [ok, { ok: false, quota: 'apikeys_per_org', limit: 6 }]);
    // Deletions elsewhere free room here too.
    assert.equal(await other.deleteServiceAccount(ORG, 'sa-2', T0, audit('service_account.delete', 'sa-2')), true);
    assert.deepEqual(await Promise.all([7, 8, 9].map((n) => createKey(store, keyId(n), 'sa-1', quota))),
      [ok, ok, { ok: false, quota: 'apikeys_per_org', limit: 6 }]);
  });

  it('quota counts follow this store\'s own deletions of keys and principals', async () => {
    const store = await open();
    await seed(store);
    const quota = { perOrg: 100, perOwner: 2 };
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => createKey(store, keyId(n), 'sa-1', quota))),
      [ok, ok, { ok: false, quota: 'apikeys_per_owner', limit: 2 }]);
    // Delete one key and create in the same batch: the creation sees the freed slot.
    const [deleted, created] = await Promise.all([
      store.deleteApiKey(ORG, keyId(1), T0, audit('api_key.delete', keyId(1))),
      createKey(store, keyId(4), 'sa-1', quota),
    ]);
    assert.equal(deleted, true);
    assert.deepEqual(created, ok);
    assert.deepEqual(await createKey(store, keyId(5), 'sa-2', { perOrg: 3, perOwner: 100 }),
      { ok: false, quota: 'apikeys_per_org', limit: 3 }, 'the admin key, K2 and K4 are live');
    assert.equal(await store.deleteServiceAccount(ORG, 'sa-1', T0, audit('service_account.delete', 'sa-1')), true);
    const org4 = { perOrg: 4, perOwner: 100 };
    assert.deepEqual(await Promise.all([5, 6, 7, 8].map((n) => createKey(store, keyId(n), 'sa-2', org4))),
      [ok, ok, ok, { ok: false, quota: 'apikeys_per_org', limit: 4 }], 'deleting sa-1 deleted its two live keys');
  });
});
