// The Store contract, run against every dialect: what store.ts promises, checked on a real
// database, so that the SQLite and PostgreSQL stores can never drift apart.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import type {
  ApiKeyRecord,
  AuditFilter,
  AuditOrder,
  AuditRecord,
  BootstrapInput,
  CreateKeyResult,
  EnvironmentRecord,
  KeyQuota,
  PageRequest,
  PrincipalKind,
  ServiceAccountRecord,
  Store,
  UserRecord,
} from '../../src/store/store.js';
import { auditPageStatement } from '../../src/store/rows.js';
import { SchemaTooNewError } from '../../src/store/store-errors.js';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/dialects.js';

const ORG = 'org-acme';
const OTHER_ORG = 'org-other';
const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-02T11:30:00.123Z';
const T2 = '2025-03-03T12:45:00.456Z';
const TODAY = '2025-03-10';
const roomy: KeyQuota = { perOrg: 1000, perOwner: 1000 };
const execFileAsync = promisify(execFile);

const user = (id: string, over: Partial<UserRecord> = {}): UserRecord => ({
  id, orgId: ORG, email: `${id}@example.com`, fullName: `User ${id}`, authType: 'AUTH_TYPE_LOCAL',
  role: null, createdAt: T0, updatedAt: T0, deletedAt: null, ...over,
});

const serviceAccount = (id: string, over: Partial<ServiceAccountRecord> = {}): ServiceAccountRecord => ({
  id, orgId: ORG, displayName: `name-${id}`, description: `about ${id}`, createdAt: T0, updatedAt: T0, deletedAt: null, ...over,
});

const environment = (id: string, over: Partial<EnvironmentRecord> = {}): EnvironmentRecord => ({
  id, orgId: ORG, displayName: `env-name-${id}`, streamGovernancePackage: null, createdAt: T0, updatedAt: T0, deletedAt: null, ...over,
});

const apiKey = (id: string, ownerId: string, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id, orgId: ORG, secretHash: createHash('sha256').update(`secret of ${id}`).digest(),
  displayName: `key ${id}`, description: '', ownerId, ownerKind: kindOf(ownerId),
  resource: { id: 'lkc-abc123', kind: 'Cluster', apiVersion: 'cmk/v2', environment: 'env-default' },
  expiresAt: null, createdBy: 'u-admin', createdAt: T0, updatedAt: T0, deletedAt: null, ...over,
});

const kindOf = (principalId: string): PrincipalKind => (principalId.startsWith('sa-') ? 'ServiceAccount' : 'User');

const audit = (action: string, targetId: string, details: Record<string, unknown> = {}): AuditRecord => ({
  orgId: ORG, actorId: 'u-admin', action, targetKind: action.split('.')[0] ?? '', targetId, at: T1, details,
});

const bootstrapInput = (): BootstrapInput => ({
  organization: { id: ORG, displayName: 'Acme', createdAt: T0 },
  admin: user('u-admin', { role: 'OrganizationAdmin' }),
  adminKey: apiKey('ADMINKEY00000000', 'u-admin', {
    resource: { id: 'cloud', kind: 'Cloud', apiVersion: 'iam/v2', environment: null },
  }),
  defaultEnvironment: environment('env-default', { displayName: 'default' }),
});

/** Ids that sort in creation order: `K0001`, `K0002` … */
const keyId = (n: number) => `K${String(n).padStart(4, '0')}`;

async function bootstrapped(store: Store): Promise<BootstrapInput> {
  const input = bootstrapInput();
  assert.equal(await store.bootstrap(input, audit('organization.bootstrap', ORG)), true);
  return input;
}

async function createKeys(store: Store, ids: string[], ownerId: string, over: Partial<ApiKeyRecord> = {}): Promise<void> {
  for (const id of ids) {
    assert.deepEqual(await store.createApiKey(apiKey(id, ownerId, over), roomy, audit('api_key.create', id)), { ok: true });
  }
}

/** Follows afterId until the last page; returns every id and how many pages it took. */
async function collectIds(list: (afterId: string | undefined) => Promise<{ items: { id: string }[]; hasMore: boolean }>) {
  const ids: string[] = [];
  let pages = 0;
  for (let afterId: string | undefined; ; pages++) {
    const page = await list(afterId);
    ids.push(...page.items.map((i) => i.id));
    if (!page.hasMore) return { ids, pages: pages + 1 };
    afterId = page.items.at(-1)?.id;
  }
}

const actions = async (store: Store) => (await store.listAudit(ORG, 1000)).map((a) => `${a.action} ${a.targetId}`);

function sqliteFile(db: TestDatabase): string {
  const file = readdirSync(db.dataDir).find((f) => f.endsWith('.db'));
  assert.ok(file, 'the SQLite test database file');
  return file;
}

// A separate Node process that opens the SQLite store and creates keys as fast as it can from
// `startAt` on, so that several racers contend for the database's write lock; 50 slots for 100
// attempts keep them contending long enough to matter.
const racerSource = `
  const { SqliteStore } = await import(process.env.KEYWARD_STORE_MODULE);
  const race = JSON.parse(process.env.KEYWARD_RACE);
  const store = SqliteStore.open(race.file);
  while (Date.now() < race.startAt);
  const results = [];
  for (const key of race.keys) {
    const audit = { ...race.audit, targetId: key.id };
    results.push(await store.createApiKey({ ...key, secretHash: Buffer.from(key.id) }, race.quota, audit));
  }
  await store.close();
  process.stdout.write(JSON.stringify(results));
`;

async function runRacer(race: unknown): Promise<CreateKeyResult[]> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', racerSource], {
    env: {
      ...process.env,
      KEYWARD_STORE_MODULE: new URL('../../src/store/sqlite/sqlite-store.ts', import.meta.url).href,
      KEYWARD_RACE: JSON.stringify(race),
    },
  });
  return JSON.parse(stdout) as CreateKeyResult[];
}

