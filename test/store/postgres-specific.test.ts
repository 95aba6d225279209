// What only the PostgreSQL store has to get right: several instances sharing one database, a pool
// that outlives dropped connections, and failing fast (503, not a hang) when the database is gone.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { ApiKeyRecord, AuditRecord, BootstrapInput, ServiceAccountRecord } from '../../src/store/store.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { postgresMigrations } from '../../src/store/postgres/postgres-migrations.js';
import { SchemaTooNewError, StoreUnavailableError } from '../../src/store/store-errors.js';
import { createTestDatabase, dropSchema, postgresUrl, type TestDatabase } from '../helpers/dialects.js';

const orgId = 'org-pg';
const now = '2024-05-01T12:00:00.000Z';

function audit(targetId: string): AuditRecord {
  return { orgId, actorId: 'u-admin', action: 'test', targetKind: 'Test', targetId, at: now, details: { targetId } };
}

function apiKey(id: string, ownerId = 'u-admin'): ApiKeyRecord {
  return {
    id, orgId, secretHash: randomBytes(32), displayName: id, description: '', ownerId, ownerKind: 'User',
    resource: { id: 'cloud', kind: 'Cloud', apiVersion: 'iam/v2', environment: null },
    expiresAt: null, createdBy: 'u-admin', createdAt: now, updatedAt: now, deletedAt: null,
  };
}

function serviceAccount(id: string): ServiceAccountRecord {
  return { id, orgId, displayName: id, description: '', createdAt: now, updatedAt: now, deletedAt: null };
}

const bootstrapInput: BootstrapInput = {
  organization: { id: orgId, displayName: 'Postgres Org', createdAt: now },
  admin: {
    id: 'u-admin', orgId, email: 'admin@example.com', fullName: 'Admin', authType: 'AUTH_TYPE_LOCAL',
    role: 'OrganizationAdmin', createdAt: now, updatedAt: now, deletedAt: null,
  },
  adminKey: apiKey('ADMINKEY'),
  defaultEnvironment: {
    id: 'env-default', orgId, displayName: 'default', streamGovernancePackage: null,
    createdAt: now, updatedAt: now, deletedAt: null,
  },
};

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Kills every session of the stores opened on `schema`; returns how many there were. */
function terminateSessions(schema: string): Promise<number> {
  return admin(async (client) => {
    const { rowCount } = await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`keyward:${schema}`],
    );
    return rowCount ?? 0;
  });
}

async function bootstrapped(): Promise<TestDatabase> {
  const db = await createTestDatabase('postgres');
  assert.equal(await db.store.bootstrap(bootstrapInput, audit(orgId)), true);
  return db;
}

