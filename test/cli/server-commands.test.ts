// `keyward migrate` and `keyward serve`, run as the built binary on a fresh database of each dialect.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { generateKeyId, generateSecret } from '../../src/core/key-material.js';
import { dialects, dropSchema, postgresUrl, type Dialect } from '../helpers/dialects.js';
import { builtFile } from '../client/built.js';
import { runBuiltCli } from './cli-harness.js';

interface Storage {
  flags: string[];
  env: Record<string, string>;
  /** How `migrate` names the database it migrated. */
  describes: RegExp;
  tableCount(): Promise<number>;
  destroy(): Promise<void>;
}

/** A fresh data directory, and for PostgreSQL a fresh schema selected through the URL's search_path. */
async function freshStorage(dialect: Dialect): Promise<Storage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-cli-server-'));
  if (dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    return {
      flags: ['--data-dir', dataDir],
      env: {},
      describes: new RegExp(`^Database schema is up to date \\(sqlite: ${dataDir}/keyward\\.db\\)\\.\\n$`),
      async tableCount() {
        if (!existsSync(join(dataDir, 'keyward.db'))) return 0;
        const db = new Database(join(dataDir, 'keyward.db'), { readonly: true });
        try { return (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n; } finally { db.close(); }
      },
      async destroy() { rmSync(dataDir, { recursive: true, force: true }); },
    };
  }
  const schema = `kw_cli_${randomBytes(6).toString('hex')}`;
  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try { return (await client.query(sql)).rows as T[]; } finally { await client.end(); }
  };
  await query(`CREATE SCHEMA "${schema}"`);
  const url = new URL(postgresUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    flags: ['--data-dir', dataDir, '--database-url', url.toString()],
    // Either way of choosing the schema selects the fresh one: the URL's search_path, or the
    // server's KEYWARD_DATABASE_SCHEMA where it knows it.
    env: { KEYWARD_DATABASE_SCHEMA: schema },
    describes: /^Database schema is up to date \(postgres: postgres(ql)?:\/\/.+\)\.\n$/,
    async tableCount() {
      return Number((await query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '${schema}'`))[0]!.n);
    },
    async destroy() {
      await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

for (const dialect of dialects) {
  describe(`keyward migrate and serve (${dialect})`, () => {
    let storage: Storage;
    before(async () => { storage = await freshStorage(dialect); });
    after(() => storage.destroy());

    it('migrate creates the schema, says so, and exits 0; running it again changes nothing', async () => {
      assert.equal(await storage.tableCount(), 0);
      const first = await runBuiltCli(['migrate', ...storage.flags], { env: storage.env });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, storage.describes);
      const tables = await storage.tableCount();
      assert.ok(tables > 3, `${tables} tables`);
      const again = await runBuiltCli(['migrate', ...storage.flags], { env: storage.env });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(await storage.tableCount(), tables);
    });

    it('serve starts keyward with the given flags, answers a login, and stops on SIGTERM', async () => {
      const admin = { key: generateKeyId(), secret: generateSecret() };
      const child = spawn(process.execPath, [builtFile('dist/src/cli/bin.js'), 'serve', ...storage.flags, '--host', '127.0.0.1', '--port', '0', '--log-level', 'info'], {
        env: { ...process.env, ...storage.env, KEYWARD_BOOTSTRAP_API_KEY: admin.key, KEYWARD_BOOTSTRAP_API_SECRET: admin.secret },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      try {
        const address = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout }).on('line', (line) => {
            const entry = JSON.parse(line) as { msg?: string; address?: string };
            if (entry.msg === 'keyward is listening' && entry.address) resolve(entry.address);
          });
          child.on('close', (code) => reject(new Error(`serve exited early with ${code}`)));
        });
        const configDir = mkdtempSync(join(tmpdir(), 'keyward-cli-serve-'));
        const login = await runBuiltCli(['login', '--url', address, '--api-key', admin.key, '--api-secret', admin.secret], { env: { KEYWARD_CONFIG_DIR: configDir } });
        rmSync(configDir, { recursive: true, force: true });
        assert.equal(login.code, 0, login.stderr);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    });

    it('rejects an invalid configuration with exit 2', async () => {
      const res = await runBuiltCli(['migrate', '--database-url', 'mysql://localhost/x']);
      assert.deepEqual([res.code, res.stderr], [2, "Error: invalid configuration: KEYWARD_DATABASE_URL must use postgres: or postgresql:, got 'mysql:'\n"]);
    });
  });
}