/** Writes a schema version newer than any this code knows, bypassing the store. */
async function writeFutureSchemaVersion(db: TestDatabase, version: number): Promise<void> {
  if (db.dialect === 'sqlite') {
    const raw = new Database(join(db.dataDir, sqliteFile(db)));
    try {
      raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, T0);
    } finally {
      raw.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  try {
    await client.query(`INSERT INTO "${db.schema}".schema_migrations (version, applied_at) VALUES ($1, $2)`, [version, T0]);
  } finally {
    await client.end();
  }
}

/** The plan of the statement pageAudit runs (auditPageStatement), as the database would run it. */
async function explainAuditPage(db: TestDatabase, filter: AuditFilter, page: PageRequest, order: AuditOrder): Promise<string> {
  const { text, params } = auditPageStatement(db.dialect, filter, page, order);
  if (db.dialect === 'sqlite') {
    const raw = new Database(join(db.dataDir, sqliteFile(db)));
    try {
      const rows = raw.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[];
      return rows.map((r) => r.detail).join('\n');
    } finally {
      raw.close();
    }
  }
  const client = new pg.Client({ connectionString: db.databaseUrl, options: `-c search_path=${db.schema}` });
  await client.connect();
  try {
    // The table is tiny here, so a sequential scan would win on cost; this asks whether an index can serve it.
    await client.query('SET enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}

/** Runs `sql` (statements without parameters) on the test database, bypassing the store. */
async function rawExec(db: TestDatabase, sql: string): Promise<void> {
  if (db.dialect === 'sqlite') {
    const raw = new Database(join(db.dataDir, sqliteFile(db)));
    try {
      raw.exec(sql);
    } finally {
      raw.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: db.databaseUrl, options: `-c search_path=${db.schema}` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

for (const dialect of dialects) {
  describe(`Store contract (${dialect})`, () => {
    let db: TestDatabase;
    let store: Store;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      store = db.store;
    });
    afterEach(() => db.destroy());

    describe('lifecycle', () => {
      it('reports its dialect', () => {
        assert.equal(store.dialect, dialect);
      });

      it('migrate() again, and from a second store, is a no-op that keeps the data', async () => {
        await bootstrapped(store);
        await store.migrate();
        await store.migrate();
        const second = await db.reopen();
        await second.migrate();
        assert.deepEqual(await second.getOrganization(), bootstrapInput().organization);
        assert.equal((await second.listAudit(ORG, 10)).length, 1);
      });

      it('migrate() throws SchemaTooNewError on a database written by a newer keyward', async () => {
        await writeFutureSchemaVersion(db, 9999);
        const tooNew = (e: unknown) => e instanceof SchemaTooNewError && e.found === 9999 && e.known < 9999;
        await assert.rejects(store.migrate(), tooNew);
        await assert.rejects(db.reopen(), tooNew);
      });

      it('migrating to emails regardless of case keeps the users; emails that differ only in case fail it, naming the index, until one is deleted', async () => {
        await bootstrapped(store);
        assert.equal(await store.createUser(user('u-a', { email: 'Ann@example.com' }), audit('user.create', 'u-a')), true);
        await store.close();
        // Back to the schema before that migration (and the audit indexes after it), with a second
        // Ann the old index let in.
        const emailVersion = db.dialect === 'sqlite' ? 2 : 3;
        await rawExec(db, `
          DROP INDEX audit_log_by_target;
          DROP INDEX audit_log_by_actor;
          DROP INDEX audit_log_by_action;
          DROP INDEX users_live_email;
          CREATE UNIQUE INDEX users_live_email ON users (org_id, email) WHERE deleted_at IS NULL;
          DELETE FROM schema_migrations WHERE version >= ${emailVersion};
          INSERT INTO users (id, org_id, email, full_name, auth_type, role, created_at, updated_at)
            VALUES ('u-b', '${ORG}', 'ann@example.com', 'Ann again', 'AUTH_TYPE_LOCAL', NULL, '${T0}', '${T0}');`);
        await assert.rejects(db.reopen(), /users_live_email/);
        await rawExec(db, `UPDATE users SET deleted_at = '${T1}' WHERE id = 'u-b'`);
        const migrated = await db.reopen();
        assert.equal((await migrated.getUser(ORG, 'u-a'))?.email, 'Ann@example.com');
        assert.equal(await migrated.createUser(user('u-c', { email: 'ANN@example.com' }), audit('user.create', 'u-c')), 'conflict');
      });

      it('ping() resolves while open and rejects after close()', async () => {
        await store.ping();
        await store.close();
        await assert.rejects(store.ping());
      });

      it('a store reopened after close() finds every committed change', async () => {
        const input = await bootstrapped(store);
        await store.createServiceAccount(serviceAccount('sa-1'), audit('service_account.create', 'sa-1'));
        await createKeys(store, [keyId(1), keyId(2)], 'sa-1');
        await store.deleteApiKey(ORG, keyId(2), T2, audit('api_key.delete', keyId(2)));
        const auditBefore = await store.listAudit(ORG, 100);
        await store.close();

        const reopened = await db.reopen();
        assert.deepEqual(await reopened.getOrganization(), input.organization);
        assert.deepEqual(await reopened.getUser(ORG, 'u-admin'), input.admin);
        assert.deepEqual(await reopened.getServiceAccount(ORG, 'sa-1'), serviceAccount('sa-1'));
        assert.deepEqual(await reopened.getApiKey(ORG, keyId(1)), apiKey(keyId(1), 'sa-1'));
        assert.deepEqual(await reopened.getApiKey(ORG, keyId(2)), apiKey(keyId(2), 'sa-1', { deletedAt: T2 }));
        assert.deepEqual(await reopened.listAudit(ORG, 100), auditBefore);
      });
    });

    describe('organization and bootstrap', () => {
      it('getOrganization() is undefined before bootstrap', async () => {
        assert.equal(await store.getOrganization(), undefined);
      });

      it('bootstrap() writes the organization, admin, admin key, default environment and one audit row', async () => {
        const input = await bootstrapped(store);
        assert.deepEqual(await store.getOrganization(), input.organization);
        assert.deepEqual(await store.getUser(ORG, 'u-admin'), input.admin);
        assert.deepEqual(await store.getApiKey(ORG, input.adminKey.id), input.adminKey);
        assert.deepEqual(await store.getEnvironment(ORG, 'env-default'), input.defaultEnvironment);
        assert.deepEqual(await store.listAudit(ORG, 10), [audit('organization.bootstrap', ORG)]);
      });

      it('bootstrap() a second time returns false and writes nothing', async () => {
        const input = await bootstrapped(store);
        const again: BootstrapInput = {
          organization: { id: OTHER_ORG, displayName: 'Other', createdAt: T1 },
          admin: user('u-other', { orgId: OTHER_ORG, role: 'OrganizationAdmin' }),
          adminKey: apiKey('OTHERKEY00000000', 'u-other', { orgId: OTHER_ORG }),
          defaultEnvironment: environment('env-other', { orgId: OTHER_ORG }),
        };
        assert.equal(await store.bootstrap(again, { ...audit('organization.bootstrap', OTHER_ORG), orgId: OTHER_ORG }), false);
        assert.equal(await store.bootstrap(input, audit('organization.bootstrap', ORG)), false);
        assert.deepEqual(await store.getOrganization(), input.organization);
        assert.equal(await store.getUser(OTHER_ORG, 'u-other'), undefined);
        assert.equal(await store.apiKeyIdTaken('OTHERKEY00000000'), false);
        assert.deepEqual(await store.listAudit(OTHER_ORG, 10), []);
        assert.equal((await store.listAudit(ORG, 10)).length, 1);
      });
    });

    describe('API keys', () => {
      beforeEach(async () => {
        await bootstrapped(store);
        await store.createServiceAccount(serviceAccount('sa-1'), audit('service_account.create', 'sa-1'));
        await store.createServiceAccount(serviceAccount('sa-2'), audit('service_account.create', 'sa-2'));
      });

      it('createApiKey() stores the key exactly as given and audits it', async () => {
        const key = apiKey(keyId(1), 'sa-1', { description: 'for CI', expiresAt: '2026-01-31', createdAt: T1, updatedAt: T2 });
        assert.deepEqual(await store.createApiKey(key, roomy, audit('api_key.create', key.id, { owner: 'sa-1' })), { ok: true });
        const stored = await store.getApiKey(ORG, key.id);
        assert.deepEqual(stored, key);
        assert.ok(Buffer.isBuffer(stored?.secretHash));
        assert.deepEqual((await store.listAudit(ORG, 10)).at(-1), audit('api_key.create', key.id, { owner: 'sa-1' }));
      });

      it('getApiKey() is scoped to the organization and undefined for unknown ids', async () => {
        await createKeys(store, [keyId(1)], 'sa-1');
        assert.equal(await store.getApiKey(OTHER_ORG, keyId(1)), undefined);
        assert.equal(await store.getApiKey(ORG, keyId(2)), undefined);
      });

      it('the per-organization quota admits exactly perOrg live keys, expired ones included', async () => {
        // The bootstrap admin key is the first of the three.
        const quota = { perOrg: 3, perOwner: 100 };
        assert.deepEqual(await store.createApiKey(apiKey(keyId(1), 'sa-1', { expiresAt: '2020-01-01' }), quota, audit('api_key.create', keyId(1))), { ok: true });
        assert.deepEqual(await store.createApiKey(apiKey(keyId(2), 'sa-2'), quota, audit('api_key.create', keyId(2))), { ok: true });
        const before = await actions(store);
        assert.deepEqual(await store.createApiKey(apiKey(keyId(3), 'sa-1'), quota, audit('api_key.create', keyId(3))),
          { ok: false, quota: 'apikeys_per_org', limit: 3 });
        assert.equal(await store.apiKeyIdTaken(keyId(3)), false);
        assert.deepEqual(await actions(store), before, 'a refused key writes no audit row');

        await store.deleteApiKey(ORG, keyId(1), T2, audit('api_key.delete', keyId(1)));
        assert.deepEqual(await store.createApiKey(apiKey(keyId(3), 'sa-1'), quota, audit('api_key.create', keyId(3))), { ok: true });
      });

      it('the per-owner quota admits exactly perOwner live keys per owner, and the org quota is checked first', async () => {
        const quota = { perOrg: 100, perOwner: 2 };
        for (const id of [keyId(1), keyId(2)]) {
          assert.deepEqual(await store.createApiKey(apiKey(id, 'sa-1'), quota, audit('api_key.create', id)), { ok: true });
        }
        assert.deepEqual(await store.createApiKey(apiKey(keyId(3), 'sa-1'), quota, audit('api_key.create', keyId(3))),
          { ok: false, quota: 'apikeys_per_owner', limit: 2 });
        assert.deepEqual(await store.createApiKey(apiKey(keyId(4), 'sa-2'), quota, audit('api_key.create', keyId(4))), { ok: true });
        assert.deepEqual(await store.createApiKey(apiKey(keyId(5), 'sa-1'), { perOrg: 4, perOwner: 2 }, audit('api_key.create', keyId(5))),
          { ok: false, quota: 'apikeys_per_org', limit: 4 });

        await store.deleteApiKey(ORG, keyId(1), T2, audit('api_key.delete', keyId(1)));
        assert.deepEqual(await store.createApiKey(apiKey(keyId(3), 'sa-1'), quota, audit('api_key.create', keyId(3))), { ok: true });
      });

      for (const [quotaName, quota] of [['apikeys_per_owner', { perOrg: 1000, perOwner: 10 }], ['apikeys_per_org', { perOrg: 11, perOwner: 1000 }]] as const) {
        it(`concurrent createApiKey() calls from two stores never exceed ${quotaName}`, async () => {
          // 30 calls racing for 10 free slots (the org quota's 11th is the admin key).
          const second = await db.reopen();
          const results = await Promise.all(Array.from({ length: 30 }, (_, i) =>
            (i % 2 ? second : store).createApiKey(apiKey(keyId(i), 'sa-1'), quota, audit('api_key.create', keyId(i)))));
          assert.equal(results.filter((r) => r.ok).length, 10);
          for (const r of results.filter((r) => !r.ok)) assert.deepEqual(r, { ok: false, quota: quotaName, limit: quotaName === 'apikeys_per_org' ? 11 : 10 });
          const live = await store.listApiKeys({ orgId: ORG, ownerIds: ['sa-1'], showExpired: true, today: TODAY }, { limit: 100 });
          assert.equal(live.items.length, 10);
          assert.equal((await store.listAudit(ORG, 100)).filter((a) => a.action === 'api_key.create').length, 10);
        });
      }

      it('concurrent createApiKey() calls from several processes never exceed the quota, and none fails', {
        skip: dialect !== 'sqlite' && 'the two-store test above already races separate PostgreSQL sessions',
      }, async () => {
        // In one process better-sqlite3 runs calls one after another, so only separate processes can
        // show that the quota count and the insert hold SQLite's write lock together.
        const startAt = Date.now() + 1500;
        const racers = Array.from({ length: 4 }, (_, p) => runRacer({
          file: join(db.dataDir, sqliteFile(db)), startAt, quota: { perOrg: 1000, perOwner: 50 },
          keys: Array.from({ length: 25 }, (_, i) => ({ ...apiKey(keyId(p * 25 + i), 'sa-1'), secretHash: undefined })),
          audit: audit('api_key.create', 'race'),
        }));
        const results = (await Promise.all(racers)).flat();
        assert.equal(results.length, 100);
        assert.equal(results.filter((r) => r.ok).length, 50);
        assert.ok(results.every((r) => r.ok || ('quota' in r && r.quota === 'apikeys_per_owner')));
        const live = await store.listApiKeys({ orgId: ORG, ownerIds: ['sa-1'], showExpired: true, today: TODAY }, { limit: 100 });
        assert.equal(live.items.length, 50);
      });

      it('apiKeyIdTaken() is true for live and deleted keys, false for ids never used', async () => {
        await createKeys(store, [keyId(1), keyId(2)], 'sa-1');
        await store.deleteApiKey(ORG, keyId(2), T2, audit('api_key.delete', keyId(2)));
        assert.equal(await store.apiKeyIdTaken(keyId(1)), true);
        assert.equal(await store.apiKeyIdTaken(keyId(2)), true);
        assert.equal(await store.apiKeyIdTaken(keyId(3)), false);
      });

      it('listApiKeys() pages by ascending id with an exclusive afterId over several pages', async () => {
        // Created out of order, so only ORDER BY id can produce the sorted result.
        const ids = Array.from({ length: 24 }, (_, i) => keyId(((i * 7) % 24) + 1));
        await createKeys(store, ids, 'sa-1');
        const all = [...ids, 'ADMINKEY00000000'].sort();
        const filter = { orgId: ORG, showExpired: false, today: TODAY };

        const first = await store.listApiKeys(filter, { limit: 10 });
        assert.deepEqual(first.items.map((k) => k.id), all.slice(0, 10));
        assert.equal(first.hasMore, true);
        assert.deepEqual(first.items[0], bootstrapInput().adminKey);
        const second = await store.listApiKeys(filter, { limit: 10, afterId: all[9] });
        assert.deepEqual(second.items.map((k) => k.id), all.slice(10, 20));
        assert.equal(second.hasMore, true);
        const third = await store.listApiKeys(filter, { limit: 10, afterId: all[19] });
        assert.deepEqual(third.items.map((k) => k.id), all.slice(20));
        assert.equal(third.hasMore, false);

        assert.deepEqual(await collectIds((afterId) => store.listApiKeys(filter, { limit: 5, afterId })), { ids: all, pages: 5 });
        const exact = await store.listApiKeys(filter, { limit: 5, afterId: all[19] });
        assert.equal(exact.items.length, 5);
        assert.equal(exact.hasMore, false, 'a page that ends exactly at the last row has no more');
        assert.deepEqual(await store.listApiKeys(filter, { limit: 10, afterId: all.at(-1) }), { items: [], hasMore: false });
        // A deleted key's id is still a valid bound.
        await store.deleteApiKey(ORG, keyId(10), T2, audit('api_key.delete', keyId(10)));
        assert.deepEqual((await store.listApiKeys(filter, { limit: 2, afterId: keyId(10) })).items.map((k) => k.id), [keyId(11), keyId(12)]);
      });

      it('listApiKeys() filters by owners, resource and expiry', async () => {
        await createKeys(store, [keyId(1)], 'sa-1', { expiresAt: '2025-03-09' });
        await createKeys(store, [keyId(2)], 'sa-1', { expiresAt: TODAY });
        await createKeys(store, [keyId(3)], 'sa-2', { resource: { id: 'lsrc-1', kind: 'SchemaRegistry', apiVersion: 'srcm/v3', environment: 'env-default' } });
        await createKeys(store, [keyId(4)], 'sa-2', { expiresAt: '2099-12-31' });
        const list = async (f: { ownerIds?: string[]; resourceId?: string; showExpired?: boolean }) => (await store.listApiKeys(
          { orgId: ORG, showExpired: f.showExpired ?? false, today: TODAY, ownerIds: f.ownerIds, resourceId: f.resourceId },
          { limit: 100 })).items.map((k) => k.id);

        assert.deepEqual(await list({}), ['ADMINKEY00000000', keyId(2), keyId(3), keyId(4)], 'a key expiring today is still valid');
        assert.deepEqual(await list({ showExpired: true }), ['ADMINKEY00000000', keyId(1), keyId(2), keyId(3), keyId(4)]);
        assert.deepEqual(await list({ ownerIds: ['sa-1'] }), [keyId(2)]);
        assert.deepEqual(await list({ ownerIds: ['sa-1'], showExpired: true }), [keyId(1), keyId(2)]);
        assert.deepEqual(await list({ ownerIds: ['sa-1', 'u-admin'] }), ['ADMINKEY00000000', keyId(2)]);
        assert.deepEqual(await list({ ownerIds: [] }), await list({}), 'an empty owner list is no filter');
        assert.deepEqual(await list({ ownerIds: ['sa-unknown'] }), []);
        assert.deepEqual(await list({ resourceId: 'lkc-abc123' }), [keyId(2), keyId(4)]);
        assert.deepEqual(await list({ resourceId: 'lsrc-1', ownerIds: ['sa-2'] }), [keyId(3)]);
        assert.deepEqual(await list({ resourceId: 'lsrc-1', ownerIds: ['sa-1'] }), []);
        assert.deepEqual((await store.listApiKeys({ orgId: OTHER_ORG, showExpired: true, today: TODAY }, { limit: 100 })).items, []);
      });

      it('a deleted key is readable by id with deletedAt but absent from every list', async () => {
        await createKeys(store, [keyId(1), keyId(2)], 'sa-1');
        assert.equal(await store.deleteApiKey(ORG, keyId(1), T2, audit('api_key.delete', keyId(1))), true);
        assert.deepEqual(await store.getApiKey(ORG, keyId(1)), apiKey(keyId(1), 'sa-1', { deletedAt: T2 }));
        const listed = await store.listApiKeys({ orgId: ORG, ownerIds: ['sa-1'], resourceId: 'lkc-abc123', showExpired: true, today: TODAY }, { limit: 100 });
        assert.deepEqual(listed.items.map((k) => k.id), [keyId(2)]);
      });

      it('updateApiKey() changes only the given fields of a live key and audits it', async () => {
        await createKeys(store, [keyId(1), keyId(2)], 'sa-1', { description: 'old' });
        const renamed = await store.updateApiKey(ORG, keyId(1), { displayName: 'renamed', updatedAt: T2 }, audit('api_key.update', keyId(1), { fields: ['display_name'] }));
        const expected = apiKey(keyId(1), 'sa-1', { displayName: 'renamed', description: 'old', updatedAt: T2 });
        assert.deepEqual(renamed, expected);
        assert.deepEqual(await store.getApiKey(ORG, keyId(1)), expected);
        const described = await store.updateApiKey(ORG, keyId(1), { description: '', updatedAt: T2 }, audit('api_key.update', keyId(1)));
        assert.deepEqual(described, { ...expected, description: '' }, 'an empty string is a value, not an absence');

        await store.deleteApiKey(ORG, keyId(2), T2, audit('api_key.delete', keyId(2)));
        const before = await actions(store);
        assert.equal(await store.updateApiKey(ORG, keyId(2), { displayName: 'x', updatedAt: T2 }, audit('api_key.update', keyId(2))), false);
        assert.equal(await store.updateApiKey(ORG, keyId(9), { displayName: 'x', updatedAt: T2 }, audit('api_key.update', keyId(9))), false);
        assert.equal(await store.updateApiKey(OTHER_ORG, keyId(1), { displayName: 'x', updatedAt: T2 }, audit('api_key.update', keyId(1))), false);
        assert.deepEqual(await actions(store), before);
        assert.equal((await store.getApiKey(ORG, keyId(2)))?.displayName, `key ${keyId(2)}`);
      });

      it('deleteApiKey() deletes a live key once and is false for unknown, deleted or foreign keys', async () => {
        await createKeys(store, [keyId(1)], 'sa-1');
        assert.equal(await store.deleteApiKey(OTHER_ORG, keyId(1), T2, audit('api_key.delete', keyId(1))), false);
        assert.equal(await store.deleteApiKey(ORG, keyId(1), T2, audit('api_key.delete', keyId(1))), true);
        assert.equal(await store.deleteApiKey(ORG, keyId(1), T1, audit('api_key.delete', keyId(1))), false);
        assert.equal(await store.deleteApiKey(ORG, keyId(9), T2, audit('api_key.delete', keyId(9))), false);
        assert.equal((await store.getApiKey(ORG, keyId(1)))?.deletedAt, T2, 'a second delete does not move deletedAt');
        assert.equal((await actions(store)).filter((a) => a.startsWith('api_key.delete')).length, 1);
      });

      it('getCredential() finds a key in any organization with its owner liveness and role', async () => {
        const input = bootstrapInput();
        assert.deepEqual(await store.getCredential(input.adminKey.id),
          { key: input.adminKey, ownerLive: true, ownerRole: 'OrganizationAdmin' });
        await createKeys(store, [keyId(1)], 'sa-1');
        assert.deepEqual(await store.getCredential(keyId(1)), { key: apiKey(keyId(1), 'sa-1'), ownerLive: true, ownerRole: null });

        await store.createUser(user('u-plain'), audit('user.create', 'u-plain'));
        await createKeys(store, [keyId(2)], 'u-plain');
        assert.deepEqual(await store.getCredential(keyId(2)), { key: apiKey(keyId(2), 'u-plain'), ownerLive: true, ownerRole: null });

        await store.deleteServiceAccount(ORG, 'sa-1', T2, audit('service_account.delete', 'sa-1'));
        assert.deepEqual(await store.getCredential(keyId(1)),
          { key: apiKey(keyId(1), 'sa-1', { deletedAt: T2 }), ownerLive: false, ownerRole: null });

        await store.deleteUser(ORG, 'u-plain', T2, audit('user.delete', 'u-plain'));
        assert.deepEqual(await store.getCredential(keyId(2)),
          { key: apiKey(keyId(2), 'u-plain', { deletedAt: T2 }), ownerLive: false, ownerRole: null });

        assert.equal(await store.getCredential(keyId(9)), undefined);
      });

      it('createApiKey() refuses, in its transaction, an owner or environment that is gone', async () => {
        assert.deepEqual(await store.createApiKey(apiKey(keyId(3), 'u-ghost'), roomy, audit('api_key.create', keyId(3))),
          { ok: false, missing: 'owner' });
        await store.createServiceAccount(serviceAccount('sa-gone'), audit('service_account.create', 'sa-gone'));
        await store.deleteServiceAccount(ORG, 'sa-gone', T2, audit('service_account.delete', 'sa-gone'));
        assert.deepEqual(await store.createApiKey(apiKey(keyId(4), 'sa-gone'), roomy, audit('api_key.create', keyId(4))),
          { ok: false, missing: 'owner' });
        const inGhostEnv = apiKey(keyId(5), 'sa-1', { resource: { id: 'lkc-1', kind: 'Cluster', apiVersion: 'cmk/v2', environment: 'env-ghost' } });
        assert.deepEqual(await store.createApiKey(inGhostEnv, roomy, audit('api_key.create', keyId(5))), { ok: false, missing: 'environment' });
        for (const id of [keyId(3), keyId(4), keyId(5)]) assert.equal(await store.apiKeyIdTaken(id), false, 'nothing half-written');
      });
    });

    describe('service accounts', () => {
      beforeEach(() => bootstrapped(store));

      it('createServiceAccount() stores it exactly, audits it, and is scoped to the organization', async () => {
        const sa = serviceAccount('sa-1', { createdAt: T1, updatedAt: T2 });
        assert.equal(await store.createServiceAccount(sa, audit('service_account.create', 'sa-1')), true);
        assert.deepEqual(await store.getServiceAccount(ORG, 'sa-1'), sa);
        assert.equal(await store.getServiceAccount(OTHER_ORG, 'sa-1'), undefined);
        assert.equal(await store.getServiceAccount(ORG, 'sa-9'), undefined);
        assert.deepEqual((await actions(store)).at(-1), 'service_account.create sa-1');
      });

      it('createServiceAccount() is a conflict for a live display name or a taken id; a deleted name is free again', async () => {
        await store.createServiceAccount(serviceAccount('sa-1', { displayName: 'ci' }), audit('service_account.create', 'sa-1'));
        const before = await actions(store);
        assert.equal(await store.createServiceAccount(serviceAccount('sa-2', { displayName: 'ci' }), audit('service_account.create', 'sa-2')), 'conflict');
        assert.equal(await store.createServiceAccount(serviceAccount('sa-1', { displayName: 'other' }), audit('service_account.create', 'sa-1')), 'conflict');
        assert.deepEqual(await actions(store), before, 'a conflict writes no audit row');
        assert.equal(await store.getServiceAccount(ORG, 'sa-2'), undefined);

        await store.deleteServiceAccount(ORG, 'sa-1', T2, audit('service_account.delete', 'sa-1'));
        assert.equal(await store.createServiceAccount(serviceAccount('sa-2', { displayName: 'ci' }), audit('service_account.create', 'sa-2')), true);
      });

      it('listServiceAccounts() pages by id, filters by display names, and skips deleted accounts', async () => {
        for (const n of [5, 3, 1, 4, 2, 7, 6]) {
          await store.createServiceAccount(serviceAccount(`sa-${n}`), audit('service_account.create', `sa-${n}`));
        }
        await store.deleteServiceAccount(ORG, 'sa-4', T2, audit('service_account.delete', 'sa-4'));
        const live = ['sa-1', 'sa-2', 'sa-3', 'sa-5', 'sa-6', 'sa-7'];
        assert.deepEqual(await collectIds((afterId) => store.listServiceAccounts(ORG, undefined, { limit: 2, afterId })), { ids: live, pages: 3 });
        assert.deepEqual(await collectIds((afterId) => store.listServiceAccounts(ORG, [], { limit: 4, afterId })), { ids: live, pages: 2 });
        const named = await store.listServiceAccounts(ORG, ['name-sa-6', 'name-sa-2', 'name-sa-4', 'nobody'], { limit: 10 });
        assert.deepEqual(named, { items: [serviceAccount('sa-2'), serviceAccount('sa-6')], hasMore: false });
        assert.deepEqual(await store.listServiceAccounts(OTHER_ORG, undefined, { limit: 10 }), { items: [], hasMore: false });
      });

      it('updateServiceAccount() updates a live account, is a conflict on a taken name, and false when not live', async () => {
        await store.createServiceAccount(serviceAccount('sa-1'), audit('service_account.create', 'sa-1'));
        await store.createServiceAccount(serviceAccount('sa-2'), audit('service_account.create', 'sa-2'));
        const updated = await store.updateServiceAccount(ORG, 'sa-1', { description: 'new', updatedAt: T2 }, audit('service_account.update', 'sa-1'));
        assert.deepEqual(updated, serviceAccount('sa-1', { description: 'new', updatedAt: T2 }));
        assert.deepEqual(await store.getServiceAccount(ORG, 'sa-1'), updated);
        assert.deepEqual(await store.updateServiceAccount(ORG, 'sa-1', { displayName: 'name-sa-1', updatedAt: T2 }, audit('service_account.update', 'sa-1')),
          updated, 'keeping its own name is no conflict');

        const before = await actions(store);
        assert.equal(await store.updateServiceAccount(ORG, 'sa-1', { displayName: 'name-sa-2', updatedAt: T2 }, audit('service_account.update', 'sa-1')), 'conflict');
        assert.deepEqual(await store.getServiceAccount(ORG, 'sa-1'), updated);
        await store.deleteServiceAccount(ORG, 'sa-2', T2, audit('service_account.delete', 'sa-2'));
        assert.equal(await store.updateServiceAccount(ORG, 'sa-2', { description: 'x', updatedAt: T2 }, audit('service_account.update', 'sa-2')), false);
        assert.equal(await store.updateServiceAccount(ORG, 'sa-9', { description: 'x', updatedAt: T2 }, audit('service_account.update', 'sa-9')), false);
        assert.equal(await store.updateServiceAccount(OTHER_ORG, 'sa-1', { description: 'x', updatedAt: T2 }, audit('service_account.update', 'sa-1')), false);
        assert.deepEqual(await actions(store), [...before, 'service_account.delete sa-2']);
      });

      it('deleteServiceAccount() deletes the account and all its live keys with one deletedAt', async () => {
        await store.createServiceAccount(serviceAccount('sa-1'), audit('service_account.create', 'sa-1'));
        await store.createServiceAccount(serviceAccount('sa-2'), audit('service_account.create', 'sa-2'));
        await createKeys(store, [keyId(1), keyId(2), keyId(3)], 'sa-1');
        await createKeys(store, [keyId(4)], 'sa-2');
        await store.deleteApiKey(ORG, keyId(3), T1, audit('api_key.delete', keyId(3)));

        assert.equal(await store.deleteServiceAccount(ORG, 'sa-1', T2, audit('service_account.delete', 'sa-1')), true);
        assert.deepEqual(await store.getServiceAccount(ORG, 'sa-1'), serviceAccount('sa-1', { deletedAt: T2 }));
        assert.equal((await store.getApiKey(ORG, keyId(1)))?.deletedAt, T2);
        assert.equal((await store.getApiKey(ORG, keyId(2)))?.deletedAt, T2);
        assert.equal((await store.getApiKey(ORG, keyId(3)))?.deletedAt, T1, 'an already deleted key keeps its own deletedAt');
        assert.equal((await store.getApiKey(ORG, keyId(4)))?.deletedAt, null);
        assert.deepEqual((await store.listServiceAccounts(ORG, undefined, { limit: 10 })).items.map((s) => s.id), ['sa-2']);
        assert.equal((await actions(store)).at(-1), 'service_account.delete sa-1');

        assert.equal(await store.deleteServiceAccount(ORG, 'sa-1', T2, audit('service_account.delete', 'sa-1')), false);
        assert.equal(await store.deleteServiceAccount(ORG, 'sa-9', T2, audit('service_account.delete', 'sa-9')), false);
        assert.equal(await store.deleteServiceAccount(OTHER_ORG, 'sa-2', T2, audit('service_account.delete', 'sa-2')), false);
        assert.equal((await actions(store)).filter((a) => a.startsWith('service_account.delete')).length, 1);
      });
    });

    describe('users', () => {
      beforeEach(() => bootstrapped(store));

      it('createUser() stores the user exactly; a live email is a conflict, a deleted one is free again', async () => {
        const alice = user('u-alice', { fullName: 'Alice', authType: 'AUTH_TYPE_SSO', createdAt: T1, updatedAt: T2 });
        assert.equal(await store.createUser(alice, audit('user.create', 'u-alice')), true);
        assert.deepEqual(await store.getUser(ORG, 'u-alice'), alice);
        assert.equal(await store.getUser(OTHER_ORG, 'u-alice'), undefined);
        assert.equal(await store.getUser(ORG, 'u-nobody'), undefined);

        const before = await actions(store);
        assert.equal(await store.createUser(user('u-alice2', { email: alice.email }), audit('user.create', 'u-alice2')), 'conflict');
        assert.equal(await store.createUser(user('u-alice', { email: 'new@example.com' }), audit('user.create', 'u-alice')), 'conflict');
        assert.deepEqual(await actions(store), before);
        await store.deleteUser(ORG, 'u-alice', T2, audit('user.delete', 'u-alice'));
        assert.equal(await store.createUser(user('u-alice2', { email: alice.email }), audit('user.create', 'u-alice2')), true);
      });

      it('createUser(): an email differing only in the case of its letters is the same email, stored as given', async () => {
        const alice = user('u-alice', { email: 'Alice.Smith@Example.COM' });
        assert.equal(await store.createUser(alice, audit('user.create', 'u-alice')), true);
        assert.equal((await store.getUser(ORG, 'u-alice'))?.email, 'Alice.Smith@Example.COM');
        for (const email of ['alice.smith@example.com', 'ALICE.SMITH@EXAMPLE.COM']) {
          assert.equal(await store.createUser(user('u-alice2', { email }), audit('user.create', 'u-alice2')), 'conflict', email);
        }
        // Only ASCII letters are folded, by both stores alike.
        assert.equal(await store.createUser(user('u-eve', { email: 'ÉVE@example.com' }), audit('user.create', 'u-eve')), true);
        assert.equal(await store.createUser(user('u-eve2', { email: 'éve@example.com' }), audit('user.create', 'u-eve2')), true);
        // A deleted user's email, in any case, is free again.
        await store.deleteUser(ORG, 'u-alice', T2, audit('user.delete', 'u-alice'));
        assert.equal(await store.createUser(user('u-alice2', { email: 'alice.smith@example.com' }), audit('user.create', 'u-alice2')), true);
      });

      it('listUsers() pages by id and skips deleted users', async () => {
        for (const id of ['u-d', 'u-b', 'u-e', 'u-a', 'u-c']) await store.createUser(user(id), audit('user.create', id));
        await store.deleteUser(ORG, 'u-c', T2, audit('user.delete', 'u-c'));
        assert.deepEqual(await collectIds((afterId) => store.listUsers(ORG, { limit: 2, afterId })),
          { ids: ['u-a', 'u-admin', 'u-b', 'u-d', 'u-e'], pages: 3 });
        assert.deepEqual((await store.listUsers(ORG, { limit: 1 })).items, [user('u-a')]);
        assert.deepEqual(await store.listUsers(OTHER_ORG, { limit: 10 }), { items: [], hasMore: false });
      });

      it('updateUser() updates a live user and is false otherwise', async () => {
        await store.createUser(user('u-bob'), audit('user.create', 'u-bob'));
        const updated = await store.updateUser(ORG, 'u-bob', { fullName: 'Robert', updatedAt: T2 }, audit('user.update', 'u-bob'));
        assert.deepEqual(updated, user('u-bob', { fullName: 'Robert', updatedAt: T2 }));
        assert.deepEqual(await store.getUser(ORG, 'u-bob'), updated);
        assert.equal((await actions(store)).at(-1), 'user.update u-bob');

        await store.deleteUser(ORG, 'u-bob', T2, audit('user.delete', 'u-bob'));
        const before = await actions(store);
        assert.equal(await store.updateUser(ORG, 'u-bob', { fullName: 'x', updatedAt: T2 }, audit('user.update', 'u-bob')), false);
        assert.equal(await store.updateUser(ORG, 'u-nobody', { fullName: 'x', updatedAt: T2 }, audit('user.update', 'u-nobody')), false);
        assert.equal(await store.updateUser(OTHER_ORG, 'u-admin', { fullName: 'x', updatedAt: T2 }, audit('user.update', 'u-admin')), false);
        assert.deepEqual(await actions(store), before);
      });

      it('deleteUser() deletes the user and all its live keys with one deletedAt', async () => {
        await store.createUser(user('u-bob'), audit('user.create', 'u-bob'));
        await createKeys(store, [keyId(1), keyId(2)], 'u-bob');
        assert.equal(await store.deleteUser(ORG, 'u-bob', T2, audit('user.delete', 'u-bob')), true);
        assert.deepEqual(await store.getUser(ORG, 'u-bob'), user('u-bob', { deletedAt: T2 }));
        assert.equal((await store.getApiKey(ORG, keyId(1)))?.deletedAt, T2);
        assert.equal((await store.getApiKey(ORG, keyId(2)))?.deletedAt, T2);
        assert.equal((await store.getApiKey(ORG, 'ADMINKEY00000000'))?.deletedAt, null);
        assert.equal(await store.deleteUser(ORG, 'u-bob', T2, audit('user.delete', 'u-bob')), false);
        assert.equal(await store.deleteUser(OTHER_ORG, 'u-admin', T2, audit('user.delete', 'u-admin')), false);
        assert.equal((await actions(store)).filter((a) => a.startsWith('user.delete')).length, 1);
      });
    });

    describe('environments', () => {
      beforeEach(() => bootstrapped(store));

      it('createEnvironment() stores it exactly; a live display name is a conflict, a deleted one is free again', async () => {
        const env = environment('env-1', { streamGovernancePackage: 'ESSENTIALS', createdAt: T1, updatedAt: T2 });
        assert.equal(await store.createEnvironment(env, audit('environment.create', 'env-1')), true);
        assert.deepEqual(await store.getEnvironment(ORG, 'env-1'), env);
        assert.equal(await store.getEnvironment(OTHER_ORG, 'env-1'), undefined);
        assert.equal(await store.getEnvironment(ORG, 'env-9'), undefined);

        const before = await actions(store);
        assert.equal(await store.createEnvironment(environment('env-2', { displayName: env.displayName }), audit('environment.create', 'env-2')), 'conflict');
        assert.equal(await store.createEnvironment(environment('env-1', { displayName: 'fresh' }), audit('environment.create', 'env-1')), 'conflict');
        assert.deepEqual(await actions(store), before);
        await store.deleteEnvironment(ORG, 'env-1', T2, audit('environment.delete', 'env-1'));
        assert.equal(await store.createEnvironment(environment('env-2', { displayName: env.displayName }), audit('environment.create', 'env-2')), true);
      });

      it('listEnvironments() pages by id and skips deleted environments', async () => {
        for (const id of ['env-c', 'env-a', 'env-b']) await store.createEnvironment(environment(id), audit('environment.create', id));
        await store.deleteEnvironment(ORG, 'env-b', T2, audit('environment.delete', 'env-b'));
        assert.deepEqual(await collectIds((afterId) => store.listEnvironments(ORG, { limit: 1, afterId })),
          { ids: ['env-a', 'env-c', 'env-default'], pages: 3 });
        assert.deepEqual(await store.listEnvironments(OTHER_ORG, { limit: 10 }), { items: [], hasMore: false });
      });

      it('updateEnvironment() renames a live environment, is a conflict on a taken name, and false otherwise', async () => {
        await store.createEnvironment(environment('env-1'), audit('environment.create', 'env-1'));
        const renamed = await store.updateEnvironment(ORG, 'env-1', { displayName: 'prod', updatedAt: T2 }, audit('environment.update', 'env-1'));
        assert.deepEqual(renamed, environment('env-1', { displayName: 'prod', updatedAt: T2 }));
        assert.deepEqual(await store.getEnvironment(ORG, 'env-1'), renamed);

        const before = await actions(store);
        assert.equal(await store.updateEnvironment(ORG, 'env-1', { displayName: 'default', updatedAt: T2 }, audit('environment.update', 'env-1')), 'conflict');
        assert.equal(await store.updateEnvironment(ORG, 'env-9', { displayName: 'x', updatedAt: T2 }, audit('environment.update', 'env-9')), false);
        assert.equal(await store.updateEnvironment(OTHER_ORG, 'env-1', { displayName: 'x', updatedAt: T2 }, audit('environment.update', 'env-1')), false);
        assert.deepEqual(await actions(store), before);
        await store.deleteEnvironment(ORG, 'env-1', T2, audit('environment.delete', 'env-1'));
        assert.equal(await store.updateEnvironment(ORG, 'env-1', { displayName: 'x', updatedAt: T2 }, audit('environment.update', 'env-1')), false);
      });

      it("deleteEnvironment() is 'in_use' while a live key references it, then deletes it once", async () => {
        await store.createServiceAccount(serviceAccount('sa-1'), audit('service_account.create', 'sa-1'));
        await store.createEnvironment(environment('env-1'), audit('environment.create', 'env-1'));
        const inEnv1 = { resource: { id: 'lkc-e1', kind: 'Cluster', apiVersion: 'cmk/v2', environment: 'env-1' } };
        await createKeys(store, [keyId(1)], 'sa-1', inEnv1);
        await createKeys(store, [keyId(2)], 'sa-1', { ...inEnv1, expiresAt: '2020-01-01' });

        const before = await actions(store);
        assert.equal(await store.deleteEnvironment(ORG, 'env-1', T2, audit('environment.delete', 'env-1')), 'in_use');
        await store.deleteApiKey(ORG, keyId(1), T2, audit('api_key.delete', keyId(1)));
        assert.equal(await store.deleteEnvironment(ORG, 'env-1', T2, audit('environment.delete', 'env-1')), 'in_use', 'an expired key still counts');
        await store.deleteApiKey(ORG, keyId(2), T2, audit('api_key.delete', keyId(2)));
        assert.deepEqual(await actions(store), [...before, `api_key.delete ${keyId(1)}`, `api_key.delete ${keyId(2)}`]);

        assert.equal(await store.deleteEnvironment(ORG, 'env-1', T2, audit('environment.delete', 'env-1')), true);
        assert.deepEqual(await store.getEnvironment(ORG, 'env-1'), environment('env-1', { deletedAt: T2 }));
        assert.equal(await store.deleteEnvironment(ORG, 'env-1', T2, audit('environment.delete', 'env-1')), false);
        assert.equal(await store.deleteEnvironment(ORG, 'env-9', T2, audit('environment.delete', 'env-9')), false);
        assert.equal(await store.deleteEnvironment(OTHER_ORG, 'env-default', T2, audit('environment.delete', 'env-default')), false);
        assert.equal((await actions(store)).filter((a) => a.startsWith('environment.delete')).length, 1);
      });
    });

    describe('audit', () => {
      it('every change writes exactly one audit row, listed oldest first and capped by limit', async () => {
        await bootstrapped(store);
        await store.createServiceAccount(serviceAccount('sa-1'), audit('service_account.create', 'sa-1', { display_name: 'name-sa-1' }));
        await createKeys(store, [keyId(1)], 'sa-1');
        await store.updateApiKey(ORG, keyId(1), { displayName: 'n', updatedAt: T2 }, audit('api_key.update', keyId(1)));
        await store.updateServiceAccount(ORG, 'sa-1', { description: 'd', updatedAt: T2 }, audit('service_account.update', 'sa-1'));
        await store.createUser(user('u-1'), audit('user.create', 'u-1'));
        await store.updateUser(ORG, 'u-1', { fullName: 'f', updatedAt: T2 }, audit('user.update', 'u-1'));
        await store.createEnvironment(environment('env-1'), audit('environment.create', 'env-1'));
        await store.updateEnvironment(ORG, 'env-1', { displayName: 'e', updatedAt: T2 }, audit('environment.update', 'env-1'));
        await store.deleteEnvironment(ORG, 'env-1', T2, audit('environment.delete', 'env-1'));
        await store.deleteApiKey(ORG, keyId(1), T2, audit('api_key.delete', keyId(1)));
        await store.deleteUser(ORG, 'u-1', T2, audit('user.delete', 'u-1'));
        await store.deleteServiceAccount(ORG, 'sa-1', T2, audit('service_account.delete', 'sa-1'));

        const expected = [
          `organization.bootstrap ${ORG}`, 'service_account.create sa-1', `api_key.create ${keyId(1)}`, `api_key.update ${keyId(1)}`,
          'service_account.update sa-1', 'user.create u-1', 'user.update u-1', 'environment.create env-1',
          'environment.update env-1', 'environment.delete env-1', `api_key.delete ${keyId(1)}`, 'user.delete u-1',
          'service_account.delete sa-1',
        ];
        assert.deepEqual(await actions(store), expected);
        assert.deepEqual((await store.listAudit(ORG, 3)).map((a) => a.action), ['organization.bootstrap', 'service_account.create', 'api_key.create']);
        assert.deepEqual((await store.listAudit(ORG, 2))[1], audit('service_account.create', 'sa-1', { display_name: 'name-sa-1' }));
        assert.deepEqual(await store.listAudit(OTHER_ORG, 100), []);
      });

      it('pageAudit() finds one target\'s, one actor\'s or one action\'s events through an index, either way and from any page, not by reading the whole log', async () => {
        await bootstrapped(store);
        const byIndex = [[{ targetId: 'sa-1' }, /audit_log_by_target/], [{ actorId: 'u-admin' }, /audit_log_by_actor/],
          [{ action: 'api_key.delete' }, /audit_log_by_action/]] as const;
        for (const [match, index] of byIndex) {
          for (const order of ['oldest_first', 'newest_first'] as const) {
            for (const afterId of [undefined, '5']) {
              const plan = await explainAuditPage(db, { orgId: ORG, ...match }, { limit: 10, afterId }, order);
              const what = `${JSON.stringify(match)}, ${order}, after ${afterId}: ${plan}`;
              assert.match(plan, index, what);
              // Read in the index's order, not gathered and sorted afterwards.
              assert.doesNotMatch(plan, /TEMP B-TREE|Sort/, what);
            }
          }
        }
      });

      it('pageAudit() pages by id, oldest first, and matches actor, action and target exactly', async () => {
        await bootstrapped(store);
        for (const id of ['sa-1', 'sa-2', 'sa-3']) await store.createServiceAccount(serviceAccount(id), audit('service_account.create', id));
        await store.updateServiceAccount(ORG, 'sa-2', { description: 'd', updatedAt: T2 },
          { ...audit('service_account.update', 'sa-2'), actorId: 'u-other' });
        const all = await store.pageAudit({ orgId: ORG }, { limit: 100 });
        assert.equal(all.hasMore, false);
        const { id: _id, ...first } = all.items[0]!;
        assert.deepEqual(first, audit('organization.bootstrap', ORG));
        assert.deepEqual(all.items.map((e) => `${e.action} ${e.targetId}`), [`organization.bootstrap ${ORG}`,
          'service_account.create sa-1', 'service_account.create sa-2', 'service_account.create sa-3', 'service_account.update sa-2']);
        const ids = all.items.map((e) => BigInt(e.id));
        assert.deepEqual([...ids].sort((a, b) => (a < b ? -1 : 1)), ids, 'ids increase');

        const firstPage = await store.pageAudit({ orgId: ORG }, { limit: 2 });
        assert.deepEqual(firstPage, { items: all.items.slice(0, 2), hasMore: true });
        assert.deepEqual(await store.pageAudit({ orgId: ORG }, { limit: 2, afterId: all.items[1]!.id }), { items: all.items.slice(2, 4), hasMore: true });
        assert.deepEqual(await store.pageAudit({ orgId: ORG }, { limit: 2, afterId: all.items[3]!.id }), { items: all.items.slice(4), hasMore: false });

        const only = async (filter: Omit<AuditFilter, 'orgId'>) => (await store.pageAudit({ orgId: ORG, ...filter }, { limit: 100 })).items;
        assert.deepEqual(await only({ targetId: 'sa-2' }), all.items.filter((e) => e.targetId === 'sa-2'));
        assert.deepEqual(await only({ targetId: 'sa' }), []);
        assert.deepEqual(await only({ action: 'service_account.update' }), [all.items[4]]);
        assert.deepEqual(await only({ actorId: 'u-other' }), [all.items[4]]);
        assert.deepEqual(await only({ actorId: 'u-admin', targetId: 'sa-2' }), [all.items[2]]);
        assert.deepEqual(await store.pageAudit({ orgId: OTHER_ORG }, { limit: 100 }), { items: [], hasMore: false });
      });

      it('pageAudit() pages newest first, with the same filters', async () => {
        await bootstrapped(store);
        for (const id of ['sa-1', 'sa-2', 'sa-3']) await store.createServiceAccount(serviceAccount(id), audit('service_account.create', id));
        await store.updateServiceAccount(ORG, 'sa-2', { description: 'd', updatedAt: T2 }, audit('service_account.update', 'sa-2'));
        const oldestFirst = (await store.pageAudit({ orgId: ORG }, { limit: 100 })).items;
        const newestFirst = [...oldestFirst].reverse();
        assert.deepEqual(await store.pageAudit({ orgId: ORG }, { limit: 100 }, 'newest_first'), { items: newestFirst, hasMore: false });
        assert.deepEqual(await store.pageAudit({ orgId: ORG }, { limit: 2 }, 'newest_first'), { items: newestFirst.slice(0, 2), hasMore: true });
        assert.deepEqual(await store.pageAudit({ orgId: ORG }, { limit: 2, afterId: newestFirst[1]!.id }, 'newest_first'),
          { items: newestFirst.slice(2, 4), hasMore: true });
        assert.deepEqual(await store.pageAudit({ orgId: ORG }, { limit: 2, afterId: newestFirst[3]!.id }, 'newest_first'),
          { items: newestFirst.slice(4), hasMore: false });
        assert.deepEqual(await store.pageAudit({ orgId: ORG, targetId: 'sa-2' }, { limit: 1 }, 'newest_first'),
          { items: [newestFirst[0]], hasMore: true });
        assert.deepEqual(await store.pageAudit({ orgId: ORG, targetId: 'sa-2' }, { limit: 1, afterId: newestFirst[0]!.id }, 'newest_first'),
          { items: [oldestFirst.find((e) => e.action === 'service_account.create' && e.targetId === 'sa-2')], hasMore: false });
        assert.deepEqual(await store.pageAudit({ orgId: OTHER_ORG }, { limit: 100 }, 'newest_first'), { items: [], hasMore: false });
      });

      it('audit rows never contain a secret hash', async () => {
        const input = await bootstrapped(store);
        await store.createServiceAccount(serviceAccount('sa-1'), audit('service_account.create', 'sa-1'));
        await createKeys(store, [keyId(1), keyId(2)], 'sa-1');
        await store.deleteServiceAccount(ORG, 'sa-1', T2, audit('service_account.delete', 'sa-1'));
        const trail = JSON.stringify(await store.listAudit(ORG, 100));
        for (const hash of [input.adminKey.secretHash, apiKey(keyId(1), 'sa-1').secretHash, apiKey(keyId(2), 'sa-1').secretHash]) {
          for (const encoding of ['hex', 'base64', 'base64url'] as const) assert.ok(!trail.includes(hash.toString(encoding)));
          assert.ok(!trail.includes(JSON.stringify(hash.toJSON().data)));
        }
      });
    });
  });
}
