// `keyward audit list` as the built binary against a real keyward.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { dialects } from '../helpers/dialects.js';
import { json, startCliFixture, type CliFixture } from './cli-harness.js';

interface AuditRow { id: string; at: string; actor: string; action: string; target_kind: string; target: string; details: Record<string, unknown> }

for (const dialect of dialects) {
  describe(`keyward audit (${dialect})`, () => {
    let f: CliFixture;
    before(async () => { f = await startCliFixture(dialect); });
    after(() => f.close());

    it('lists the audit log oldest first, filtered, in every format', async () => {
      const created = await f.cli(['service-account', 'create', 'audited', '--description', 'first', '-o', 'json']);
      assert.equal(created.code, 0, created.stderr);
      const id = json<{ id: string }>(created).id;
      assert.equal((await f.cli(['service-account', 'update', id, '--description', 'second'])).code, 0);

      const rows = json<AuditRow[]>(await f.cli(['audit', 'list', '--target', id, '-o', 'json']));
      assert.deepEqual(rows.map((r) => [r.action, r.target_kind, r.target]), [
        ['service_account.create', 'ServiceAccount', id], ['service_account.update', 'ServiceAccount', id]]);
      assert.deepEqual(rows[1]!.details, { fields: ['description'] });
      assert.ok(Number(rows[0]!.id) < Number(rows[1]!.id));
      const all = json<AuditRow[]>(await f.cli(['audit', 'list', '-o', 'json']));
      assert.equal(all[0]!.action, 'organization.bootstrap');
      assert.deepEqual(all.slice(-2), rows);
      assert.deepEqual(json<AuditRow[]>(await f.cli(['audit', 'list', '--action', 'service_account.update', '--actor', rows[1]!.actor, '-o', 'json'])),
        [rows[1]]);
      assert.deepEqual(parseYaml((await f.cli(['audit', 'list', '--target', id, '-o', 'yaml'])).stdout), rows);
      assert.deepEqual(json<AuditRow[]>(await f.cli(['audit', 'list', '--newest-first', '-o', 'json'])), [...all].reverse());

      const table = await f.cli(['audit', 'list', '--target', id]);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^At\s+Actor\s+Action\s+Target Kind\s+Target\s+Details\n/);
      assert.match(table.stdout, new RegExp(`\\n\\S+\\s+u-\\w+\\s+service_account.update\\s+ServiceAccount\\s+${id}\\s+\\{"fields":\\["description"\\]\\}\\n?$`));
    });
  });
}
