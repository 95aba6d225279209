import type {
  ApiKeyRecord,
  AuditRecord,
  CredentialRecord,
  EnvironmentRecord,
  OrganizationRecord,
  ServiceAccountRecord,
  UserRecord,
} from './records.js';

export type * from './records.js';

/**
 * Keyset page request. Lists are ordered by `id` ascending; `afterId` is the last id of the
 * previous page, so a deep page costs what the first one does.
 */
export interface PageRequest {
  afterId?: string;
  /** Rows to return; the store fetches `limit + 1` to know whether another page exists. */
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** True when at least one more row follows the last item. */
  hasMore: boolean;
}

/** Which audit rows of an organization to list: each field given must match exactly. */
export interface AuditFilter {
  orgId: string;
  actorId?: string;
  action?: string;
  targetId?: string;
}

/** Which way an audit listing runs through the log: by id, oldest first or newest first. */
export type AuditOrder = 'oldest_first' | 'newest_first';

/** An audit row with its id: a decimal number, increasing in the order the rows were written. */
export interface AuditEvent extends AuditRecord {
  id: string;
}

export interface ApiKeyFilter {
  orgId: string;
  /** Only keys owned by this principal (the caller, for non-admins; a filter for admins). */
  ownerIds?: string[];
  /** Only keys whose canonical resource id equals this. */
  resourceId?: string;
  /** Include keys whose `expiresAt` is before `today`. */
  showExpired: boolean;
  /** `YYYY-MM-DD` in UTC: keys with `expiresAt < today` are expired. */
  today: string;
}

export interface KeyQuota {
  /** Most keys not deleted (expired included) one organization may hold. */
  perOrg: number;
  /** Most keys not deleted one owner may hold. */
  perOwner: number;
}

export type CreateKeyResult =
  | { ok: true }
  | { ok: false; quota: 'apikeys_per_org' | 'apikeys_per_owner'; limit: number }
  /** The owner, or the environment the key's resource names, is gone (checked in the insert's transaction). */
  | { ok: false; missing: 'owner' | 'environment' };

export interface KeyUpdate {
  displayName?: string;
  description?: string;
  updatedAt: string;
}

export interface NamedUpdate {
  displayName?: string;
  description?: string;
  updatedAt: string;
}

export interface UserUpdate {
  fullName?: string;
  updatedAt: string;
}

/** What first start writes: one organization, its admin, its admin's Cloud key and a default environment. */
export interface BootstrapInput {
  organization: OrganizationRecord;
  admin: UserRecord;
  adminKey: ApiKeyRecord;
  defaultEnvironment: EnvironmentRecord;
}

