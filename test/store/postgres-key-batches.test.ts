// Batched key creation in the PostgreSQL store: concurrent creates share one transaction, decided
// in queue order as one-at-a-time transactions would decide them, and none is acknowledged before
// its batch has committed. Checked against what a separate connection finds in the tables.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg, { type PoolClient } from 'pg';
import type { KeyBatchReport } from '../../src/store/postgres/postgres-key-batches.js';
import { createKeysInTransaction } from '../../src/store/postgres/postgres-key-creates.js';
import { PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/postgres-store.js';
import { StoreUnavailableError } from '../../src/store/store-errors.js';
import type { ApiKeyRecord, CreateKeyResult } from '../../src/store/store.js';
import { apiKey, audit, createKey, keyId, ok, ORG, roomy, seedOrganization, T0 } from '../helpers/key-batch-fixtures.js';
import { postgresUrl } from '../helpers/dialects.js';
import { postgresSchemaPerTest } from '../helpers/postgres-schema.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const keyIds = (...ns: number[]) => ns.map(keyId);

const inEnvironment = (environment: string): Partial<ApiKeyRecord> =>
  ({ resource: { id: 'lkc-1', kind: 'Cluster', apiVersion: 'cmk/v2', environment } });

const refusedBy = (quota: 'apikeys_per_org' | 'apikeys_per_owner', limit: number): CreateKeyResult => ({ ok: false, quota, limit });

describe('PostgreSQL key batches', { skip: postgresUrl ? false : 'KEYWARD_TEST_DATABASE_URL not set' }, () => {
  // Before the schema's own afterEach, which closes the stores: see holdKeyId.
  let holders: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const release of holders) await release();
    holders = [];
  });
  const schema = postgresSchemaPerTest();
  let batches: KeyBatchReport[] = [];
  beforeEach(() => { batches = []; });

  /** A store on the test schema that records every transaction of key creates it runs. */
  const open = (options: Partial<PostgresStoreOptions> = {}) => schema.open({ onKeyBatch: (b) => batches.push(b), ...options });
  /** Key ids (K…) committed, in id order. */
  const storedKeyIds = async () =>
    (await schema.observer.query<{ id: string }>("SELECT id FROM api_keys WHERE id LIKE 'K%' ORDER BY id")).rows.map((r) => r.id);
  /** Key ids of the committed create audit rows, in the order they were written. */
  const auditedKeyIds = async () =>
    (await schema.observer.query<{ target_id: string }>(
      "SELECT target_id FROM audit_log WHERE action = 'api_key.create' AND target_id LIKE 'K%' ORDER BY id"))
      .rows.map((r) => r.target_id);

  /** Bootstraps the organization (its admin key counts towards the org quota) and two service accounts. */
  const seed = async (store: PostgresStore) => {
    await seedOrganization(store);
    batches.length = 0;
  };

  it('commits many concurrent creates in far fewer transactions than calls', async () => {
    const store = open();
    await seed(store);
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => createKey(store, keyId(i), i % 2 ? 'sa-1' : 'u-admin')));
    assert.deepEqual(results, Array(64).fill(ok));
    assert.deepEqual(batches, [{ size: 64, committed: true }]);
    assert.equal((await storedKeyIds()).length, 64);
    assert.deepEqual(await auditedKeyIds(), Array.from({ length: 64 }, (_, i) => keyId(i)), 'one audit row per key, in call order');
    // An idle store runs a lone create by itself.
    assert.deepEqual(await createKey(store, keyId(64), 'sa-2'), ok);
    assert.deepEqual(batches.at(-1), { size: 1, committed: true });
  });

  it('takes at most maxKeyBatch creates per transaction, and what queued meanwhile goes in the next', async () => {
    const store = open({ maxKeyBatch: 16 });
    await seed(store);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => createKey(store, keyId(i), 'sa-1')));
    assert.deepEqual(results, Array(40).fill(ok));
    assert.deepEqual(batches, [16, 16, 8].map((size) => ({ size, committed: true })));
    assert.equal((await storedKeyIds()).length, 40);
  });

  it('a quota refusal in the middle of a batch leaves the others committed, and quotas count earlier creates of the batch', async () => {
    const store = open();
    await seed(store);
    const quota = { perOrg: 100, perOwner: 3 };
    // sa-1 and sa-2 alternate; each one's 4th and 5th are refused, everything before them is kept.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => createKey(store, keyId(i), i % 2 ? 'sa-2' : 'sa-1', quota)));
    const refused = refusedBy('apikeys_per_owner', 3);
    assert.deepEqual(results, [ok, ok, ok, ok, ok, ok, refused, refused, refused, refused]);
    assert.deepEqual(batches, [{ size: 10, committed: true }]);
    assert.deepEqual(await storedKeyIds(), keyIds(0, 1, 2, 3, 4, 5));
    assert.deepEqual(await auditedKeyIds(), keyIds(0, 1, 2, 3, 4, 5), 'a refused key writes no audit row');

    // The org quota too: the admin key and the 6 above leave 2 of 9, and the refusal in the middle
    // (sa-1 is at its own limit) takes none of them.
    const org9 = { perOrg: 9, perOwner: 3 };
    const more = await Promise.all([
      createKey(store, keyId(10), 'u-admin', org9),
      createKey(store, keyId(11), 'sa-1', org9),
      createKey(store, keyId(12), 'u-admin', org9),
      createKey(store, keyId(13), 'u-admin', org9),
    ]);
    assert.deepEqual(more, [ok, refusedBy('apikeys_per_owner', 3), ok, refusedBy('apikeys_per_org', 9)]);
    assert.deepEqual(batches.at(-1), { size: 4, committed: true });
    assert.deepEqual(await storedKeyIds(), keyIds(0, 1, 2, 3, 4, 5, 10, 12));
    assert.deepEqual(await auditedKeyIds(), keyIds(0, 1, 2, 3, 4, 5, 10, 12));
  });

  it('keeps every character of a batch: its rows travel as PostgreSQL array literals', async () => {
    const store = open();
    await seed(store);
    const awkward = ['say "hi"', 'back\\slash', '{braces}, commas', 'NULL', '', 'ünï©ødé 🔑', "it's\ttabbed\nand new-lined"];
    const keys = awkward.map((text, i) => apiKey(keyId(i), i % 2 ? 'sa-1' : 'u-admin', {
      displayName: text, description: [...text].reverse().join(''), secretHash: Buffer.from([0, 92, 34, 123, 255, i]),
      expiresAt: i % 2 ? null : '2031-01-01T00:00:00.000Z', ...(i === 3 ? inEnvironment('env-default') : {}),
    }));
    const audits = awkward.map((text, i) => ({ ...audit('api_key.create', keyId(i)), details: { text, nested: { list: [text, null, 1.5] } } }));
    const results = await Promise.all(keys.map((key, i) => store.createApiKey(key, roomy, audits[i]!)));
    assert.deepEqual(results, Array(awkward.length).fill(ok));
    assert.deepEqual(batches, [{ size: awkward.length, committed: true }]);
    for (const key of keys) assert.deepEqual(await store.getApiKey(ORG, key.id), key);
    const stored = (await store.listAudit(ORG, 100)).filter((a) => a.action === 'api_key.create');
    assert.deepEqual(stored.sort((a, b) => a.targetId.localeCompare(b.targetId)), audits);
  });

  it('holds FOR SHARE on the owners and environments of its keys until COMMIT, and on no other row', async () => {
    const store = open();
    await seed(store);
    // Pipelined, as the store's pool is; its COMMIT is held back until the locks have been looked at.
    const writer = new pg.Client({ connectionString: postgresUrl, options: `-c search_path=${schema.db.schema}`, pipeline: true });
    await writer.connect();
    let commitAsked!: () => void;
    const asked = new Promise<void>((resolve) => { commitAsked = resolve; });
    let releaseCommit!: () => void;
    const released = new Promise<void>((resolve) => { releaseCommit = resolve; });
    const query = writer.query.bind(writer) as (...args: unknown[]) => Promise<unknown>;
    (writer as { query: unknown }).query = (...args: unknown[]) => {
      if (args[0] !== 'COMMIT') return query(...args);
      commitAsked();
      return released.then(() => query(...args));
    };
    try {
      const creating = createKeysInTransaction(writer as unknown as PoolClient, [
        { key: apiKey(keyId(1), 'sa-1', inEnvironment('env-default')), quota: roomy, audit: audit('api_key.create', keyId(1)) },
        { key: apiKey(keyId(2), 'u-admin'), quota: roomy, audit: audit('api_key.create', keyId(2)) },
      ]);
      await asked;
      // What a delete of each would do first: lock the row for update.
      const lockable = async (table: string, id: string) => {
        await schema.observer.query('BEGIN');
        try {
          await schema.observer.query("SET LOCAL lock_timeout = '200ms'");
          await schema.observer.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
          return true;
        } catch (error) {
          assert.equal((error as { code?: string }).code, '55P03', 'lock_not_available');
          return false;
        } finally {
          await schema.observer.query('ROLLBACK');
        }
      };
      assert.equal(await lockable('service_accounts', 'sa-1'), false);
      assert.equal(await lockable('users', 'u-admin'), false);
      assert.equal(await lockable('environments', 'env-default'), false);
      assert.equal(await lockable('service_accounts', 'sa-2'), true, 'an owner of none of the keys');
      releaseCommit();
      assert.deepEqual(await creating, [ok, ok]);
      assert.equal(await lockable('service_accounts', 'sa-1'), true);
    } finally {
      await writer.end();
    }
  });

  it('a missing owner or a deleted environment refuses only its own create', async () => {
    const store = open();
    await seed(store);
    assert.equal(await store.createEnvironment({ id: 'env-gone', orgId: ORG, displayName: 'gone', streamGovernancePackage: null,
      createdAt: T0, updatedAt: T0, deletedAt: null }, audit('environment.create', 'env-gone')), true);
    assert.equal(await store.deleteEnvironment(ORG, 'env-gone', T0, audit('environment.delete', 'env-gone')), true);
    assert.equal(await store.deleteServiceAccount(ORG, 'sa-2', T0, audit('service_account.delete', 'sa-2')), true);
    batches.length = 0;

    const results = await Promise.all([
      createKey(store, keyId(0), 'sa-1'),
      createKey(store, keyId(1), 'sa-ghost'),
      createKey(store, keyId(2), 'u-admin', roomy, inEnvironment('env-default')),
      createKey(store, keyId(3), 'sa-1', roomy, inEnvironment('env-gone')),
      createKey(store, keyId(4), 'sa-2'),
      createKey(store, keyId(5), 'u-ghost'),
      // A live owner of the other kind with the same id does not count.
      createKey(store, keyId(6), 'sa-1', roomy, { ownerKind: 'User' }),
      createKey(store, keyId(7), 'sa-1', roomy, inEnvironment('env-nowhere')),
      createKey(store, keyId(8), 'u-admin'),
    ]);
    const noOwner: CreateKeyResult = { ok: false, missing: 'owner' };
    const noEnvironment: CreateKeyResult = { ok: false, missing: 'environment' };
    assert.deepEqual(results, [ok, noOwner, ok, noEnvironment, noOwner, noOwner, noOwner, noEnvironment, ok]);
    assert.deepEqual(batches, [{ size: 9, committed: true }]);
    assert.deepEqual(await storedKeyIds(), keyIds(0, 2, 8));
    assert.deepEqual(await auditedKeyIds(), keyIds(0, 2, 8));
  });

  it('a key id taken twice fails only its own create: the batch is retried create by create', async () => {
    const store = open();
    await seed(store);
    assert.deepEqual(await createKey(store, keyId(9), 'sa-1'), ok);
    batches.length = 0;
    const quota = { perOrg: 100, perOwner: 3 };
    const settled = await Promise.allSettled([
      createKey(store, keyId(1), 'sa-1', quota),
      createKey(store, keyId(1), 'sa-2', quota),
      createKey(store, keyId(2), 'sa-2', quota),
      createKey(store, keyId(9), 'sa-2', quota),
      createKey(store, keyId(3), 'sa-1', quota),
      createKey(store, keyId(4), 'sa-1', quota),
    ]);
    assert.deepEqual(settled.map((r) => r.status === 'fulfilled' ? r.value : (r.reason as { code?: string }).code),
      [ok, '23505', ok, '23505', ok, refusedBy('apikeys_per_owner', 3)]);
    assert.deepEqual(batches, [
      { size: 6, committed: false },
      { size: 1, committed: true }, { size: 1, committed: false }, { size: 1, committed: true },
      { size: 1, committed: false }, { size: 1, committed: true }, { size: 1, committed: true },
    ]);
    assert.deepEqual(await storedKeyIds(), keyIds(1, 2, 3, 9));
    assert.deepEqual(await auditedKeyIds(), keyIds(9, 1, 2, 3));
    assert.equal((await schema.observer.query("SELECT owner_id FROM api_keys WHERE id = $1", [keyId(1)])).rows[0]?.owner_id, 'sa-1');
    // The store goes on batching.
    assert.deepEqual(await Promise.all([5, 6].map((n) => createKey(store, keyId(n), 'sa-2'))), [ok, ok]);
    assert.deepEqual(batches.at(-1), { size: 2, committed: true });
  });

  /**
   * Another session's uncommitted insert of key `id`: a batch writing that id waits on it until
   * it commits (the batch's write then fails, 23505) or rolls back (the write goes through).
   * Rolled back after the test if it was not ended, so that a failed assertion cannot leave the
   * store's close() waiting for it.
   */
  const holdKeyId = async (id: string) => {
    const holder = new pg.Client({ connectionString: postgresUrl, options: `-c search_path=${schema.db.schema}` });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`INSERT INTO api_keys (id, org_id, secret_hash, display_name, description, owner_id, owner_kind,
      resource_id, resource_kind, resource_api_version, created_by, created_at, updated_at)
      VALUES ($1, $2, '\\x00', 'held', '', 'sa-2', 'ServiceAccount', 'cloud', 'Cloud', 'iam/v2', 'u-admin', $3, $3)`, [id, ORG, T0]);
    let ended: Promise<void> | undefined;
    const end = (how: 'COMMIT' | 'ROLLBACK') => ended ??= holder.query(how).then(() => holder.end());
    holders.push(() => end('ROLLBACK'));
    return { commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') };
  };
  /** Waits until `n` of the stores' sessions on the test's schema wait for a lock. */
  const lockWaits = async (n: number) => {
    for (let tries = 0; ; tries++) {
      // A new snapshot of pg_stat_activity each time (it is kept for a whole transaction otherwise).
      const { rows } = await schema.observer.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        [`keyward:${schema.db.schema}`]);
      if (rows[0]!.n === n) return;
      assert.ok(tries < 500, `${rows[0]!.n} sessions waiting for a lock, not ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('starts the next batch once the one before has decided, before that one has committed', async () => {
    const store = open();
    await seed(store);
    const held = await holdKeyId(keyId(1));
    const first = [1, 2].map((n) => createKey(store, keyId(n), 'sa-1'));
    await lockWaits(1); // The first batch has decided and its write waits for the held key id.
    const second = [3, 4].map((n) => createKey(store, keyId(n), 'sa-1'));
    // The second batch is sent already, and waits for the organization's lock the first holds.
    await lockWaits(2);
    assert.deepEqual(batches, []);
    await held.rollback();
    assert.deepEqual(await Promise.all([...first, ...second]), [ok, ok, ok, ok]);
    assert.deepEqual(batches, [{ size: 2, committed: true }, { size: 2, committed: true }]);
    assert.deepEqual(await auditedKeyIds(), keyIds(1, 2, 3, 4));
  });

  it('takes two round trips a batch, and the next batch\'s first overlaps the one before\'s second', async () => {
    await seed(open());
    // Every reply of PostgreSQL to this store arrives ROUND_TRIP_MS late, so its round trips show in the time.
    const ROUND_TRIP_MS = 200;
    const target = new URL(postgresUrl!);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432), { replyDelayMs: ROUND_TRIP_MS });
    await proxy.start();
    try {
      target.host = `127.0.0.1:${proxy.port}`;
      const store = open({ url: target.toString() });
      await Promise.all([store.ping(), store.ping()]); // Two connections open, so neither batch waits for one.
      const started = performance.now();
      const first = [1, 2, 3].map((n) => createKey(store, keyId(n), 'sa-1'));
      await new Promise((resolve) => setTimeout(resolve, ROUND_TRIP_MS / 2));
      const second = [4, 5, 6].map((n) => createKey(store, keyId(n), 'sa-2'));
      assert.deepEqual(await Promise.all([...first, ...second]), Array(6).fill(ok));
      const elapsed = performance.now() - started;
      assert.deepEqual(batches, [{ size: 3, committed: true }, { size: 3, committed: true }]);
      // The first batch's BEGIN, lock and read, then its write and COMMIT while the second batch's
      // BEGIN, lock and read go out, then the second's write and COMMIT: three round trips. One
      // batch at a time would take four, and five round trips a batch ten.
      assert.ok(elapsed >= 3 * ROUND_TRIP_MS - 10 && elapsed < 3.5 * ROUND_TRIP_MS, `${elapsed.toFixed(0)} ms`);
      assert.deepEqual(await auditedKeyIds(), keyIds(1, 2, 3, 4, 5, 6));
    } finally {
      await proxy.cut();
    }
  });

  it('a batch started behind one that fails rolls back unwritten, and its creates are decided after the failed ones', async () => {
    const store = open();
    await seed(store);
    const quota = { perOrg: 100, perOwner: 3 };
    assert.deepEqual(await createKey(store, keyId(9), 'sa-1', quota), ok);
    batches.length = 0;
    const held = await holdKeyId(keyId(1));
    const first = [1, 2].map((n) => createKey(store, keyId(n), 'sa-1', quota));
    await lockWaits(1);
    const second = [3, 4].map((n) => createKey(store, keyId(n), 'sa-1', quota));
    await lockWaits(2);
    // The first batch's write now fails on the key id. The second, having read after it rolled
    // back, would find room for both of its keys; in queue order the retried keyId(2) comes first.
    const settling = Promise.allSettled([...first, ...second]); // keyId(1)'s rejection is handled at once
    await held.commit();
    const settled = await settling;
    assert.deepEqual(settled.map((r) => r.status === 'fulfilled' ? r.value : (r.reason as { code?: string }).code),
      ['23505', ok, ok, refusedBy('apikeys_per_owner', 3)]);
    // Whether the withdrawal is reported before or among the retries is a race of one round trip.
    assert.deepEqual(batches.filter((b) => b.withdrawn), [{ size: 2, committed: false, withdrawn: true }]);
    assert.deepEqual(batches.filter((b) => !b.withdrawn), [
      { size: 2, committed: false }, { size: 1, committed: false }, { size: 1, committed: true }, { size: 2, committed: true },
    ]);
    assert.deepEqual(await auditedKeyIds(), keyIds(9, 2, 3));
    const owned = await schema.observer.query<{ id: string }>(
      "SELECT id FROM api_keys WHERE owner_id = 'sa-1' AND id LIKE 'K%' ORDER BY id");
    assert.deepEqual(owned.rows.map((r) => r.id), keyIds(2, 3, 9));
  });

  it('decides overlapping batches with failures among them exactly as one create at a time would, in call order', async () => {
    const store = open();
    await seed(store);
    const quota = { perOrg: 1000, perOwner: 25 };
    // Key ids taken before: a create of one of them fails its batch, which is then retried create
    // by create while the batch behind it, if one was started, is withdrawn.
    const taken = new Set([keyId(900), keyId(901), keyId(902)]);
    for (const id of taken) assert.deepEqual(await createKey(store, id, 'sa-2', quota), ok);
    batches.length = 0;
    // A fixed pseudo-random sequence of creates (a small LCG), in 16 waves of 5 two milliseconds
    // apart, so that batches overlap: owners sa-1 and sa-2, some for a taken id, some for an id
    // asked for just before, and the owner quota binding halfway. In five runs here two batches
    // failed and one or two behind them were withdrawn each time; leave to write always given,
    // or withdrawn creates queued at the back, failed it.
    let state = 12345;
    const random = (n: number) => { state = (state * 1103515245 + 12345) % 2 ** 31; return state % n; };
    const calls = Array.from({ length: 80 }, (_, i) => ({
      id: random(15) === 0 ? keyId(900 + random(3)) : random(12) === 0 ? keyId(Math.max(0, i - 1 - random(3))) : keyId(i),
      owner: random(2) === 0 ? 'sa-1' : 'sa-2',
    }));
    const pending: Promise<CreateKeyResult | string>[] = [];
    for (let wave = 0; wave < 16; wave++) {
      for (const { id, owner } of calls.slice(wave * 5, wave * 5 + 5)) {
        pending.push(createKey(store, id, owner, quota).catch((error: { code?: string }) => error.code ?? String(error)));
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const actual = await Promise.all(pending);

    // One create at a time, in call order: the owner's quota is decided first, and a taken id
    // fails (23505) only when the key is written.
    const owned = new Map([['sa-1', 0], ['sa-2', 3]]);
    const expected = calls.map(({ id, owner }): CreateKeyResult | string => {
      if (owned.get(owner)! >= quota.perOwner) return refusedBy('apikeys_per_owner', quota.perOwner);
      if (taken.has(id)) return '23505';
      taken.add(id);
      owned.set(owner, owned.get(owner)! + 1);
      return ok;
    });
    assert.deepEqual(actual, expected);
    assert.ok(batches.some((b) => !b.committed && !b.withdrawn), 'a batch failed and was retried create by create');
    assert.deepEqual(await storedKeyIds(), [...taken].sort());
    assert.deepEqual(await auditedKeyIds(), [keyId(900), keyId(901), keyId(902),
      ...calls.filter((_, i) => expected[i] === ok).map(({ id }) => id)]);
  });

  it('answers nobody before COMMIT has returned: a batch whose COMMIT fails acknowledges none of it', async () => {
    const store = open();
    await seed(store);
    // A deferred constraint trigger fails the COMMIT, after every statement of the batch succeeded
    // and had already decided that the poisoned key was accepted.
    await schema.observer.query(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'poisoned key %', NEW.id; END $$;
      CREATE CONSTRAINT TRIGGER poison AFTER INSERT ON api_keys DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW WHEN (NEW.description = 'poison') EXECUTE FUNCTION refuse_poison();`);
    const settled = await Promise.allSettled([
      createKey(store, keyId(1), 'sa-1'),
      createKey(store, keyId(2), 'sa-1', roomy, { description: 'poison' }),
      createKey(store, keyId(3), 'sa-2'),
    ]);
    assert.equal(settled[1]?.status, 'rejected');
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /poisoned key/);
    assert.deepEqual([settled[0], settled[2]].map((r) => r?.status === 'fulfilled' && r.value), [ok, ok]);
    assert.deepEqual(batches.map((b) => b.committed), [false, true, false, true]);
    assert.deepEqual(await storedKeyIds(), keyIds(1, 3));
    assert.deepEqual(await auditedKeyIds(), keyIds(1, 3));
  });

  it('never exceeds the org quota with two stores creating at once on the same schema', async () => {
    const one = open();
    const two = open();
    await seed(one);
    const quota = { perOrg: 20, perOwner: 1000 };
    // The admin key plus 9 more leave 10 free slots.
    for (let i = 0; i < 9; i++) assert.deepEqual(await createKey(i % 2 ? one : two, `SEED${i}`, 'sa-1', quota), ok);
    batches.length = 0;
    // Both pools hold an open connection now, so the two batches below really run at the same time.

    const results = await Promise.all(Array.from({ length: 80 }, (_, i) =>
      createKey(i % 2 ? one : two, keyId(i), i % 3 ? 'sa-1' : 'sa-2', quota)));

    assert.equal(results.filter((r) => r.ok).length, 10);
    for (const r of results.filter((r) => !r.ok)) assert.deepEqual(r, refusedBy('apikeys_per_org', 20));
    const accepted = keyIds(...results.flatMap((r, i) => r.ok ? [i] : [])).sort();
    assert.deepEqual(await storedKeyIds(), accepted);
    assert.deepEqual((await auditedKeyIds()).sort(), accepted);
    const live = await schema.observer.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE org_id = $1 AND deleted_at IS NULL', [ORG]);
    assert.equal(live.rows[0]?.n, 20);
    assert.equal(batches.reduce((n, b) => n + b.size, 0), 80);
    assert.ok(batches.length <= 4, `${batches.length} transactions for 80 creates`);
  });

  it('close() commits the queued creates before ending the pool', async () => {
    const store = open();
    await seed(store);
    const first = createKey(store, keyId(0), 'sa-1');
    // Let the first batch start, then queue more behind it and close at once.
    await new Promise((resolve) => setImmediate(resolve));
    const queued = [1, 2, 3].map((n) => createKey(store, keyId(n), 'sa-2'));
    await store.close();
    assert.deepEqual(await Promise.all([first, ...queued]), [ok, ok, ok, ok]);
    assert.deepEqual(batches, [{ size: 1, committed: true }, { size: 3, committed: true }]);
    assert.deepEqual(await storedKeyIds(), keyIds(0, 1, 2, 3));
    assert.deepEqual(await auditedKeyIds(), keyIds(0, 1, 2, 3));
  });

  it('close() with creates queued and none started yet commits them too', async () => {
    const store = open();
    await seed(store);
    const queued = [1, 2].map((n) => createKey(store, keyId(n), 'sa-1'));
    await store.close();
    assert.deepEqual(await Promise.all(queued), [ok, ok]);
    assert.deepEqual(await storedKeyIds(), keyIds(1, 2));
  });

  it('rejects every create with StoreUnavailableError when the database is unreachable, without retrying them', async () => {
    const store = open({ url: 'postgres://root@127.0.0.1:1/test', schema: undefined });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => createKey(store, keyId(n), 'sa-1')));
    for (const r of settled) assert.ok(r.status === 'rejected' && r.reason instanceof StoreUnavailableError, String(r.status));
    assert.deepEqual(batches, [{ size: 3, committed: false }]);
  });

  it('fails a batch that timed out as a whole, without retrying its creates one by one', { timeout: 10_000 }, async () => {
    const store = open({ statementTimeoutMs: 200 });
    await seed(store);
    const locker = new pg.Client({ connectionString: postgresUrl, options: `-c search_path=${schema.db.schema}` });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM organizations FOR UPDATE');
      const started = Date.now();
      const settled = await Promise.allSettled([1, 2, 3].map((n) => createKey(store, keyId(n), 'sa-1')));
      for (const r of settled) assert.ok(r.status === 'rejected' && (r.reason as { code?: string }).code === '57014', String(r.status));
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      assert.deepEqual(batches, [{ size: 3, committed: false }]);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    assert.deepEqual(await storedKeyIds(), []);
  });
});
