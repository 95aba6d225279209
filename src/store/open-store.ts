import { join } from 'node:path';
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { PostgresStore } from './postgres/postgres-store.js';

export interface StoreOptions {
  dataDir: string;
  databaseUrl: string | undefined;
  databaseSchema: string;
  databasePoolSize: number;
  databaseStatementTimeoutMs: number;
}

/** PostgreSQL when a database URL is configured, otherwise embedded SQLite in the data directory. */
export function openStore(options: StoreOptions): Store {
  if (options.databaseUrl) {
    return PostgresStore.connect({
      url: options.databaseUrl,
      schema: options.databaseSchema,
      poolSize: options.databasePoolSize,
      statementTimeoutMs: options.databaseStatementTimeoutMs,
    });
  }
  return SqliteStore.open(join(options.dataDir, 'keyward.db'));
}
