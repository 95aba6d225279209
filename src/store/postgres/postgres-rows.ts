// Row <-> record mapping for PostgresStore: the shared mapping (../rows.ts), the audit row (jsonb,
// so node-postgres hands `details` back parsed), and the INSERTs, whose parameters are the shared
// rows' values in the order of each table's column list.
import type {
  ApiKeyRecord,
  AuditRecord,
  EnvironmentRecord,
  OrganizationRecord,
  ServiceAccountRecord,
  UserRecord,
} from '../records.js';
import {
  toApiKeyRow, toAuditRow, toEnvironmentRow, toOrganizationRow, toServiceAccountRow, toUserRow,
  type ApiKeyRow, type AuditRowOf, type EnvironmentRow, type OrganizationRow, type ServiceAccountRow, type UserRow,
} from '../rows.js';

export {
  toApiKey, toEnvironment, toOrganization, toServiceAccount, toUser,
  type ApiKeyRow, type EnvironmentRow, type OrganizationRow, type ServiceAccountRow, type UserRow,
} from '../rows.js';

export type AuditRow = AuditRowOf<Record<string, unknown>>;

export function toAudit(row: AuditRow): AuditRecord {
  return {
    orgId: row.org_id,
    actorId: row.actor_id,
    action: row.action,
    targetKind: row.target_kind,
    targetId: row.target_id,
    at: row.at,
    details: row.details,
  };
}

/** A row's values in the order of `columns`: the parameters of an INSERT naming those columns. */
function valuesOf<R extends object>(row: R, columns: readonly (keyof R & string)[]): unknown[] {
  return columns.map((column) => row[column]);
}

/** `($k+1, …, $k+n)` for the n columns of one row whose parameters start after the k-th. */
function tuple(columns: readonly string[], offset: number): string {
  return `(${columns.map((_, i) => `$${offset + i + 1}`).join(', ')})`;
}

/** An INSERT for `table` taking `$1…$n` in the order of `columns`. */
function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuple(columns, 0)}`;
}

/** One INSERT of every row of `rows` (each the parameters in the order of `columns`), for `client.query`. */
function insertRowsQuery(table: string, columns: readonly string[], rows: readonly unknown[][]): { text: string; values: unknown[] } {
  const tuples = rows.map((_, r) => tuple(columns, r * columns.length));
  return { text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values: rows.flat() };
}

/** PostgreSQL binds at most this many parameters to one statement. */
const maxParameters = 65_535;

const organizationColumns = ['id', 'display_name', 'created_at'] as const satisfies readonly (keyof OrganizationRow)[];

export const insertOrganizationSql = insertSql('organizations', organizationColumns);

export function organizationParams(org: OrganizationRecord): unknown[] {
  return valuesOf(toOrganizationRow(org), organizationColumns);
}

const userColumns = [
  'id', 'org_id', 'email', 'full_name', 'auth_type', 'role', 'created_at', 'updated_at', 'deleted_at',
] as const satisfies readonly (keyof UserRow)[];

export const insertUserSql = insertSql('users', userColumns);

export function userParams(u: UserRecord): unknown[] {
  return valuesOf(toUserRow(u), userColumns);
}

const serviceAccountColumns = [
  'id', 'org_id', 'display_name', 'description', 'created_at', 'updated_at', 'deleted_at',
] as const satisfies readonly (keyof ServiceAccountRow)[];

export const insertServiceAccountSql = insertSql('service_accounts', serviceAccountColumns);

export function serviceAccountParams(sa: ServiceAccountRecord): unknown[] {
  return valuesOf(toServiceAccountRow(sa), serviceAccountColumns);
}

const environmentColumns = [
  'id', 'org_id', 'display_name', 'stream_governance_package', 'created_at', 'updated_at', 'deleted_at',
] as const satisfies readonly (keyof EnvironmentRow)[];

export const insertEnvironmentSql = insertSql('environments', environmentColumns);

export function environmentParams(e: EnvironmentRecord): unknown[] {
  return valuesOf(toEnvironmentRow(e), environmentColumns);
}

const apiKeyColumns = [
  'id', 'org_id', 'secret_hash', 'display_name', 'description', 'owner_id', 'owner_kind',
  'resource_id', 'resource_kind', 'resource_api_version', 'resource_environment', 'expires_at',
  'created_by', 'created_at', 'updated_at', 'deleted_at',
] as const satisfies readonly (keyof ApiKeyRow)[];

export const insertApiKeySql = insertSql('api_keys', apiKeyColumns);

/** The most keys `insertApiKeysQuery` can take at once (the audit rows have fewer columns). */
export const maxKeysPerInsert = Math.floor(maxParameters / apiKeyColumns.length);

/** One INSERT of all `keys`, at most `maxKeysPerInsert` of them. */
export function insertApiKeysQuery(keys: readonly ApiKeyRecord[]): { text: string; values: unknown[] } {
  return insertRowsQuery('api_keys', apiKeyColumns, keys.map(apiKeyParams));
}

export function apiKeyParams(k: ApiKeyRecord): unknown[] {
  return valuesOf(toApiKeyRow(k), apiKeyColumns);
}

const auditColumns = [
  'org_id', 'actor_id', 'action', 'target_kind', 'target_id', 'at', 'details',
] as const satisfies readonly (keyof AuditRowOf<string>)[];

export const insertAuditSql = insertSql('audit_log', auditColumns);

/** One INSERT of all `audits`, in the order given (their ids are drawn in that order). */
export function insertAuditsQuery(audits: readonly AuditRecord[]): { text: string; values: unknown[] } {
  return insertRowsQuery('audit_log', auditColumns, audits.map(auditParams));
}

export function auditParams(a: AuditRecord): unknown[] {
  // Details as JSON text (toAuditRow): node-postgres would turn a top-level array into a PostgreSQL array.
  return valuesOf(toAuditRow(a), auditColumns);
}
