// `keyward api-key …` run as the built binary against a real keyward: every subcommand and output
// format, exit codes, and one create → list → update → delete flow end to end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { IamV2ServiceAccount } from '../../src/index.js';
import { dialects } from '../helpers/dialects.js';
import { json, startCliFixture, type CliFixture } from './cli-harness.js';

interface Row { key: string; description: string; owner_resource_id: string; owner_email: string; resource_type: string; resource_id: string; created: string; expires: string }

for (const dialect of dialects) {
  describe(`keyward api-key (${dialect})`, () => {
    let f: CliFixture;
    let saId: string;
    before(async () => {
      f = await startCliFixture(dialect);
      saId = (await f.client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'cli-keys' }))).id!;
    });
    after(() => f.close());

    it('create → list → update → delete, end to end (human output, piped)', async () => {
      const created = await f.cli(['api-key', 'create', '--resource', 'cloud', '--service-account', saId, '--description', 'e2e key']);
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.stderr, 'Save the API key and secret. The secret is not retrievable later.\n');
      const [, id, secret] = /^API Key:\s+([A-Z0-9]{16})\nAPI Secret:\s+(\S{64})\n$/.exec(created.stdout) ?? [];
      assert.ok(id && secret, created.stdout);

      const listed = await f.cli(['api-key', 'list', '--service-account', saId]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.equal(listed.stderr, '', 'no progress bar into a pipe');
      const lines = listed.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^Key\s+Description\s+Owner\s+Owner Email\s+Resource Type\s+Resource\s+Created\s+Expires$/);
      assert.equal(lines.length, 2);
      assert.match(lines[1]!, new RegExp(`^${id}\\s+e2e key\\s+${saId}\\s+cloud\\s+cloud\\s+\\d{4}-\\d{2}-\\d{2}$`));

      const updated = await f.cli(['api-key', 'update', id, '--description', 'renamed']);
      assert.deepEqual([updated.code, updated.stdout], [0, `Updated API key "${id}".\n`]);
      assert.equal((await f.client.getIamV2ApiKey(id)).spec?.description, 'renamed');

      const deleted = await f.cli(['api-key', 'delete', id, '--force']);
      assert.deepEqual([deleted.code, deleted.stdout, deleted.stderr], [0, `Deleted API key "${id}".\n`, '']);
      const after = await f.cli(['api-key', 'describe', id]);
      assert.deepEqual([after.code, after.stdout, after.stderr], [4, '', `Error: API key '${id}' was not found\n`]);
    });

    it('create prints {api_key, api_secret} for -o json and yaml, without the warning', async () => {
      const asJson = await f.cli(['api-key', 'create', '--resource', 'cloud', '--service-account', saId, '-o', 'json']);
      assert.equal(asJson.code, 0, asJson.stderr);
      assert.equal(asJson.stderr, '');
      const body = json<{ api_key: string; api_secret: string }>(asJson);
      assert.deepEqual(Object.keys(body), ['api_key', 'api_secret']);
      assert.equal(body.api_secret.length, 64);
      const asYaml = await f.cli(['api-key', 'create', '--resource', 'global', '--service-account', saId, '-o', 'yaml']);
      const parsed = parseYaml(asYaml.stdout) as { api_key: string; api_secret: string };
      assert.match(parsed.api_key, /^[A-Z0-9]{16}$/);
      assert.equal((await f.client.getIamV2ApiKey(parsed.api_key)).spec?.resource?.kind, 'Global');
    });

    it('create defaults the owner to the logged-in principal and takes flink, kafka and expiry flags', async () => {
      const own = json<{ api_key: string }>(await f.cli(['api-key', 'create', '--resource', 'lkc-abc123', '--display-name', 'kafka', '-o', 'json']));
      const key = await f.client.getIamV2ApiKey(own.api_key);
      assert.deepEqual([key.spec?.owner?.id, key.spec?.resource?.kind, key.spec?.displayName], [f.t.admin.principalId, 'Cluster', 'kafka']);

      const envId = (await f.client.listOrgV2Environments()).data[0]!.id;
      const flink = json<{ api_key: string }>(await f.cli(['api-key', 'create', '--resource', 'flink', '--cloud', 'AWS', '--region', 'us-east-1',
        '--environment', envId, '--expires-at', '2999-12-31', '--service-account', saId, '-o', 'json']));
      const flinkKey = await f.client.getIamV2ApiKey(flink.api_key);
      assert.deepEqual([flinkKey.spec?.resource?.id, flinkKey.spec?.resource?.environment, flinkKey.spec?.expiresAt], ['aws.us-east-1', envId, '2999-12-31']);

      const noRegion = await f.cli(['api-key', 'create', '--resource', 'flink']);
      assert.deepEqual([noRegion.code, noRegion.stderr], [2, 'Error: --resource flink needs --cloud and --region\n']);
      const noResource = await f.cli(['api-key', 'create']);
      assert.equal(noResource.code, 2);
      assert.match(noResource.stderr, /^Error: --resource is required/);
    });

    it('list filters by resource, service account and current user, in json and yaml', async () => {
      const other = (await f.client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'cli-list' }))).id!;
      const sr = json<{ api_key: string }>(await f.cli(['api-key', 'create', '--resource', 'lsrc-xyz789', '--service-account', other, '-o', 'json']));
      const rows = json<Row[]>(await f.cli(['api-key', 'list', '--service-account', other, '-o', 'json']));
      assert.equal(rows.length, 1);
      assert.deepEqual({ ...rows[0], created: undefined }, {
        key: sr.api_key, display_name: '', description: '', owner_resource_id: other, owner_email: '', resource_type: 'schema-registry',
        resource_id: 'lsrc-xyz789', environment: '', created_by: f.t.admin.principalId, created: undefined, expires: '',
      });
      assert.match(rows[0]!.created, /^\d{4}-\d{2}-\d{2}T/);

      const byResource = json<Row[]>(await f.cli(['api-key', 'list', '--resource', 'lsrc-xyz789', '-o', 'json']));
      assert.deepEqual(byResource.map((r) => r.key), [sr.api_key]);

      const mine = parseYaml((await f.cli(['api-key', 'list', '--current-user', '-o', 'yaml'])).stdout) as Row[];
      assert.ok(mine.length > 0);
      for (const row of mine) {
        assert.equal(row.owner_resource_id, f.t.admin.principalId);
        assert.match(row.owner_email, /@/, 'user owners show their email');
      }

      const both = await f.cli(['api-key', 'list', '--current-user', '--service-account', other]);
      assert.deepEqual([both.code, both.stderr], [2, 'Error: use either --service-account or --current-user\n']);
      const badFormat = await f.cli(['api-key', 'list', '-o', 'xml']);
      assert.equal(badFormat.code, 2);
      assert.match(badFormat.stderr, /^Error: option '-o, --output <format>' argument 'xml' is invalid/);
    });

    it('describe shows one key as fields, json or yaml', async () => {
      const { api_key: id } = json<{ api_key: string }>(await f.cli(['api-key', 'create', '--resource', 'cloud', '--service-account', saId, '--description', 'described', '-o', 'json']));
      const human = await f.cli(['api-key', 'describe', id]);
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, new RegExp(`^Key:\\s+${id}\\n`));
      assert.match(human.stdout, /\nDescription:\s+described\n/);
      assert.match(human.stdout, new RegExp(`\\nOwner:\\s+${saId}\\n`));
      assert.match(human.stdout, /\nResource Type:\s+cloud\n/);
      assert.equal(json<Row>(await f.cli(['api-key', 'describe', id, '-o', 'json'])).description, 'described');
      assert.equal((parseYaml((await f.cli(['api-key', 'describe', id, '-o', 'yaml'])).stdout) as Row).key, id);
    });

    it('update needs a change, and prints the row for -o json', async () => {
      const { api_key: id } = json<{ api_key: string }>(await f.cli(['api-key', 'create', '--resource', 'cloud', '--service-account', saId, '-o', 'json']));
      const nothing = await f.cli(['api-key', 'update', id]);
      assert.deepEqual([nothing.code, nothing.stderr], [2, 'Error: nothing to update: pass --description or --display-name\n']);
      const row = json<Row & { display_name: string }>(await f.cli(['api-key', 'update', id, '--display-name', 'named', '--description', '', '-o', 'json']));
      assert.deepEqual([row.display_name, row.description], ['named', '']);
      const missing = await f.cli(['api-key', 'update', 'NOSUCHKEY0000000', '--description', 'x']);
      assert.equal(missing.code, 4);
    });

    it('delete asks first, accepts several ids, and reports each failure', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(json<{ api_key: string }>(await f.cli(['api-key', 'create', '--resource', 'cloud', '--service-account', saId, '-o', 'json'])).api_key);

      const unanswered = await f.cli(['api-key', 'delete', ids[0]!]);
      assert.equal(unanswered.code, 2);
      assert.equal(unanswered.stderr, `Are you sure you want to delete API key "${ids[0]}"? (y/n): \nError: no confirmation on standard input: answer y, or pass --force\n`);
      const declined = await f.cli(['api-key', 'delete', ids[0]!], { input: 'n\n' });
      assert.deepEqual([declined.code, declined.stdout], [0, '']);
      assert.match(declined.stderr, /Nothing deleted\.\n$/);
      await f.client.getIamV2ApiKey(ids[0]!); // still there

      const confirmed = await f.cli(['api-key', 'delete', ids[0]!, ids[1]!], { input: 'y\n' });
      assert.equal(confirmed.code, 0, confirmed.stderr);
      assert.equal(confirmed.stdout, `Deleted API key "${ids[0]}".\nDeleted API key "${ids[1]}".\n`);
      assert.match(confirmed.stderr, /^Are you sure you want to delete 2 API keys\? \(y\/n\): \n$/);

      const mixed = await f.cli(['api-key', 'delete', ids[2]!, 'NOSUCHKEY0000001', 'NOSUCHKEY0000002', '--force']);
      assert.equal(mixed.code, 4);
      assert.equal(mixed.stdout, `Deleted API key "${ids[2]}".\n`);
      assert.equal(mixed.stderr, "Error: API key 'NOSUCHKEY0000001' was not found\nError: API key 'NOSUCHKEY0000002' was not found\n");

      const none = await f.cli(['api-key', 'delete']);
      assert.equal(none.code, 2);
      const allWithoutOwner = await f.cli(['api-key', 'delete', '--all', '--force']);
      assert.deepEqual([allWithoutOwner.code, allWithoutOwner.stderr], [2, 'Error: --all and --owner go together\n']);
    });

    it('store keeps a secret locally (mode 0600) and use makes a Cloud key the CLI\'s credentials, never printing a secret', async () => {
      const created = json<{ api_key: string; api_secret: string }>(await f.cli(['api-key', 'create', '--resource', 'cloud', '--service-account', saId, '-o', 'json']));
      const loggedIn = { env: { KEYWARD_API_KEY: undefined, KEYWARD_API_SECRET: undefined, KEYWARD_URL: undefined } };
      const login = await f.cli(['login', '--url', f.baseUrl, '--api-key', f.t.admin.keyId, '--api-secret', f.t.admin.secret], loggedIn);
      assert.equal(login.code, 0, login.stderr);

      const stored = await f.cli(['api-key', 'store', created.api_key, created.api_secret], loggedIn);
      assert.deepEqual([stored.code, stored.stdout, stored.stderr], [0, `Stored secret for API key "${created.api_key}".\n`, '']);
      const again = await f.cli(['api-key', 'store', created.api_key, created.api_secret], loggedIn);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already stored: pass --force/);
      const kafka = await f.cli(['api-key', 'store', 'KAFKAKEY00000001', 'kafka-secret', '--resource', 'lkc-abc123'], loggedIn);
      assert.equal(kafka.code, 0, kafka.stderr);

      const path = join(f.configDir, 'credentials.json');
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const file = JSON.parse(readFileSync(path, 'utf8'));
      assert.deepEqual(file.stored_keys[created.api_key], { api_secret: created.api_secret, resource: 'cloud' });

      const used = await f.cli(['api-key', 'use', created.api_key], loggedIn);
      assert.deepEqual([used.code, used.stdout], [0, `Using API key "${created.api_key}" for this CLI.\n`]);
      const useKafka = await f.cli(['api-key', 'use', 'KAFKAKEY00000001'], loggedIn);
      assert.equal(useKafka.stdout, 'Using API key "KAFKAKEY00000001" for resource "lkc-abc123".\n');
      assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).active_keys, { cloud: created.api_key, 'lkc-abc123': 'KAFKAKEY00000001' });

      const who = json<{ api_key: string; owner: string }>(await f.cli(['whoami', '-o', 'json'], loggedIn));
      assert.deepEqual([who.api_key, who.owner], [created.api_key, saId]);
      const unknown = await f.cli(['api-key', 'use', 'NOTSTORED0000000'], loggedIn);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /is not stored: run 'keyward api-key store NOTSTORED0000000 <secret>' first/);

      for (const run of [stored, kafka, used, useKafka, await f.cli(['whoami'], loggedIn), await f.cli(['api-key', 'list'], loggedIn)]) {
        assert.ok(!run.stdout.includes(created.api_secret) && !run.stderr.includes(created.api_secret), 'a stored secret was printed');
        assert.ok(!run.stdout.includes('kafka-secret'));
      }
    });
  });
}
