// How PostgresStore tells a database it cannot reach from a query that failed, and the small SQL
// helpers every write shares: conflicts as values, and one transaction per change.
import type { PoolClient } from 'pg';
import { StoreUnavailableError } from '../store-errors.js';

const connectionErrnos = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections; class 08 is checked by prefix.
const connectionSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);
// node-postgres raises these without a code: a socket closed under a client, a pool checkout or
// connect timeout, and any use of a client after its connection failed.
const connectionMessages = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

export function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

export function isConnectionFault(err: unknown): boolean {
  const code = errorCode(err);
  if (typeof code === 'string' && (connectionErrnos.has(code) || connectionSqlStates.has(code) || code.startsWith('08'))) {
    return true;
  }
  return err instanceof Error && connectionMessages.test(err.message);
}

/** Connection-level faults become StoreUnavailableError (a 503); anything else is passed on. */
export function translate(err: unknown): unknown {
  if (!isConnectionFault(err)) return err;
  const message = err instanceof Error && err.message ? err.message : String(errorCode(err));
  return new StoreUnavailableError(`PostgreSQL unavailable: ${message}`, { cause: err });
}

/** A unique violation (23505) as the value 'conflict' rather than an exception. */
export async function conflictOnDuplicate<T>(work: Promise<T>): Promise<T | 'conflict'> {
  try {
    return await work;
  } catch (err) {
    if (errorCode(err) === '23505') return 'conflict';
    throw err;
  }
}

export async function inTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // Should ROLLBACK fail too, its (connection) error replaces this one: the client is then unusable.
    await client.query('ROLLBACK');
    throw err;
  }
}
