// The Store on one SQLite file. better-sqlite3 is synchronous; that is fine here because each call
// is a few index lookups and it keeps every transaction free of interleaving inside this process.
// Across processes, writes take the write lock up front (BEGIN IMMEDIATE), so a quota count and
// the insert it guards can never be split by another writer. Writes are group-committed (see
// sqlite-group-commit.ts): concurrent ones share a transaction and its fsync, each under its own
// savepoint, and none is acknowledged before its COMMIT has returned.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  ApiKeyFilter,
  ApiKeyRecord,
  AuditEvent,
  AuditFilter,
  AuditOrder,
  AuditRecord,
  BootstrapInput,
  CreateKeyResult,
  CredentialRecord,
  EnvironmentRecord,
  KeyQuota,
  KeyUpdate,
  NamedUpdate,
  OrganizationRecord,
  Page,
  PageRequest,
  ServiceAccountRecord,
  Store,
  UserRecord,
  UserUpdate,
} from '../store.js';
import { SchemaTooNewError, StoreUnavailableError } from '../store-errors.js';
import { GroupCommit, type GroupCommitOptions } from './sqlite-group-commit.js';
import { LiveKeyCounts } from './sqlite-key-counts.js';
import { migrations } from './sqlite-migrations.js';
import * as rows from './sqlite-rows.js';

type Table = 'organizations' | 'users' | 'service_accounts' | 'environments' | 'api_keys' | 'audit_log';

