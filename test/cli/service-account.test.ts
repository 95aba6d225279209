// `keyward service-account …` as the built binary against a real keyward.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { dialects } from '../helpers/dialects.js';
import { json, startCliFixture, type CliFixture } from './cli-harness.js';

interface SaRow { id: string; name: string; description: string; created: string }

for (const dialect of dialects) {
  describe(`keyward service-account (${dialect})`, () => {
    let f: CliFixture;
    before(async () => { f = await startCliFixture(dialect); });
    after(() => f.close());

    it('create, list, describe, update and delete in every format', async () => {
      const created = await f.cli(['service-account', 'create', 'deployer', '--description', 'Deploys things']);
      assert.equal(created.code, 0, created.stderr);
      const id = /^ID:\s+(sa-\w+)\n/.exec(created.stdout)?.[1];
      assert.ok(id, created.stdout);
      assert.match(created.stdout, /\nName:\s+deployer\nDescription:\s+Deploys things\nCreated:\s+\d{4}-/);

      const table = await f.cli(['service-account', 'list']);
      assert.equal(table.code, 0);
      assert.match(table.stdout, /^ID\s+Name\s+Description\n/);
      assert.match(table.stdout, new RegExp(`\\n${id}\\s+deployer\\s+Deploys things\\n`));
      const rows = json<SaRow[]>(await f.cli(['service-account', 'list', '-o', 'json']));
      assert.deepEqual(rows.find((r) => r.id === id)?.name, 'deployer');
      assert.ok((parseYaml((await f.cli(['service-account', 'list', '-o', 'yaml'])).stdout) as SaRow[]).some((r) => r.id === id));

      const described = json<SaRow>(await f.cli(['service-account', 'describe', id, '-o', 'json']));
      assert.deepEqual([described.id, described.name, described.description], [id, 'deployer', 'Deploys things']);
      const updated = json<SaRow>(await f.cli(['service-account', 'update', id, '--description', 'Ships', '--display-name', 'shipper', '-o', 'json']));
      assert.deepEqual([updated.name, updated.description], ['shipper', 'Ships']);
      const yaml = parseYaml((await f.cli(['service-account', 'describe', id, '-o', 'yaml'])).stdout) as SaRow;
      assert.equal(yaml.name, 'shipper');

      const nothing = await f.cli(['service-account', 'update', id]);
      assert.equal(nothing.code, 2);
      const duplicate = await f.cli(['service-account', 'create', 'shipper']);
      assert.deepEqual([duplicate.code, duplicate.stderr], [1, "Error: A service account named 'shipper' already exists\n"]);

      const unanswered = await f.cli(['service-account', 'delete', id]);
      assert.equal(unanswered.code, 2);
      const deleted = await f.cli(['service-account', 'delete', id], { input: 'yes\n' });
      assert.deepEqual([deleted.code, deleted.stdout], [0, `Deleted service account "${id}".\n`]);
      const gone = await f.cli(['service-account', 'describe', id]);
      assert.equal(gone.code, 4);
      assert.match(gone.stderr, /^Error: .*not found\n$/);
      assert.equal((await f.cli(['service-account', 'delete', id, '--force'])).code, 4);
    });
  });
}
