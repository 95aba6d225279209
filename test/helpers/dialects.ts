// Which databases a suite runs against: SQLite always; PostgreSQL when KEYWARD_TEST_DATABASE_URL is
// set. In CI (CI=true) a missing URL is an error, so the PostgreSQL suites can never skip silently.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../../src/store/store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';

export type Dialect = 'sqlite' | 'postgres';

export const postgresUrl = process.env.KEYWARD_TEST_DATABASE_URL || undefined;

if (process.env.CI === 'true' && !postgresUrl) {
  throw new Error('CI=true but KEYWARD_TEST_DATABASE_URL is not set: the PostgreSQL suites would be skipped');
}

export const dialects: Dialect[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, migrated store and the means to throw it away. */
export interface TestDatabase {
  dialect: Dialect;
  store: Store;
  /** For SQLite: the data directory holding the database file. */
  dataDir: string;
  /** For PostgreSQL: the URL and schema the store uses (to open a second store on the same data). */
  databaseUrl?: string;
  schema?: string;
  /** Opens another store on the same data (a restart, or a second instance). */
  reopen(): Promise<Store>;
  /** Closes every store opened here and deletes the data. */
  destroy(): Promise<void>;
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-test-'));
  const opened: Store[] = [];
  if (dialect === 'sqlite') {
    const open = async () => {
      const store = SqliteStore.open(join(dataDir, 'keyward.db'));
      opened.push(store);
      await store.migrate();
      return store;
    };
    const store = await open();
    return {
      dialect, store, dataDir, reopen: open,
      async destroy() {
        for (const s of opened) await s.close().catch(() => {});
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!postgresUrl) throw new Error('PostgreSQL suite requested without KEYWARD_TEST_DATABASE_URL');
  const schema = `kw_test_${randomBytes(6).toString('hex')}`;
  const open = async () => {
    const store = PostgresStore.connect({ url: postgresUrl, schema });
    opened.push(store);
    await store.migrate();
    return store;
  };
  const store = await open();
  return {
    dialect, store, dataDir, databaseUrl: postgresUrl, schema, reopen: open,
    async destroy() {
      for (const s of opened) await s.close().catch(() => {});
      await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
