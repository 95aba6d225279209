// Plain records the Store reads and writes. Timestamps are RFC 3339 UTC strings with milliseconds
// (`new Date().toISOString()`), so both databases hand back exactly what was written.

export type PrincipalKind = 'User' | 'ServiceAccount';

export interface OrganizationRecord {
  id: string;
  displayName: string;
  createdAt: string;
}

export interface UserRecord {
  id: string;
  orgId: string;
  email: string;
  fullName: string;
  authType: string;
  /** `OrganizationAdmin` manages everything in its organization; `null` is an ordinary user. */
  role: 'OrganizationAdmin' | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface ServiceAccountRecord {
  id: string;
  orgId: string;
  displayName: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface EnvironmentRecord {
  id: string;
  orgId: string;
  displayName: string;
  /** Stream Governance package name, or null when none was chosen. */
  streamGovernancePackage: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface KeyResource {
  /** Canonical id: `lkc-…`, `lsrc-…`, `lksqlc-…`, `cloud`, `global`, `tableflow` or `<cloud>.<region>`. */
  id: string;
  kind: string;
  apiVersion: string;
  /** Environment id, when the key's resource lives in one (always for Flink regions). */
  environment: string | null;
}

export interface ApiKeyRecord {
  id: string;
  orgId: string;
  /** HMAC-SHA-256 of the secret under the server's hashing key; the secret itself is never stored. */
  secretHash: Buffer;
  displayName: string;
  description: string;
  ownerId: string;
  ownerKind: PrincipalKind;
  resource: KeyResource;
  /** `YYYY-MM-DD`; the key is valid through the end of that UTC day. */
  expiresAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** One row of the audit trail: who changed what. Never carries secrets or credentials. */
export interface AuditRecord {
  orgId: string;
  actorId: string;
  action: string;
  targetKind: string;
  targetId: string;
  at: string;
  /** Small JSON-serialisable description of the change (field names, old/new display names …). */
  details: Record<string, unknown>;
}

/** A key as the authenticator needs it: the record plus whether its owner still exists. */
export interface CredentialRecord {
  key: ApiKeyRecord;
  ownerLive: boolean;
  ownerRole: UserRecord['role'];
}
