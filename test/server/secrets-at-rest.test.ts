// The secret of a created key exists only in the create response: not in the data directory,
// not in any database row, not in the audit trail.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { dialects } from '../helpers/dialects.js';
import { createTestApp } from '../helpers/test-app.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const dialect of dialects) {
  describe(`secrets at rest (${dialect})`, () => {
    it('no created secret appears in the data directory or the database', async () => {
      const t = await createTestApp(dialect);
      try {
        const secrets = [t.admin.secret];
        for (let i = 0; i < 3; i++) secrets.push((await t.createServiceAccountWithKey(`rest-${i}`)).secret);
        secrets.push((await t.createKey(t.admin.principalId, { resource: { id: 'lkc-rest1' } })).secret);
        // Flush SQLite's write-ahead log into the main file too, so both are searched with content.
        await t.keyward.app.close();
        await t.store.close();

        const files = filesUnder(t.db.dataDir);
        assert.ok(files.length > 0);
        for (const file of files) {
          const bytes = readFileSync(file);
          for (const secret of secrets) {
            assert.equal(bytes.includes(Buffer.from(secret)), false, `${file} contains a secret`);
            assert.equal(bytes.includes(Buffer.from(secret.slice(4, 36))), false, `${file} contains part of a secret`);
          }
        }
        if (dialect === 'postgres') {
          const client = new pg.Client({ connectionString: t.db.databaseUrl });
          await client.connect();
          try {
            const tables = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [t.db.schema]);
            assert.ok(tables.rows.length >= 6);
            for (const { table_name: table } of tables.rows) {
              const dump = JSON.stringify((await client.query(`SELECT * FROM "${t.db.schema}"."${table}"`)).rows);
              for (const secret of secrets) assert.equal(dump.includes(secret), false, `${table} contains a secret`);
            }
          } finally {
            await client.end();
          }
        }
      } finally {
        await t.close();
      }
    });
  });
}
