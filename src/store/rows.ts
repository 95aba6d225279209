// Rows as both stores write and read them: the one logical schema that sqlite-migrations.ts and
// postgres-migrations.ts create, and the mapping to and from the records, in one place so the two
// stores cannot drift apart. Only reading an audit row differs (JSON as text in SQLite, jsonb in
// PostgreSQL), so toAudit stays with each store.
import type {
  ApiKeyRecord,
  AuditRecord,
  EnvironmentRecord,
  OrganizationRecord,
  PrincipalKind,
  ServiceAccountRecord,
  UserRecord,
} from './records.js';
import type { AuditFilter, AuditOrder, PageRequest } from './store.js';

export interface OrganizationRow {
  id: string;
  display_name: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  full_name: string;
  auth_type: string;
  role: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ServiceAccountRow {
  id: string;
  org_id: string;
  display_name: string;
  description: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface EnvironmentRow {
  id: string;
  org_id: string;
  display_name: string;
  stream_governance_package: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ApiKeyRow {
  id: string;
  org_id: string;
  secret_hash: Buffer;
  display_name: string;
  description: string;
  owner_id: string;
  owner_kind: string;
  resource_id: string;
  resource_kind: string;
  resource_api_version: string;
  resource_environment: string | null;
  expires_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** An audit row; `details` is JSON text as written, and as SQLite reads it back. */
export interface AuditRowOf<Details> {
  org_id: string;
  actor_id: string;
  action: string;
  target_kind: string;
  target_id: string;
  at: string;
  details: Details;
}

export const toOrganization = (r: OrganizationRow): OrganizationRecord => ({
  id: r.id,
  displayName: r.display_name,
  createdAt: r.created_at,
});

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  orgId: r.org_id,
  email: r.email,
  fullName: r.full_name,
  authType: r.auth_type,
  // The column holds only what toUserRow wrote, so the narrowing is safe.
  role: r.role as UserRecord['role'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export const toServiceAccount = (r: ServiceAccountRow): ServiceAccountRecord => ({
  id: r.id,
  orgId: r.org_id,
  displayName: r.display_name,
  description: r.description,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export const toEnvironment = (r: EnvironmentRow): EnvironmentRecord => ({
  id: r.id,
  orgId: r.org_id,
  displayName: r.display_name,
  streamGovernancePackage: r.stream_governance_package,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export const toApiKey = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id,
  orgId: r.org_id,
  secretHash: r.secret_hash,
  displayName: r.display_name,
  description: r.description,
  ownerId: r.owner_id,
  // The CHECK constraint on owner_kind guarantees the narrowing.
  ownerKind: r.owner_kind as PrincipalKind,
  resource: {
    id: r.resource_id,
    kind: r.resource_kind,
    apiVersion: r.resource_api_version,
    environment: r.resource_environment,
  },
  expiresAt: r.expires_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export const toOrganizationRow = (o: OrganizationRecord): OrganizationRow => ({
  id: o.id,
  display_name: o.displayName,
  created_at: o.createdAt,
});

export const toUserRow = (u: UserRecord): UserRow => ({
  id: u.id,
  org_id: u.orgId,
  email: u.email,
  full_name: u.fullName,
  auth_type: u.authType,
  role: u.role,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
  deleted_at: u.deletedAt,
});

export const toServiceAccountRow = (s: ServiceAccountRecord): ServiceAccountRow => ({
  id: s.id,
  org_id: s.orgId,
  display_name: s.displayName,
  description: s.description,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
  deleted_at: s.deletedAt,
});

export const toEnvironmentRow = (e: EnvironmentRecord): EnvironmentRow => ({
  id: e.id,
  org_id: e.orgId,
  display_name: e.displayName,
  stream_governance_package: e.streamGovernancePackage,
  created_at: e.createdAt,
  updated_at: e.updatedAt,
  deleted_at: e.deletedAt,
});

export const toApiKeyRow = (k: ApiKeyRecord): ApiKeyRow => ({
  id: k.id,
  org_id: k.orgId,
  secret_hash: k.secretHash,
  display_name: k.displayName,
  description: k.description,
  owner_id: k.ownerId,
  owner_kind: k.ownerKind,
  resource_id: k.resource.id,
  resource_kind: k.resource.kind,
  resource_api_version: k.resource.apiVersion,
  resource_environment: k.resource.environment,
  expires_at: k.expiresAt,
  created_by: k.createdBy,
  created_at: k.createdAt,
  updated_at: k.updatedAt,
  deleted_at: k.deletedAt,
});

export const toAuditRow = (a: AuditRecord): AuditRowOf<string> => ({
  org_id: a.orgId,
  actor_id: a.actorId,
  action: a.action,
  target_kind: a.targetKind,
  target_id: a.targetId,
  at: a.at,
  details: JSON.stringify(a.details),
});

/**
 * The statement of one audit page, in either store's dialect: keyset paging on the id, forwards or
 * backwards, after the organization and the filter's exact matches, one row more than the page
 * to tell whether another follows. Written once, so the stores cannot drift apart, and the
 * tests ask each database for the plan of the very statement its store runs.
 */
export function auditPageStatement(dialect: 'sqlite' | 'postgres', filter: AuditFilter, page: PageRequest,
  order: AuditOrder = 'oldest_first'): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const parameter = (value: unknown) => {
    params.push(value);
    return dialect === 'sqlite' ? '?' : `$${params.length}`;
  };
  const newestFirst = order === 'newest_first';
  const where = [`org_id = ${parameter(filter.orgId)}`];
  // The id is a decimal string on the way in and out: SQLite binds it as the integer it is,
  // PostgreSQL reads it as the bigint the column is.
  if (page.afterId !== undefined) {
    where.push(`id ${newestFirst ? '<' : '>'} ${parameter(dialect === 'sqlite' ? Number(page.afterId) : page.afterId)}`);
  }
  const matches: [string, string | undefined][] = [['actor_id', filter.actorId], ['action', filter.action], ['target_id', filter.targetId]];
  for (const [column, value] of matches) if (value !== undefined) where.push(`${column} = ${parameter(value)}`);
  const text = `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id${newestFirst ? ' DESC' : ''} LIMIT ${parameter(page.limit + 1)}`;
  return { text, params };
}
