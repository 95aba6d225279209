// `keyward login`, `whoami` and `logout` as the built binary against a real keyward.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { dialects } from '../helpers/dialects.js';
import { json, startCliFixture, type CliFixture } from './cli-harness.js';

const noEnv = { KEYWARD_URL: undefined, KEYWARD_API_KEY: undefined, KEYWARD_API_SECRET: undefined };

for (const dialect of dialects) {
  describe(`keyward login / whoami / logout (${dialect})`, () => {
    let f: CliFixture;
    let path: string;
    before(async () => {
      f = await startCliFixture(dialect);
      path = join(f.configDir, 'credentials.json');
    });
    after(() => f.close());

    it('refuses bad credentials with exit 3 and saves nothing', async () => {
      const res = await f.cli(['login', '--url', f.baseUrl, '--api-key', f.t.admin.keyId, '--api-secret', 'wrong'], { env: noEnv });
      assert.deepEqual([res.code, res.stdout, res.stderr], [3, '', 'Error: Valid authentication credentials must be provided\n']);
      assert.equal(existsSync(path), false);
    });

    it('needs a URL, a key and a secret', async () => {
      const res = await f.cli(['login', '--url', f.baseUrl], { env: noEnv });
      assert.equal(res.code, 2);
      assert.match(res.stderr, /^Error: login needs --url, --api-key and --api-secret/);
      const badUrl = await f.cli(['login', '--url', 'not a url', '--api-key', 'k', '--api-secret', 's'], { env: noEnv });
      assert.deepEqual([badUrl.code, badUrl.stderr], [2, 'Error: --url is not a valid URL: not a url\n']);
    });

    it('without a login or KEYWARD_* variables, commands exit 3', async () => {
      const res = await f.cli(['whoami'], { env: noEnv });
      assert.deepEqual([res.code, res.stderr], [3, "Error: not logged in: run 'keyward login' or set KEYWARD_URL, KEYWARD_API_KEY and KEYWARD_API_SECRET\n"]);
    });

    it('login verifies and saves with mode 0600; whoami shows key, owner and URL; logout forgets', async () => {
      const login = await f.cli(['login', '--url', f.baseUrl, '--api-key', f.t.admin.keyId, '--api-secret', f.t.admin.secret], { env: noEnv });
      assert.deepEqual([login.code, login.stdout, login.stderr], [0, `Logged in to ${f.baseUrl} with API key "${f.t.admin.keyId}".\n`, '']);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(f.configDir).isDirectory(), true);
      assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { url: f.baseUrl, api_key: f.t.admin.keyId, api_secret: f.t.admin.secret });

      const human = await f.cli(['whoami'], { env: noEnv });
      assert.equal(human.code, 0, human.stderr);
      assert.equal(human.stdout, [
        `API Key:      ${f.t.admin.keyId}`, `Owner:        ${f.t.admin.principalId}`, 'Owner Kind:   User', `URL:          ${f.baseUrl}`, `Credentials:  ${path}`, '',
      ].join('\n'));
      assert.ok(!human.stdout.includes(f.t.admin.secret));
      assert.deepEqual(json(await f.cli(['whoami', '-o', 'json'], { env: noEnv })),
        { api_key: f.t.admin.keyId, owner: f.t.admin.principalId, owner_kind: 'User', url: f.baseUrl, source: path });
      assert.equal((parseYaml((await f.cli(['whoami', '-o', 'yaml'], { env: noEnv })).stdout) as { owner: string }).owner, f.t.admin.principalId);

      const logout = await f.cli(['logout'], { env: noEnv });
      assert.deepEqual([logout.code, logout.stdout], [0, `Logged out of ${f.baseUrl}.\n`]);
      assert.equal(existsSync(path), false, 'nothing else was stored, so the file is gone');
      assert.equal((await f.cli(['whoami'], { env: noEnv })).code, 3);
      assert.equal((await f.cli(['logout'], { env: noEnv })).stdout, 'Not logged in.\n');
    });

    it('login takes KEYWARD_URL, KEYWARD_API_KEY and KEYWARD_API_SECRET; the environment beats the file', async () => {
      const user = await f.t.createUserWithKey('env-login');
      const login = await f.cli(['login'], { env: f.envFor(user) });
      assert.equal(login.code, 0, login.stderr);
      assert.equal(JSON.parse(readFileSync(path, 'utf8')).api_key, user.keyId);
      const fromEnv = json<{ api_key: string; source: string }>(await f.cli(['whoami', '-o', 'json']));
      assert.deepEqual([fromEnv.api_key, fromEnv.source], [f.t.admin.keyId, 'environment']);
      assert.equal(json<{ owner: string }>(await f.cli(['whoami', '-o', 'json'], { env: noEnv })).owner, user.principalId);
      await f.cli(['logout'], { env: noEnv });
    });

    it('honours XDG_CONFIG_HOME when KEYWARD_CONFIG_DIR is unset', async () => {
      const env = { ...noEnv, KEYWARD_CONFIG_DIR: undefined, XDG_CONFIG_HOME: join(f.configDir, 'xdg') };
      const login = await f.cli(['login', '--url', f.baseUrl, '--api-key', f.t.admin.keyId, '--api-secret', f.t.admin.secret], { env });
      assert.equal(login.code, 0, login.stderr);
      const xdgPath = join(f.configDir, 'xdg', 'keyward', 'credentials.json');
      assert.equal(statSync(xdgPath).mode & 0o777, 0o600);
      assert.equal(statSync(join(f.configDir, 'xdg', 'keyward')).mode & 0o777, 0o700);
      await f.cli(['logout'], { env });
      assert.equal(existsSync(xdgPath), false);
    });
  });
}
