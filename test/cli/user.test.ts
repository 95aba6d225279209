// `keyward user …` as the built binary against a real keyward; create uses keyward's extension.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { dialects } from '../helpers/dialects.js';
import { json, startCliFixture, type CliFixture } from './cli-harness.js';

interface UserRow { id: string; email: string; full_name: string; auth_type: string; created: string }

for (const dialect of dialects) {
  describe(`keyward user (${dialect})`, () => {
    let f: CliFixture;
    before(async () => { f = await startCliFixture(dialect); });
    after(() => f.close());

    it('create, list, describe, update and delete in every format', async () => {
      const created = await f.cli(['user', 'create', 'marty@example.com', '--full-name', 'Marty McFly']);
      assert.equal(created.code, 0, created.stderr);
      const id = /^ID:\s+(u-\w+)\n/.exec(created.stdout)?.[1];
      assert.ok(id, created.stdout);
      assert.match(created.stdout, /\nEmail:\s+marty@example\.com\nFull Name:\s+Marty McFly\nAuth Type:\s+\S+\n/);

      const table = await f.cli(['user', 'list']);
      assert.match(table.stdout, /^ID\s+Email\s+Full Name\s+Auth Type\n/);
      assert.match(table.stdout, new RegExp(`\\n${id}\\s+marty@example\\.com\\s+Marty McFly\\s+`));
      assert.ok(json<UserRow[]>(await f.cli(['user', 'list', '-o', 'json'])).some((u) => u.email === 'marty@example.com'));
      assert.ok((parseYaml((await f.cli(['user', 'list', '-o', 'yaml'])).stdout) as UserRow[]).some((u) => u.id === id));

      assert.equal(json<UserRow>(await f.cli(['user', 'describe', id, '-o', 'json'])).full_name, 'Marty McFly');
      const updated = parseYaml((await f.cli(['user', 'update', id, '--full-name', 'Calvin Klein', '-o', 'yaml'])).stdout) as UserRow;
      assert.equal(updated.full_name, 'Calvin Klein');
      assert.equal((await f.client.getIamV2User(id)).fullName, 'Calvin Klein');

      const noName = await f.cli(['user', 'update', id]);
      assert.deepEqual([noName.code, noName.stderr], [2, "Error: required option '--full-name <name>' not specified\n"]);
      const badEmail = await f.cli(['user', 'create', 'not-an-email', '--full-name', 'X']);
      assert.equal(badEmail.code, 1);
      assert.match(badEmail.stderr, /^Error: .*email.*\n$/);

      const deleted = await f.cli(['user', 'delete', id, '--force']);
      assert.deepEqual([deleted.code, deleted.stdout], [0, `Deleted user "${id}".\n`]);
      assert.equal((await f.cli(['user', 'describe', id])).code, 4);
    });

    it('creates an organization admin with --admin, who may then list users', async () => {
      const created = json<UserRow>(await f.cli(['user', 'create', 'doc@example.com', '--full-name', 'Doc', '--admin', '-o', 'json']));
      const key = await f.t.createKey(created.id);
      assert.equal((await f.cli(['user', 'list', '-o', 'json'], { env: f.envFor(key) })).code, 0);
      const plain = await f.t.createUserWithKey('plain');
      const refused = await f.cli(['user', 'list'], { env: f.envFor(plain) });
      assert.equal(refused.code, 3, 'a 403 exits with 3');
      assert.match(refused.stderr, /^Error: .+\n$/);
    });
  });
}
