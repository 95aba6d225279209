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
  auditPageStatement, toApiKey, toEnvironment, toOrganization, toServiceAccount, toUser,
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

/**
 * `INSERT INTO table (columns) SELECT * FROM unnest($k+1::type[], …)`: many rows in one statement
 * whose text does not depend on how many there are, so it stays short to parse and plan. Its
 * parameters are one array per column (`columnArrays`); `types` names the columns that are not text.
 */
function insertArraysSql(table: string, columns: readonly string[], types: Readonly<Record<string, string>>, offset: number): string {
  const arrays = columns.map((column, i) => `$${offset + i + 1}::${types[column] ?? 'text'}[]`);
  return `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`;
}

/** The parameters of `insertArraysSql` for `rows`, each a row's values in column order. */
function columnArrays(columnCount: number, rows: readonly unknown[][]): unknown[][] {
  return Array.from({ length: columnCount }, (_, c) => rows.map((row) => row[c]));
}

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

export const apiKeyColumnCount = apiKeyColumns.length;

/**
 * Inserts many keys, in the order of their arrays, taking `$offset+1 …`; `apiKeyArrays` gives the
 * parameters. unnest() rather than a VALUES list: the same short statement for any number of rows
 * (a VALUES list of 64 keys is 1,024 parameters to parse and plan at every batch).
 */
export const insertApiKeysFromArraysSql = (offset: number) => insertArraysSql('api_keys', apiKeyColumns, { secret_hash: 'bytea' }, offset);
export const apiKeyArrays = (keys: readonly ApiKeyRecord[]): unknown[][] => columnArrays(apiKeyColumns.length, keys.map(apiKeyParams));

export function apiKeyParams(k: ApiKeyRecord): unknown[] {
  return valuesOf(toApiKeyRow(k), apiKeyColumns);
}

const auditColumns = [
  'org_id', 'actor_id', 'action', 'target_kind', 'target_id', 'at', 'details',
] as const satisfies readonly (keyof AuditRowOf<string>)[];

export const insertAuditSql = insertSql('audit_log', auditColumns);

export const auditColumnCount = auditColumns.length;

/**
 * Inserts many audit rows as `insertApiKeysFromArraysSql` does keys. Their ids are drawn in the
 * order of the arrays (checked by the key-batch suite: PostgreSQL does not document it).
 */
export const insertAuditsFromArraysSql = (offset: number) => insertArraysSql('audit_log', auditColumns, { details: 'jsonb' }, offset);
export const auditArrays = (audits: readonly AuditRecord[]): unknown[][] => columnArrays(auditColumns.length, audits.map(auditParams));

export function auditParams(a: AuditRecord): unknown[] {
  // Details as JSON text (toAuditRow): node-postgres would turn a top-level array into a PostgreSQL array.
  return valuesOf(toAuditRow(a), auditColumns);
}