/** Tuning and observation of the write batches; the defaults suit a server. */
export type SqliteStoreOptions = GroupCommitOptions;

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  // Prepared lazily because the tables only exist after migrate(); each SQL text is prepared once.
  private readonly statements = new Map<string, Database.Statement>();
  private readonly counts = new LiveKeyCounts();
  private readonly commits: GroupCommit;

  private constructor(private readonly db: Database.Database, options: SqliteStoreOptions) {
    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.commits = new GroupCommit(db, {
      begin: () => this.counts.validate(dataVersion.get() as number),
      beforeWrite: () => this.counts.beginWrite(),
      writeRolledBack: () => this.counts.writeRolledBack(),
      abort: () => this.counts.clear(),
    }, options);
  }

  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Creating the file ourselves makes it private from the first byte; SQLite gives the -wal
      // and -shm files the same mode as the database file.
      closeSync(openSync(path, 'a', 0o600));
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      // WAL's default (NORMAL) may lose the last commits on power loss; an acknowledged key must survive.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      // A write batch keeps each write's savepoint journal; in memory it costs a few page copies,
      // on disk (the default) a temporary file created, written and deleted per batch.
      db.pragma('temp_store = MEMORY');
      // Checkpoints copy the WAL's pages into the database file, on the thread that commits, and
      // the same index pages are copied again at every checkpoint. Every 10,000 pages (a WAL of up
      // to about 40 MB) instead of SQLite's 1,000, each copy serves many more writes: a 15 s stream
      // of key creates ran at 4,115/s instead of 3,278/s (bench/exp runs noted in bench/README.md),
      // at the price of rarer but longer pauses.
      db.pragma('wal_autocheckpoint = 10000');
      return new SqliteStore(db, options);
    } catch (e) {
      throw toStoreFault(e);
    }
  }

  migrate(): Promise<void> {
    return this.run(() => {
      this.commits.flush();
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const known = migrations.at(-1)?.version ?? 0;
      for (const m of migrations) {
        // Re-read the version under the write lock: another process may have migrated meanwhile.
        this.db.transaction(() => {
          const found = this.sql('SELECT COALESCE(MAX(version), 0) FROM schema_migrations').pluck().get() as number;
          if (found > known) throw new SchemaTooNewError(found, known);
          if (found >= m.version) return;
          this.db.exec(m.sql);
          this.sql('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
        }).immediate();
      }
    });
  }

  ping(): Promise<void> {
    return this.run(() => void this.sql('SELECT 1').get());
  }

  async close(): Promise<void> {
    // Queued writes still commit (or fail) before the connection goes away; none is left hanging.
    this.commits.flush();
    this.db.close();
  }

  getOrganization(): Promise<OrganizationRecord | undefined> {
    return this.run(() => {
      const row = this.sql('SELECT * FROM organizations ORDER BY created_at, id LIMIT 1').get() as rows.OrganizationRow | undefined;
      return row && rows.toOrganization(row);
    });
  }

  bootstrap(input: BootstrapInput, audit: AuditRecord): Promise<boolean> {
    return this.write(() => {
      if (this.sql('SELECT 1 FROM organizations LIMIT 1').get()) return false;
      this.insert('organizations', rows.toOrganizationRow(input.organization));
      this.insert('users', rows.toUserRow(input.admin));
      this.insert('environments', rows.toEnvironmentRow(input.defaultEnvironment));
      this.insert('api_keys', rows.toApiKeyRow(input.adminKey));
      this.audit(audit);
      this.counts.add(input.adminKey.orgId, input.adminKey.ownerId, 1);
      return true;
    });
  }

  // ---- API keys ----

  createApiKey(key: ApiKeyRecord, quota: KeyQuota, audit: AuditRecord): Promise<CreateKeyResult> {
    return this.write((): CreateKeyResult => {
      // In the write transaction, so an owner or environment deleted since the service looked is seen.
      const ownerTable = key.ownerKind === 'User' ? 'users' : 'service_accounts';
      if (this.count(`SELECT COUNT(*) FROM ${ownerTable} WHERE org_id = ? AND id = ? AND deleted_at IS NULL`, key.orgId, key.ownerId) === 0) {
        return { ok: false, missing: 'owner' };
      }
      if (key.resource.environment !== null && this.count(
        'SELECT COUNT(*) FROM environments WHERE org_id = ? AND id = ? AND deleted_at IS NULL', key.orgId, key.resource.environment) === 0) {
        return { ok: false, missing: 'environment' };
      }
      const inOrg = this.counts.org(key.orgId, () =>
        this.count('SELECT COUNT(*) FROM api_keys WHERE org_id = ? AND deleted_at IS NULL', key.orgId));
      if (inOrg >= quota.perOrg) return { ok: false, quota: 'apikeys_per_org', limit: quota.perOrg };
      const ofOwner = this.counts.owner(key.orgId, key.ownerId, () =>
        this.count('SELECT COUNT(*) FROM api_keys WHERE org_id = ? AND owner_id = ? AND deleted_at IS NULL', key.orgId, key.ownerId));
      if (ofOwner >= quota.perOwner) return { ok: false, quota: 'apikeys_per_owner', limit: quota.perOwner };
      this.insert('api_keys', rows.toApiKeyRow(key));
      this.audit(audit);
      this.counts.add(key.orgId, key.ownerId, 1);
      return { ok: true };
    });
  }

  getApiKey(orgId: string, id: string): Promise<ApiKeyRecord | undefined> {
    return this.run(() => this.byId('api_keys', orgId, id, rows.toApiKey));
  }

  getCredential(id: string): Promise<CredentialRecord | undefined> {
    return this.run(() => {
      // At most one join matches: owner_kind picks the table, and the owner must be in the key's org.
      const row = this.sql(`
        SELECT k.*, u.role AS owner_role,
          (u.id IS NOT NULL AND u.deleted_at IS NULL) OR (s.id IS NOT NULL AND s.deleted_at IS NULL) AS owner_live
        FROM api_keys k
        LEFT JOIN users u ON k.owner_kind = 'User' AND u.id = k.owner_id AND u.org_id = k.org_id
        LEFT JOIN service_accounts s ON k.owner_kind = 'ServiceAccount' AND s.id = k.owner_id AND s.org_id = k.org_id
        WHERE k.id = ?`).get(id) as (rows.ApiKeyRow & { owner_role: string | null; owner_live: number }) | undefined;
      if (!row) return undefined;
      return { key: rows.toApiKey(row), ownerLive: row.owner_live === 1, ownerRole: row.owner_role as UserRecord['role'] };
    });
  }

  listApiKeys(filter: ApiKeyFilter, page: PageRequest): Promise<Page<ApiKeyRecord>> {
    return this.run(() => {
      const where = ['org_id = ?'];
      const params: unknown[] = [filter.orgId];
      const owners = filter.ownerIds ?? [];
      if (owners.length === 1) {
        // The common case (a caller listing its own keys) gets a plain equality: with it the planner
        // always walks the owner index, whereas an IN list may make it prefer the org index.
        where.push('owner_id = ?');
        params.push(owners[0]);
      } else if (owners.length > 1) {
        // json_each keeps the SQL text (and so the prepared statement) the same for any number of owners.
        where.push('owner_id IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(owners));
      }
      if (filter.resourceId !== undefined) {
        where.push('resource_id = ?');
        params.push(filter.resourceId);
      }
      if (!filter.showExpired) {
        // YYYY-MM-DD strings compare like the dates they name.
        where.push('(expires_at IS NULL OR expires_at >= ?)');
        params.push(filter.today);
      }
      return this.keyset('api_keys', where, params, page, rows.toApiKey);
    });
  }

  updateApiKey(orgId: string, id: string, update: KeyUpdate, audit: AuditRecord): Promise<ApiKeyRecord | false> {
    return this.write(() => {
      const row = this.sql(`
        UPDATE api_keys SET display_name = COALESCE(?, display_name), description = COALESCE(?, description), updated_at = ?
        WHERE org_id = ? AND id = ? AND deleted_at IS NULL RETURNING *`)
        .get(update.displayName ?? null, update.description ?? null, update.updatedAt, orgId, id) as rows.ApiKeyRow | undefined;
      if (!row) return false;
      this.audit(audit);
      return rows.toApiKey(row);
    });
  }

  deleteApiKey(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean> {
    return this.write(() => {
      const ownerId = this.sql('UPDATE api_keys SET deleted_at = ? WHERE org_id = ? AND id = ? AND deleted_at IS NULL RETURNING owner_id')
        .pluck().get(deletedAt, orgId, id) as string | undefined;
      if (ownerId === undefined) return false;
      this.audit(audit);
      this.counts.add(orgId, ownerId, -1);
      return true;
    });
  }

  apiKeyIdTaken(id: string): Promise<boolean> {
    return this.run(() => this.sql('SELECT 1 FROM api_keys WHERE id = ?').get(id) !== undefined);
  }

  // ---- service accounts ----

  createServiceAccount(sa: ServiceAccountRecord, audit: AuditRecord): Promise<true | 'conflict'> {
    return this.writeUnique(() => {
      this.insert('service_accounts', rows.toServiceAccountRow(sa));
      this.audit(audit);
      return true as const;
    });
  }

  getServiceAccount(orgId: string, id: string): Promise<ServiceAccountRecord | undefined> {
    return this.run(() => this.byId('service_accounts', orgId, id, rows.toServiceAccount));
  }

  listServiceAccounts(orgId: string, displayNames: string[] | undefined, page: PageRequest): Promise<Page<ServiceAccountRecord>> {
    return this.run(() => displayNames?.length
      ? this.keyset('service_accounts', ['org_id = ?', 'display_name IN (SELECT value FROM json_each(?))'],
        [orgId, JSON.stringify(displayNames)], page, rows.toServiceAccount)
      : this.keyset('service_accounts', ['org_id = ?'], [orgId], page, rows.toServiceAccount));
  }

  updateServiceAccount(orgId: string, id: string, update: NamedUpdate, audit: AuditRecord): Promise<ServiceAccountRecord | false | 'conflict'> {
    return this.writeUnique(() => {
      const row = this.sql(`
        UPDATE service_accounts SET display_name = COALESCE(?, display_name), description = COALESCE(?, description), updated_at = ?
        WHERE org_id = ? AND id = ? AND deleted_at IS NULL RETURNING *`)
        .get(update.displayName ?? null, update.description ?? null, update.updatedAt, orgId, id) as rows.ServiceAccountRow | undefined;
      if (!row) return false;
      this.audit(audit);
      return rows.toServiceAccount(row);
    });
  }

  deleteServiceAccount(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean> {
    return this.write(() => this.deletePrincipal('service_accounts', 'ServiceAccount', orgId, id, deletedAt, audit));
  }

  // ---- users ----

  createUser(user: UserRecord, audit: AuditRecord): Promise<true | 'conflict'> {
    return this.writeUnique(() => {
      this.insert('users', rows.toUserRow(user));
      this.audit(audit);
      return true as const;
    });
  }

  getUser(orgId: string, id: string): Promise<UserRecord | undefined> {
    return this.run(() => this.byId('users', orgId, id, rows.toUser));
  }

  listUsers(orgId: string, page: PageRequest): Promise<Page<UserRecord>> {
    return this.run(() => this.keyset('users', ['org_id = ?'], [orgId], page, rows.toUser));
  }

  updateUser(orgId: string, id: string, update: UserUpdate, audit: AuditRecord): Promise<UserRecord | false> {
    return this.write(() => {
      const row = this.sql(`
        UPDATE users SET full_name = COALESCE(?, full_name), updated_at = ?
        WHERE org_id = ? AND id = ? AND deleted_at IS NULL RETURNING *`)
        .get(update.fullName ?? null, update.updatedAt, orgId, id) as rows.UserRow | undefined;
      if (!row) return false;
      this.audit(audit);
      return rows.toUser(row);
    });
  }

  deleteUser(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean> {
    return this.write(() => this.deletePrincipal('users', 'User', orgId, id, deletedAt, audit));
  }

  // ---- environments ----

  createEnvironment(env: EnvironmentRecord, audit: AuditRecord): Promise<true | 'conflict'> {
    return this.writeUnique(() => {
      this.insert('environments', rows.toEnvironmentRow(env));
      this.audit(audit);
      return true as const;
    });
  }

  getEnvironment(orgId: string, id: string): Promise<EnvironmentRecord | undefined> {
    return this.run(() => this.byId('environments', orgId, id, rows.toEnvironment));
  }

  listEnvironments(orgId: string, page: PageRequest): Promise<Page<EnvironmentRecord>> {
    return this.run(() => this.keyset('environments', ['org_id = ?'], [orgId], page, rows.toEnvironment));
  }

  updateEnvironment(orgId: string, id: string, update: NamedUpdate, audit: AuditRecord): Promise<EnvironmentRecord | false | 'conflict'> {
    // Environments have no description column (records.ts has none); NamedUpdate's is ignored.
    return this.writeUnique(() => {
      const row = this.sql(`
        UPDATE environments SET display_name = COALESCE(?, display_name), updated_at = ?
        WHERE org_id = ? AND id = ? AND deleted_at IS NULL RETURNING *`)
        .get(update.displayName ?? null, update.updatedAt, orgId, id) as rows.EnvironmentRow | undefined;
      if (!row) return false;
      this.audit(audit);
      return rows.toEnvironment(row);
    });
  }

  deleteEnvironment(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean | 'in_use'> {
    return this.write(() => {
      if (!this.sql('SELECT 1 FROM environments WHERE org_id = ? AND id = ? AND deleted_at IS NULL').get(orgId, id)) return false;
      const inUse = this.sql(
        'SELECT 1 FROM api_keys WHERE org_id = ? AND resource_environment = ? AND deleted_at IS NULL LIMIT 1').get(orgId, id);
      if (inUse) return 'in_use';
      this.softDelete('environments', orgId, id, deletedAt);
      this.audit(audit);
      return true;
    });
  }

  // ---- audit ----

  async listAudit(orgId: string, limit: number): Promise<AuditRecord[]> {
    return (await this.pageAudit({ orgId }, { limit })).items.map(({ id: _id, ...record }) => record);
  }

  pageAudit(filter: AuditFilter, page: PageRequest, order?: AuditOrder): Promise<Page<AuditEvent>> {
    return this.run(() => {
      const { text, params } = rows.auditPageStatement('sqlite', filter, page, order);
      const found = this.sql(text).all(...params) as (rows.AuditRow & { id: number })[];
      return {
        items: found.slice(0, page.limit).map((row) => ({ id: String(row.id), ...rows.toAudit(row) })),
        hasMore: found.length > page.limit,
      };
    });
  }

  // ---- helpers ----

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  // Async so that every fault, thrown synchronously by better-sqlite3, reaches the caller as a rejection.
  private async run<T>(fn: () => T): Promise<T> {
    try {
      return fn();
    } catch (e) {
      throw toStoreFault(e);
    }
  }

  /** Runs `fn` in the next group commit; resolves only once that batch is durable. */
  private async write<T>(fn: () => T): Promise<T> {
    try {
      return await this.commits.submit(fn);
    } catch (e) {
      throw toStoreFault(e);
    }
  }

  private async writeUnique<T>(fn: () => T): Promise<T | 'conflict'> {
    try {
      return await this.write(fn);
    } catch (e) {
      if (isUniqueViolation(e)) return 'conflict';
      throw e;
    }
  }

  private insert(table: Table, row: object): void {
    const columns = Object.keys(row);
    this.sql(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
  }

  private audit(audit: AuditRecord): void {
    this.insert('audit_log', rows.toAuditRow(audit));
  }

  private count(sql: string, ...params: unknown[]): number {
    return this.sql(sql).pluck().get(...params) as number;
  }

  private byId<R, T>(table: Table, orgId: string, id: string, map: (row: R) => T): T | undefined {
    const row = this.sql(`SELECT * FROM ${table} WHERE org_id = ? AND id = ?`).get(orgId, id) as R | undefined;
    return row === undefined ? undefined : map(row);
  }

  private keyset<R, T>(table: Table, where: string[], params: unknown[], page: PageRequest, map: (row: R) => T): Page<T> {
    // '' sorts before every id, so the first page shares the statement of all later ones.
    const sql = `SELECT * FROM ${table} WHERE ${[...where, 'deleted_at IS NULL', 'id > ?'].join(' AND ')} ORDER BY id LIMIT ?`;
    const found = this.sql(sql).all(...params, page.afterId ?? '', page.limit + 1) as R[];
    return { items: found.slice(0, page.limit).map(map), hasMore: found.length > page.limit };
  }

  private softDelete(table: Table, orgId: string, id: string, deletedAt: string): boolean {
    return this.sql(`UPDATE ${table} SET deleted_at = ? WHERE org_id = ? AND id = ? AND deleted_at IS NULL`)
      .run(deletedAt, orgId, id).changes === 1;
  }

  private deletePrincipal(
    table: 'users' | 'service_accounts', kind: ApiKeyRecord['ownerKind'], orgId: string, id: string, deletedAt: string, audit: AuditRecord,
  ): boolean {
    if (!this.softDelete(table, orgId, id, deletedAt)) return false;
    // The same deletedAt as the principal's, so the keys read as removed by that one action.
    const { changes } = this.sql('UPDATE api_keys SET deleted_at = ? WHERE org_id = ? AND owner_id = ? AND owner_kind = ? AND deleted_at IS NULL')
      .run(deletedAt, orgId, id, kind);
    this.audit(audit);
    this.counts.ownerDeleted(orgId, id, changes);
    return true;
  }
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Database.SqliteError
    && (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

// Lock timeouts and I/O trouble are the file-database forms of "database unavailable" (a 503);
// everything else stays as thrown (a 500).
function toStoreFault(e: unknown): unknown {
  if (e instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN)/.test(e.code)) {
    return new StoreUnavailableError(`sqlite: ${e.message}`, { cause: e });
  }
  return e;
}
