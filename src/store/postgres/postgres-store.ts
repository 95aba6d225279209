import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
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
  RevocationListener,
  ServiceAccountRecord,
  Store,
  UserRecord,
  UserUpdate,
} from '../store.js';
import { SchemaTooNewError } from '../store-errors.js';
import { conflictOnDuplicate, inTransaction, isConnectionFault, translate } from './postgres-faults.js';
import { KeyCreateBatcher, type KeyBatchOptions, type KeyCreate } from './postgres-key-batches.js';
import { createKeysInTransaction } from './postgres-key-creates.js';
import { countLiveKeys, dropOwnerCount, lockOrganizations, uncountLiveKeys } from './postgres-key-counts.js';
import { postgresMigrations } from './postgres-migrations.js';
import { notifyRevocationSql, PostgresRevocationFeed } from './postgres-revocation-feed.js';
import {
  apiKeyParams, auditPageStatement, auditParams, environmentParams, insertApiKeySql, insertAuditSql, insertEnvironmentSql,
  insertOrganizationSql, insertServiceAccountSql, insertUserSql, organizationParams, serviceAccountParams,
  toApiKey, toAudit, toEnvironment, toOrganization, toServiceAccount, toUser, userParams,
  type ApiKeyRow, type AuditRow, type EnvironmentRow, type OrganizationRow, type ServiceAccountRow, type UserRow,
} from './postgres-rows.js';

/** `maxKeyBatch` and `onKeyBatch` tune and observe the batches of key creates (postgres-key-batches.ts). */
export interface PostgresStoreOptions extends KeyBatchOptions {
  url: string;
  /** Schema holding keyward's tables; created by migrate() if missing. Default: the server's search_path. */
  schema?: string;
  poolSize?: number;
  statementTimeoutMs?: number;
}

// The schema name is interpolated into SQL and into the startup `options`, so only plain
// identifiers are accepted rather than quoting for two different grammars; lower case only, since
// the unquoted search_path folds case while the quoted CREATE SCHEMA keeps it.
const plainIdentifier = /^[a-z_][a-z0-9_]{0,62}$/;

