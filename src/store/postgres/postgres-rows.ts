// Row <-> record mapping for PostgresStore. Column lists and parameter builders sit next to the
// readers so a new column is added in one place for both directions.
import type {
  ApiKeyRecord,
  AuditRecord,
  EnvironmentRecord,
  OrganizationRecord,
  PrincipalKind,
  ServiceAccountRecord,
  UserRecord,
} from '../records.js';
import type { ApiKeyRow, EnvironmentRow, OrganizationRow, ServiceAccountRow, UserRow } from '../rows.js';

export type { ApiKeyRow, EnvironmentRow, OrganizationRow, ServiceAccountRow, UserRow } from '../rows.js';

export interface AuditRow {
  org_id: string;
  actor_id: string;
  action: string;
  target_kind: string;
  target_id: string;
  at: string;
  details: Record<string, unknown>;
}

export function toOrganization(row: OrganizationRow): OrganizationRecord {
  return { id: row.id, displayName: row.display_name, createdAt: row.created_at };
}

export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    fullName: row.full_name,
    authType: row.auth_type,
    role: row.role as UserRecord['role'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function toServiceAccount(row: ServiceAccountRow): ServiceAccountRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    displayName: row.display_name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function toEnvironment(row: EnvironmentRow): EnvironmentRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    displayName: row.display_name,
    streamGovernancePackage: row.stream_governance_package,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    secretHash: row.secret_hash,
    displayName: row.display_name,
    description: row.description,
    ownerId: row.owner_id,
    ownerKind: row.owner_kind as PrincipalKind,
    resource: {
      id: row.resource_id,
      kind: row.resource_kind,
      apiVersion: row.resource_api_version,
      environment: row.resource_environment,
    },
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

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

export const insertOrganizationSql = insertSql('organizations', ['id', 'display_name', 'created_at']);

export function organizationParams(org: OrganizationRecord): unknown[] {
  return [org.id, org.displayName, org.createdAt];
}

export const insertUserSql = insertSql('users', [
  'id', 'org_id', 'email', 'full_name', 'auth_type', 'role', 'created_at', 'updated_at', 'deleted_at',
]);

export function userParams(u: UserRecord): unknown[] {
  return [u.id, u.orgId, u.email, u.fullName, u.authType, u.role, u.createdAt, u.updatedAt, u.deletedAt];
}

export const insertServiceAccountSql = insertSql('service_accounts', [
  'id', 'org_id', 'display_name', 'description', 'created_at', 'updated_at', 'deleted_at',
]);

export function serviceAccountParams(sa: ServiceAccountRecord): unknown[] {
  return [sa.id, sa.orgId, sa.displayName, sa.description, sa.createdAt, sa.updatedAt, sa.deletedAt];
}

export const insertEnvironmentSql = insertSql('environments', [
  'id', 'org_id', 'display_name', 'stream_governance_package', 'created_at', 'updated_at', 'deleted_at',
]);

export function environmentParams(e: EnvironmentRecord): unknown[] {
  return [e.id, e.orgId, e.displayName, e.streamGovernancePackage, e.createdAt, e.updatedAt, e.deletedAt];
}

const apiKeyColumns = [
  'id', 'org_id', 'secret_hash', 'display_name', 'description', 'owner_id', 'owner_kind',
  'resource_id', 'resource_kind', 'resource_api_version', 'resource_environment', 'expires_at',
  'created_by', 'created_at', 'updated_at', 'deleted_at',
];

export const insertApiKeySql = insertSql('api_keys', apiKeyColumns);

/** The most keys `insertApiKeysQuery` can take at once (the audit rows have fewer columns). */
export const maxKeysPerInsert = Math.floor(maxParameters / apiKeyColumns.length);

/** One INSERT of all `keys`, at most `maxKeysPerInsert` of them. */
export function insertApiKeysQuery(keys: readonly ApiKeyRecord[]): { text: string; values: unknown[] } {
  return insertRowsQuery('api_keys', apiKeyColumns, keys.map(apiKeyParams));
}

export function apiKeyParams(k: ApiKeyRecord): unknown[] {
  return [
    k.id, k.orgId, k.secretHash, k.displayName, k.description, k.ownerId, k.ownerKind,
    k.resource.id, k.resource.kind, k.resource.apiVersion, k.resource.environment, k.expiresAt,
    k.createdBy, k.createdAt, k.updatedAt, k.deletedAt,
  ];
}

const auditColumns = ['org_id', 'actor_id', 'action', 'target_kind', 'target_id', 'at', 'details'];

export const insertAuditSql = insertSql('audit_log', auditColumns);

/** One INSERT of all `audits`, in the order given (their ids are drawn in that order). */
export function insertAuditsQuery(audits: readonly AuditRecord[]): { text: string; values: unknown[] } {
  return insertRowsQuery('audit_log', auditColumns, audits.map(auditParams));
}

export function auditParams(a: AuditRecord): unknown[] {
  // Stringified explicitly: node-postgres would turn a top-level array into a PostgreSQL array.
  return [a.orgId, a.actorId, a.action, a.targetKind, a.targetId, a.at, JSON.stringify(a.details)];
}
