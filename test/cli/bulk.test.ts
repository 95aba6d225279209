// Bulk work over more than a thousand keys: `list` and `delete --owner … --all` page through the
// API, and print no progress bar when their output is piped (the terminal test covers the bar).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IamV2ServiceAccount } from '../../src/index.js';
import { dialects } from '../helpers/dialects.js';
import { createKeys } from './bulk-keys.js';
import { json, startCliFixture, type CliFixture } from './cli-harness.js';

const COUNT = 1050; // more than ten pages of the largest page size (100)

for (const dialect of dialects) {
  describe(`keyward bulk list and delete (${dialect})`, () => {
    let f: CliFixture;
    let owner: string;
    let ids: string[];
    before(async () => {
      f = await startCliFixture(dialect, { KEYWARD_APIKEYS_PER_OWNER: '5000' });
      owner = (await f.client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'bulk' }))).id!;
      ids = await createKeys(f.client, owner, COUNT);
    });
    after(() => f.close());

    it('lists every key across pages, in json and as a piped table, with nothing on stderr', async () => {
      const asJson = await f.cli(['api-key', 'list', '--service-account', owner, '-o', 'json']);
      assert.equal(asJson.stderr, '');
      assert.deepEqual(json<Array<{ key: string }>>(asJson).map((r) => r.key).sort(), [...ids].sort());

      const piped = await f.cli(['api-key', 'list', '--service-account', owner]);
      assert.equal(piped.code, 0);
      assert.equal(piped.stderr, '', 'no progress bar and no escape codes into a pipe');
      const lines = piped.stdout.trimEnd().split('\n');
      assert.equal(lines.length, COUNT + 1);
      assert.ok(lines.some((l) => l.includes('bulk key 1049')), 'piped tables are not cut');
    });

    it('delete --owner --all asks with the count, then deletes every key', async () => {
      const declined = await f.cli(['api-key', 'delete', '--owner', owner, '--all'], { input: 'n\n' });
      assert.equal(declined.code, 0);
      assert.equal(declined.stderr, `Are you sure you want to delete ${COUNT} API keys owned by ${owner}? (y/n): \nNothing deleted.\n`);
      assert.equal((await f.client.listIamV2ApiKeys({ owner, pageSize: 1 })).data.length, 1);

      const deleted = await f.cli(['api-key', 'delete', '--owner', owner, '--all', '--force']);
      assert.deepEqual([deleted.code, deleted.stdout, deleted.stderr], [0, `Deleted ${COUNT} API keys owned by ${owner}.\n`, '']);
      assert.deepEqual(json(await f.cli(['api-key', 'list', '--service-account', owner, '-o', 'json'])), []);
      const empty = await f.cli(['api-key', 'list', '--service-account', owner]);
      assert.equal(empty.stdout, 'Key  Description  Owner  Owner Email  Resource Type  Resource  Created  Expires\n');

      const again = await f.cli(['api-key', 'delete', '--owner', owner, '--all', '--force']);
      assert.deepEqual([again.code, again.stdout], [0, `No API keys owned by ${owner}.\n`]);
    });
  });
}
