// For suites that test the PostgreSQL store itself: a fresh schema for every test, a connection of
// the test's own that observes it (what a crash would leave, what another instance would read), and
// the stores opened on it, all closed and dropped after each test.
import { afterEach, beforeEach } from 'node:test';
import pg from 'pg';
import { PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/postgres-store.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from './dialects.js';

export interface PostgresSchemaPerTest {
  readonly db: TestDatabase;
  /** Connected to the test's schema, outside every store. */
  readonly observer: pg.Client;
  /** A store on the test's schema (or elsewhere, with `url`), closed after the test. */
  open(options?: Partial<PostgresStoreOptions>): PostgresStore;
}

/** Call inside a describe() that is skipped without KEYWARD_TEST_DATABASE_URL. */
export function postgresSchemaPerTest(): PostgresSchemaPerTest {
  let db: TestDatabase | undefined;
  let observer: pg.Client | undefined;
  let stores: PostgresStore[] = [];
  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    stores = [];
    observer = new pg.Client({ connectionString: postgresUrl, options: `-c search_path=${db.schema}` });
    await observer.connect();
  });
  afterEach(async () => {
    await observer?.end();
    for (const store of stores) await store.close().catch(() => {});
    await db?.destroy();
  });
  return {
    get db() { return db!; },
    get observer() { return observer!; },
    open(options = {}) {
      const store = PostgresStore.connect({ url: postgresUrl!, schema: db!.schema, ...options });
      stores.push(store);
      return store;
    },
  };
}