export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private closing: Promise<void> | undefined;
  /** Key creates queued in this process, committed a batch per transaction. */
  private readonly keyCreates: KeyCreateBatcher;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string | undefined,
    /** How to open a connection of our own, outside the pool (the revocation feed's LISTEN). */
    private readonly clientConfig: pg.ClientConfig,
    keyBatchOptions: KeyBatchOptions,
  ) {
    this.keyCreates = new KeyCreateBatcher({
      batch: (creates, turn) => this.withClient((client) => createKeysInTransaction(client, creates, turn)),
      single: (create) => this.createApiKeyAlone(create),
    }, keyBatchOptions);
  }

  static connect(options: PostgresStoreOptions): PostgresStore {
    const { url, schema, poolSize = 10, statementTimeoutMs = 5000, maxKeyBatch, onKeyBatch } = options;
    if (schema !== undefined && !plainIdentifier.test(schema)) {
      throw new Error(`PostgreSQL schema name must be a plain identifier, got ${JSON.stringify(schema)}`);
    }
    const clientConfig: pg.ClientConfig = {
      connectionString: url,
      // Bounded so that a request fails over to 503 instead of hanging while the database is down.
      connectionTimeoutMillis: 2000,
      statement_timeout: statementTimeoutMs,
      options: schema === undefined ? undefined : `-c search_path=${schema}`,
      // Lets operators (and tests) tell this store's sessions apart in pg_stat_activity.
      application_name: schema === undefined ? 'keyward' : `keyward:${schema}`,
    };
    // Pipelined clients send a query without waiting for the answer to the one before, which only
    // the key creates make use of (postgres-key-creates.ts); every other caller awaits each query.
    const pool = new pg.Pool({ ...clientConfig, max: poolSize, pipeline: true });
    // An idle client whose connection dies is already discarded by the pool and replaced on the
    // next checkout; without a listener the 'error' event would crash the process.
    pool.on('error', () => {});
    return new PostgresStore(pool, schema, clientConfig, { maxKeyBatch, onKeyBatch });
  }

  async migrate(): Promise<void> {
    const latest = postgresMigrations.at(-1)?.version ?? 0;
    await this.withClient(async (client) => {
      // Session-level lock, keyed on the schema, so instances starting together migrate one at a
      // time and CREATE SCHEMA IF NOT EXISTS cannot race itself.
      const lockKey = `keyward.migrate:${this.schema ?? ''}`;
      // Waiting behind another instance's migration, or a migration rewriting a big table, may
      // rightly take longer than a request is allowed to.
      await client.query('SET statement_timeout = 0');
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
      try {
        if (this.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
        const { rows } = await client.query<{ current: number | null }>('SELECT max(version) AS current FROM schema_migrations');
        const current = rows[0]?.current ?? 0;
        if (current > latest) throw new SchemaTooNewError(current, latest);
        for (const migration of postgresMigrations.filter((m) => m.version > current)) {
          await inTransaction(client, async () => {
            await client.query(migration.sql);
            await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
              migration.version, new Date().toISOString(),
            ]);
          });
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
        // Back to the pool's startup value before the client serves requests again.
        await client.query('RESET statement_timeout');
      }
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  close(): Promise<void> {
    // Queued key creates still commit (or fail) before the pool goes away; none is left hanging.
    this.closing ??= this.keyCreates.drain().then(() => this.pool.end());
    return this.closing;
  }

  async getOrganization(): Promise<OrganizationRecord | undefined> {
    const [row] = await this.query<OrganizationRow>('SELECT * FROM organizations ORDER BY created_at, id LIMIT 1');
    return row && toOrganization(row);
  }

  bootstrap(input: BootstrapInput, audit: AuditRecord): Promise<boolean> {
    return this.withTransaction(async (client) => {
      // EXCLUSIVE still lets readers through but makes a second bootstrapping instance wait here
      // and then see the organization the first one wrote.
      await client.query('LOCK TABLE organizations IN EXCLUSIVE MODE');
      const existing = await client.query('SELECT 1 FROM organizations LIMIT 1');
      if (existing.rowCount) return false;
      await client.query(insertOrganizationSql, organizationParams(input.organization));
      await client.query(insertUserSql, userParams(input.admin));
      await client.query(insertApiKeySql, apiKeyParams(input.adminKey));
      // No lock on the new organization's row: nobody sees it before COMMIT.
      await countLiveKeys(client, [input.adminKey]);
      await client.query(insertEnvironmentSql, environmentParams(input.defaultEnvironment));
      await client.query(insertAuditSql, auditParams(audit));
      return true;
    });
  }

  // ---- API keys ----

  createApiKey(key: ApiKeyRecord, quota: KeyQuota, audit: AuditRecord): Promise<CreateKeyResult> {
    return this.keyCreates.submit({ key, quota, audit });
  }

  /**
   * One create in a transaction of its own: what a batch does for each of its creates when it
   * failed as a whole (see postgres-key-batches.ts), so one bad key cannot fail its neighbours.
   * A batch of one, so that it decides exactly as the batch would have.
   */
  private async createApiKeyAlone(create: KeyCreate): Promise<CreateKeyResult> {
    const [result] = await this.withClient((client) => createKeysInTransaction(client, [create]));
    return result!;
  }

  async getApiKey(orgId: string, id: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.query<ApiKeyRow>('SELECT * FROM api_keys WHERE org_id = $1 AND id = $2', [orgId, id]);
    return row && toApiKey(row);
  }

  async getCredential(id: string): Promise<CredentialRecord | undefined> {
    const [row] = await this.query<ApiKeyRow & { owner_live: boolean; owner_role: UserRecord['role'] }>(
      `SELECT k.*,
              CASE k.owner_kind WHEN 'User' THEN u.id IS NOT NULL AND u.deleted_at IS NULL
                                ELSE s.id IS NOT NULL AND s.deleted_at IS NULL END AS owner_live,
              u.role AS owner_role
         FROM api_keys k
         LEFT JOIN users u ON k.owner_kind = 'User' AND u.org_id = k.org_id AND u.id = k.owner_id
         LEFT JOIN service_accounts s ON k.owner_kind = 'ServiceAccount' AND s.org_id = k.org_id AND s.id = k.owner_id
        WHERE k.id = $1`,
      [id],
    );
    return row && { key: toApiKey(row), ownerLive: row.owner_live, ownerRole: row.owner_role };
  }

  listApiKeys(filter: ApiKeyFilter, page: PageRequest): Promise<Page<ApiKeyRecord>> {
    const where = ['org_id = $1'];
    const params: unknown[] = [filter.orgId];
    if (filter.ownerIds?.length) {
      params.push(filter.ownerIds);
      where.push(`owner_id = ANY($${params.length})`);
    }
    if (filter.resourceId !== undefined) {
      params.push(filter.resourceId);
      where.push(`resource_id = $${params.length}`);
    }
    if (!filter.showExpired) {
      params.push(filter.today);
      where.push(`(expires_at IS NULL OR expires_at >= $${params.length})`);
    }
    return this.listPage<ApiKeyRow, ApiKeyRecord>('api_keys', where, params, page, toApiKey);
  }

  updateApiKey(orgId: string, id: string, update: KeyUpdate, audit: AuditRecord): Promise<ApiKeyRecord | false> {
    const set = { display_name: update.displayName, description: update.description };
    return this.updateLive<ApiKeyRow, ApiKeyRecord>('api_keys', orgId, id, set, update.updatedAt, audit, toApiKey);
  }

  deleteApiKey(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean> {
    return this.withTransaction(async (client) => {
      // The organization first, as every change of its live keys does (see lockOrganizations).
      await lockOrganizations(client, [orgId]);
      const { rows: [deleted] } = await client.query<{ owner_id: string }>(
        'UPDATE api_keys SET deleted_at = $3 WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING owner_id',
        [orgId, id, deletedAt],
      );
      if (!deleted) return false;
      await uncountLiveKeys(client, orgId, deleted.owner_id, 1);
      await client.query(insertAuditSql, auditParams(audit));
      // In the transaction: delivered at commit, so a delete cannot commit without it.
      await client.query(notifyRevocationSql, ['api_key', id]);
      return true;
    });
  }

  async apiKeyIdTaken(id: string): Promise<boolean> {
    return (await this.query('SELECT 1 FROM api_keys WHERE id = $1', [id])).length > 0;
  }

  // ---- service accounts ----

  createServiceAccount(sa: ServiceAccountRecord, audit: AuditRecord): Promise<true | 'conflict'> {
    return this.insertWithAudit(insertServiceAccountSql, serviceAccountParams(sa), audit);
  }

  async getServiceAccount(orgId: string, id: string): Promise<ServiceAccountRecord | undefined> {
    const [row] = await this.query<ServiceAccountRow>(
      'SELECT * FROM service_accounts WHERE org_id = $1 AND id = $2', [orgId, id],
    );
    return row && toServiceAccount(row);
  }

  listServiceAccounts(orgId: string, displayNames: string[] | undefined, page: PageRequest): Promise<Page<ServiceAccountRecord>> {
    const where = ['org_id = $1'];
    const params: unknown[] = [orgId];
    if (displayNames?.length) {
      params.push(displayNames);
      where.push('display_name = ANY($2)');
    }
    return this.listPage<ServiceAccountRow, ServiceAccountRecord>('service_accounts', where, params, page, toServiceAccount);
  }

  updateServiceAccount(orgId: string, id: string, update: NamedUpdate, audit: AuditRecord): Promise<ServiceAccountRecord | false | 'conflict'> {
    const set = { display_name: update.displayName, description: update.description };
    return conflictOnDuplicate(this.updateLive<ServiceAccountRow, ServiceAccountRecord>(
      'service_accounts', orgId, id, set, update.updatedAt, audit, toServiceAccount,
    ));
  }

  deleteServiceAccount(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean> {
    return this.deletePrincipal('service_accounts', 'ServiceAccount', orgId, id, deletedAt, audit);
  }

  // ---- users ----

  createUser(user: UserRecord, audit: AuditRecord): Promise<true | 'conflict'> {
    return this.insertWithAudit(insertUserSql, userParams(user), audit);
  }

  async getUser(orgId: string, id: string): Promise<UserRecord | undefined> {
    const [row] = await this.query<UserRow>('SELECT * FROM users WHERE org_id = $1 AND id = $2', [orgId, id]);
    return row && toUser(row);
  }

  listUsers(orgId: string, page: PageRequest): Promise<Page<UserRecord>> {
    return this.listPage<UserRow, UserRecord>('users', ['org_id = $1'], [orgId], page, toUser);
  }

  updateUser(orgId: string, id: string, update: UserUpdate, audit: AuditRecord): Promise<UserRecord | false> {
    const set = { full_name: update.fullName };
    return this.updateLive<UserRow, UserRecord>('users', orgId, id, set, update.updatedAt, audit, toUser);
  }

  deleteUser(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean> {
    return this.deletePrincipal('users', 'User', orgId, id, deletedAt, audit);
  }

  // ---- environments ----

  createEnvironment(env: EnvironmentRecord, audit: AuditRecord): Promise<true | 'conflict'> {
    return this.insertWithAudit(insertEnvironmentSql, environmentParams(env), audit);
  }

  async getEnvironment(orgId: string, id: string): Promise<EnvironmentRecord | undefined> {
    const [row] = await this.query<EnvironmentRow>('SELECT * FROM environments WHERE org_id = $1 AND id = $2', [orgId, id]);
    return row && toEnvironment(row);
  }

  listEnvironments(orgId: string, page: PageRequest): Promise<Page<EnvironmentRecord>> {
    return this.listPage<EnvironmentRow, EnvironmentRecord>('environments', ['org_id = $1'], [orgId], page, toEnvironment);
  }

  /** Environments have no description, so only `displayName` of the update applies. */
  updateEnvironment(orgId: string, id: string, update: NamedUpdate, audit: AuditRecord): Promise<EnvironmentRecord | false | 'conflict'> {
    const set = { display_name: update.displayName };
    return conflictOnDuplicate(this.updateLive<EnvironmentRow, EnvironmentRecord>(
      'environments', orgId, id, set, update.updatedAt, audit, toEnvironment,
    ));
  }

  deleteEnvironment(orgId: string, id: string, deletedAt: string, audit: AuditRecord): Promise<boolean | 'in_use'> {
    return this.withTransaction(async (client) => {
      const live = await client.query(
        'SELECT 1 FROM environments WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE', [orgId, id],
      );
      if (!live.rowCount) return false;
      const inUse = await client.query(
        'SELECT 1 FROM api_keys WHERE org_id = $1 AND resource_environment = $2 AND deleted_at IS NULL LIMIT 1', [orgId, id],
      );
      if (inUse.rowCount) return 'in_use';
      await client.query('UPDATE environments SET deleted_at = $3 WHERE org_id = $1 AND id = $2', [orgId, id, deletedAt]);
      await client.query(insertAuditSql, auditParams(audit));
      return true;
    });
  }

  // ---- audit ----

  async listAudit(orgId: string, limit: number): Promise<AuditRecord[]> {
    return (await this.pageAudit({ orgId }, { limit })).items.map(({ id: _id, ...record }) => record);
  }

  async pageAudit(filter: AuditFilter, page: PageRequest, order?: AuditOrder): Promise<Page<AuditEvent>> {
    const { text, params } = auditPageStatement('postgres', filter, page, order);
    // node-postgres hands a bigint (the bigserial id) back as a decimal string.
    const found = await this.query<AuditRow & { id: string }>(text, params);
    return {
      items: found.slice(0, page.limit).map((row) => ({ id: row.id, ...toAudit(row) })),
      hasMore: found.length > page.limit,
    };
  }

  // ---- revocations ----

  async watchRevocations(listener: RevocationListener): Promise<() => Promise<void>> {
    const feed = new PostgresRevocationFeed(this.clientConfig, listener);
    await feed.start();
    return () => feed.stop();
  }

  // ---- helpers ----

  private async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw translate(err);
    }
  }

  private async withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw translate(err);
    }
    let broken = false;
    // A checked-out client has no 'error' listener of the pool's, and an unhandled one would crash
    // the process when the server drops the connection between two queries.
    const onError = () => { broken = true; };
    client.on('error', onError);
    try {
      return await fn(client);
    } catch (err) {
      broken ||= isConnectionFault(err);
      throw translate(err);
    } finally {
      client.off('error', onError);
      // `true` makes the pool destroy the client rather than hand a dead connection out again.
      client.release(broken);
    }
  }

  private withTransaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withClient((client) => inTransaction(client, () => fn(client)));
  }

  private insertWithAudit(sql: string, params: unknown[], audit: AuditRecord): Promise<true | 'conflict'> {
    return conflictOnDuplicate(this.withTransaction(async (client) => {
      await client.query(sql, params);
      await client.query(insertAuditSql, auditParams(audit));
      return true as const;
    }));
  }

  /** Sets the defined columns of `set` (and updated_at) on a live row; false when there is none. */
  private updateLive<R extends QueryResultRow, T>(
    table: string, orgId: string, id: string, set: Record<string, string | undefined>, updatedAt: string,
    audit: AuditRecord, map: (row: R) => T,
  ): Promise<T | false> {
    const columns = Object.entries(set).filter(([, value]) => value !== undefined);
    columns.push(['updated_at', updatedAt]);
    const assignments = columns.map(([column], i) => `${column} = $${i + 3}`).join(', ');
    return this.withTransaction(async (client) => {
      const { rows: [row] } = await client.query<R>(
        `UPDATE ${table} SET ${assignments} WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING *`,
        [orgId, id, ...columns.map(([, value]) => value)],
      );
      if (!row) return false;
      await client.query(insertAuditSql, auditParams(audit));
      return map(row);
    });
  }

  private deletePrincipal(
    table: 'users' | 'service_accounts', kind: ApiKeyRecord['ownerKind'], orgId: string, id: string,
    deletedAt: string, audit: AuditRecord,
  ): Promise<boolean> {
    return this.withTransaction(async (client) => {
      // The organization before the owner's row: a create holds the first and waits for FOR SHARE
      // on the second, so the other order could deadlock (see lockOrganizations).
      await lockOrganizations(client, [orgId]);
      const deleted = await client.query(
        `UPDATE ${table} SET deleted_at = $3 WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL`, [orgId, id, deletedAt],
      );
      if (!deleted.rowCount) return false;
      const keys = await client.query(
        `UPDATE api_keys SET deleted_at = $3
          WHERE org_id = $1 AND owner_id = $2 AND owner_kind = $4 AND deleted_at IS NULL`,
        [orgId, id, deletedAt, kind],
      );
      await dropOwnerCount(client, orgId, id, keys.rowCount ?? 0);
      await client.query(insertAuditSql, auditParams(audit));
      // In the transaction: delivered at commit, so a delete cannot commit without it.
      await client.query(notifyRevocationSql, ['owner', id]);
      return true;
    });
  }

  /** One keyset page of live rows of `table`; `where` may refer to `params` as $1…$n. */
  private async listPage<R extends QueryResultRow, T>(
    table: string, where: string[], params: unknown[], page: PageRequest, map: (row: R) => T,
  ): Promise<Page<T>> {
    const conditions = [...where, 'deleted_at IS NULL'];
    const values = [...params];
    if (page.afterId !== undefined) {
      values.push(page.afterId);
      conditions.push(`id > $${values.length}`);
    }
    values.push(page.limit + 1);
    const rows = await this.query<R>(
      `SELECT * FROM ${table} WHERE ${conditions.join(' AND ')} ORDER BY id LIMIT $${values.length}`, values,
    );
    return { items: rows.slice(0, page.limit).map(map), hasMore: rows.length > page.limit };
  }
}