/**
 * Durable storage for keyward. Every method that changes state runs in one transaction together
 * with its audit row, so a crash leaves either all of a change or none of it.
 *
 * Conventions: "not found" is `undefined` (reads) or `false` (writes); a unique-constraint
 * violation is `'conflict'`; anything thrown is a real fault (database down, disk full …).
 * Reads of a single object return soft-deleted rows too (with `deletedAt` set) so that callers can
 * tell "never existed" from "deleted" where it matters; lists never include deleted rows.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  /** Applies pending migrations (idempotent, safe to call from several processes at once). */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** The single organization this store serves, or undefined before first start. */
  getOrganization(): Promise<OrganizationRecord | undefined>;
  /**
   * Writes the first-start objects in one transaction unless an organization already exists.
   * Returns true if it wrote them, false if the store was already bootstrapped.
   */
  bootstrap(input: BootstrapInput, audit: AuditRecord): Promise<boolean>;

  // ---- API keys ----
  /**
   * Inserts the key unless a quota would be exceeded or its owner or environment is not live, all
   * checked in the insert's transaction, so a concurrent delete of the owner or the environment
   * either sees the new key (and cascades or refuses) or makes this create fail.
   */
  createApiKey(key: ApiKeyRecord, quota: KeyQuota, audit: AuditRecord): Promise<CreateKeyResult>;
  getApiKey(orgId: string, id: string): Promise<ApiKeyRecord | undefined>;
  /** Any key with this id in any organization, with its owner's liveness, for authentication. */
  getCredential(id: string): Promise<CredentialRecord | undefined>;
  listApiKeys(filter: ApiKeyFilter, page: PageRequest): Promise<Page<ApiKeyRecord>>;
  /** Applies the update to a live key; false when no live key has that id. */
  updateApiKey(orgId: string, id: string, update: KeyUpdate, audit: AuditRecord): Promise<ApiKeyRecord | false>;
  /** Soft-deletes a live key; false when no live key has that id. */
  deleteApiKey(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean>;
  /** True when any key, live or deleted, ever had this id (ids are never reused). */
  apiKeyIdTaken(id: string): Promise<boolean>;

  // ---- service accounts ----
  createServiceAccount(sa: ServiceAccountRecord, audit: AuditRecord): Promise<true | 'conflict'>;
  getServiceAccount(orgId: string, id: string): Promise<ServiceAccountRecord | undefined>;
  /** `displayNames` empty or absent means no filter; several names are OR-ed. */
  listServiceAccounts(orgId: string, displayNames: string[] | undefined, page: PageRequest): Promise<Page<ServiceAccountRecord>>;
  updateServiceAccount(orgId: string, id: string, update: NamedUpdate, audit: AuditRecord): Promise<ServiceAccountRecord | false | 'conflict'>;
  /** Soft-deletes the account and every key it owns, in one transaction. */
  deleteServiceAccount(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean>;

  // ---- users ----
  createUser(user: UserRecord, audit: AuditRecord): Promise<true | 'conflict'>;
  getUser(orgId: string, id: string): Promise<UserRecord | undefined>;
  listUsers(orgId: string, page: PageRequest): Promise<Page<UserRecord>>;
  updateUser(orgId: string, id: string, update: UserUpdate, audit: AuditRecord): Promise<UserRecord | false>;
  /** Soft-deletes the user and every key it owns, in one transaction. */
  deleteUser(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean>;

  // ---- environments ----
  createEnvironment(env: EnvironmentRecord, audit: AuditRecord): Promise<true | 'conflict'>;
  getEnvironment(orgId: string, id: string): Promise<EnvironmentRecord | undefined>;
  listEnvironments(orgId: string, page: PageRequest): Promise<Page<EnvironmentRecord>>;
  updateEnvironment(orgId: string, id: string, update: NamedUpdate, audit: AuditRecord): Promise<EnvironmentRecord | false | 'conflict'>;
  /** Soft-deletes the environment; 'in_use' when a live key still references it. */
  deleteEnvironment(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean | 'in_use'>;

  // ---- audit ----
  /** Audit rows of an organization, oldest first (for operators and tests). */
  listAudit(orgId: string, limit: number): Promise<AuditRecord[]>;
  /**
   * The audit rows `filter` matches, in `order` (default oldest first), a keyset page at a time
   * (`afterId`: the id of the last AuditEvent of the page before).
   */
  pageAudit(filter: AuditFilter, page: PageRequest, order?: AuditOrder): Promise<Page<AuditEvent>>;

  // ---- revocations ----
  /**
   * Delivers the key and owner deletions that any process commits on this database, so caches of
   * credentials can forget them. Optional: a store without it has a single writer (SQLite, one
   * process), whose services announce their own deletes in-process. Resolves once the first
   * connection attempt is over (a failure keeps retrying in the background); the returned function
   * stops watching. Whenever deliveries may have been missed the listener gets `reset`.
   */
  watchRevocations?(listener: RevocationListener): Promise<() => Promise<void>>;
}

/** A committed deletion that invalidates credentials: one key, or every key of an owner. */
export type RevocationEvent =
  | { type: 'api_key'; id: string }
  | { type: 'owner'; id: string }
  /**
   * Forget everything. `live: false`: the feed is down and deletions may go unseen until it is
   * back, so nothing may be cached meanwhile; `live: true`: it is (back) up and delivering.
   */
  | { type: 'reset'; live: boolean };

export type RevocationListener = (event: RevocationEvent) => void;