describe('PostgresStore', { skip: postgresUrl ? false : 'KEYWARD_TEST_DATABASE_URL not set' }, () => {
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const db of databases) await db.destroy();
  });

  it('migrates exactly once when three instances start together on an empty schema', async () => {
    const schema = `kw_test_${randomBytes(6).toString('hex')}`;
    const stores = [1, 2, 3].map(() => PostgresStore.connect({ url: postgresUrl!, schema }));
    try {
      await Promise.all(stores.map((store) => store.migrate()));
      const rows = await admin(async (client) => (await client.query<{ version: number; n: number }>(
        `SELECT version, count(*)::int AS n FROM "${schema}".schema_migrations GROUP BY version ORDER BY version`,
      )).rows);
      assert.deepEqual(rows, postgresMigrations.map((m) => ({ version: m.version, n: 1 })));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await dropSchema(schema);
    }
  });

  it('waits for a concurrent migration longer than the statement timeout, then restores the timeout', { timeout: 10_000 }, async () => {
    const db = await createTestDatabase('postgres');
    databases.push(db);
    const lockKey = `keyward.migrate:${db.schema}`;
    // One connection, so the requests below run on the session the migration used.
    const impatient = PostgresStore.connect({ url: postgresUrl!, schema: db.schema, poolSize: 1, statementTimeoutMs: 100 });
    try {
      await admin(async (client) => {
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
        const migrated = impatient.migrate();
        await sleep(400);
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
        await migrated;
      });
      assert.equal(await impatient.bootstrap(bootstrapInput, audit(orgId)), true);
      await admin(async (client) => {
        await client.query('BEGIN');
        await client.query(`SELECT 1 FROM "${db.schema}".organizations FOR UPDATE`);
        const blocked = impatient.createApiKey(apiKey('BLOCKED'), { perOrg: 10, perOwner: 10 }, audit('BLOCKED'));
        await assert.rejects(blocked, (err: unknown) => (err as { code?: string }).code === '57014');
        await client.query('ROLLBACK');
      });
    } finally {
      await impatient.close();
    }
  });

  it('refuses a schema newer than it knows', async () => {
    const db = await createTestDatabase('postgres');
    databases.push(db);
    const known = postgresMigrations.at(-1)!.version;
    await admin((client) => client.query(
      `INSERT INTO "${db.schema}".schema_migrations (version, applied_at) VALUES ($1, $2)`, [known + 1, now],
    ));
    const tooNew = (err: unknown) => err instanceof SchemaTooNewError && err.found === known + 1 && err.known === known;
    await assert.rejects(db.store.migrate(), tooNew);
    // The migration lock was released: a second attempt fails the same way instead of waiting.
    await assert.rejects(db.store.migrate(), tooNew);
  });

  it('holds the per-organization quota across three instances creating keys at once', async () => {
    const db = await bootstrapped();
    databases.push(db);
    const quota = { perOrg: 20, perOwner: 1000 };
    // The admin key from bootstrap plus 9 more leave 10 slots.
    for (let i = 0; i < 9; i++) assert.deepEqual(await db.store.createApiKey(apiKey(`SEED${i}`), quota, audit(`SEED${i}`)), { ok: true });
    const stores = [db.store, await db.reopen(), await db.reopen()];

    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => {
      const id = `RACE${String(i).padStart(2, '0')}`;
      return stores[i % stores.length]!.createApiKey(apiKey(id), quota, audit(id));
    }));

    assert.equal(results.filter((r) => r.ok).length, 10);
    for (const r of results.filter((r) => !r.ok)) assert.deepEqual(r, { ok: false, quota: 'apikeys_per_org', limit: 20 });
    const page = await db.store.listApiKeys({ orgId, showExpired: true, today: '2024-05-01' }, { limit: 100 });
    assert.equal(page.items.length, 20);
    const raceAudits = (await db.store.listAudit(orgId, 1000)).filter((a) => a.targetId.startsWith('RACE'));
    assert.equal(raceAudits.length, 10);
  });

  it('recovers when its connections are terminated mid-traffic and loses no acknowledged write', async () => {
    const db = await bootstrapped();
    databases.push(db);
    const acknowledged: string[] = [];
    const faults: unknown[] = [];
    const total = 300;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const id = `sa-${String(next++).padStart(4, '0')}`;
        try {
          assert.equal(await db.store.createServiceAccount(serviceAccount(id), audit(id)), true);
          acknowledged.push(id);
        } catch (err) {
          faults.push(err);
        }
      }
    };
    let terminated = 0;
    const killer = async () => {
      for (const threshold of [40, 150]) {
        while (acknowledged.length < threshold && next < total) await sleep(2);
        terminated += await terminateSessions(db.schema!);
      }
    };

    await Promise.all([killer(), ...Array.from({ length: 8 }, worker)]);

    assert.ok(terminated > 0, 'no session was terminated');
    for (const err of faults) assert.ok(err instanceof StoreUnavailableError, `unexpected fault: ${String(err)}`);
    await db.store.ping();
    assert.equal(await db.store.createServiceAccount(serviceAccount('sa-after'), audit('sa-after')), true);

    const persisted = await admin(async (client) => ({
      accounts: (await client.query(`SELECT id FROM "${db.schema}".service_accounts WHERE id = ANY($1)`, [acknowledged])).rowCount,
      audits: (await client.query(`SELECT 1 FROM "${db.schema}".audit_log WHERE target_id = ANY($1)`, [acknowledged])).rowCount,
    }));
    assert.deepEqual(persisted, { accounts: acknowledged.length, audits: acknowledged.length });
  });

  it('pages ids in byte order whatever the database locale', async () => {
    const db = await bootstrapped();
    databases.push(db);
    const ids = ['sa-a', 'sa-B', 'sa-_', 'sa-Z', 'sa-0', 'sa-é'];
    for (const id of ids) await db.store.createServiceAccount(serviceAccount(id), audit(id));
    const first = await db.store.listServiceAccounts(orgId, undefined, { limit: 3 });
    const rest = await db.store.listServiceAccounts(orgId, undefined, { afterId: first.items.at(-1)!.id, limit: 3 });
    const expected = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual([...first.items, ...rest.items].map((sa) => sa.id), expected);
    assert.deepEqual([first.hasMore, rest.hasMore], [true, false]);
  });

  it('rejects with StoreUnavailableError, quickly, when nothing listens on the port', async () => {
    const store = PostgresStore.connect({ url: 'postgres://root@127.0.0.1:1/test' });
    try {
      const started = Date.now();
      await assert.rejects(store.ping(), StoreUnavailableError);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      await store.close();
    }
  });

  it('rejects with StoreUnavailableError, within the connect timeout, when the server never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const store = PostgresStore.connect({ url: `postgres://root@127.0.0.1:${port}/test` });
    try {
      const started = Date.now();
      await assert.rejects(store.ping(), StoreUnavailableError);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      await store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
