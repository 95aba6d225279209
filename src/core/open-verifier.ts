// Opens a Verifier for a Node service beside keyward (a Kafka or HTTP proxy) on keyward's
// PostgreSQL database. The driver is imported only when this is called, so the package's main
// entry still loads no database driver. PostgreSQL only: its LISTEN/NOTIFY feed is what tells
// another process about deletes. On SQLite, use keyward's own `keyward.verifier` in its process,
// or the HTTP endpoint `/keyward/v1/authenticate`.
import { SecretHasher } from './key-material.js';
import { deriveServerKeys } from './server-keys.js';
import { Verifier } from './verifier.js';

export interface OpenVerifierOptions {
  /** keyward's `KEYWARD_DATABASE_URL` (`postgres://…`). */
  databaseUrl: string;
  /** keyward's `KEYWARD_DATABASE_SCHEMA`, when it sets one. */
  databaseSchema?: string;
  /** keyward's `KEYWARD_SERVER_SECRET`: 64 hex characters shared by every instance. */
  serverSecret: string;
  /** Most credentials cached (default 100 000). */
  cacheSize?: number;
  /** Backstop after which a cached credential is read again (default 30 s). */
  cacheTtlMs?: number;
  /** PostgreSQL connections for cache misses (default 4), plus one for the revocation feed. */
  poolSize?: number;
}

/**
 * A started Verifier on keyward's PostgreSQL database; `close()` also closes its connections.
 *
 * @example
 * const verifier = await openVerifier({ databaseUrl: process.env.KEYWARD_DATABASE_URL!, serverSecret: process.env.KEYWARD_SERVER_SECRET! });
 * const answer = await verifier.verify(keyId, secret, 'lkc-abc123');
 * if (answer.valid) console.log(answer.owner.id);
 * await verifier.close();
 */
export async function openVerifier(options: OpenVerifierOptions): Promise<Verifier> {
  if (!/^[0-9a-fA-F]{64}$/.test(options.serverSecret)) throw new Error('serverSecret must be 64 hexadecimal characters');
  const { PostgresStore } = await import('../store/postgres/postgres-store.js');
  const store = PostgresStore.connect({ url: options.databaseUrl, schema: options.databaseSchema, poolSize: options.poolSize ?? 4 });
  try {
    await store.ping();
  } catch (err) {
    await store.close();
    throw err;
  }
  const hasher = new SecretHasher(deriveServerKeys(Buffer.from(options.serverSecret, 'hex')).secretHashKey);
  const verifier = new Verifier(store, hasher, { cacheSize: options.cacheSize, cacheTtlMs: options.cacheTtlMs, closeStore: true });
  await verifier.start();
  return verifier;
}
