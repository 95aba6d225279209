// What every command shares: --help, one-line errors with documented exit codes, --verbose, and
// a client path that never loads the server's packages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { IamV2ServiceAccount } from '../../src/index.js';
import { dialects } from '../helpers/dialects.js';
import { runBuiltCli, startCliFixture, type CliFixture } from './cli-harness.js';

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}

const denyServerModules = new URL('../client/fixtures/deny-server-modules.mjs', import.meta.url).href;

describe('keyward --help and usage errors', () => {
  const paths = commandPaths(buildProgram());

  it('knows every command group of the issue', () => {
    const names = paths.map((p) => p.join(' '));
    for (const expected of ['serve', 'migrate', 'login', 'logout', 'whoami', 'api-key create', 'api-key list', 'api-key describe',
      'api-key update', 'api-key delete', 'api-key use', 'api-key store', 'service-account create', 'service-account list',
      'service-account describe', 'service-account update', 'service-account delete', 'user create', 'user list', 'user describe',
      'user update', 'user delete']) {
      assert.ok(names.includes(expected), `missing ${expected}`);
    }
  });

  it('prints help for every command with exit 0, within 80 columns', async () => {
    for (const path of [[], ...paths]) {
      const res = await runBuiltCli([...path, '--help'], { env: { COLUMNS: '80' } });
      assert.equal(res.code, 0, `${path.join(' ')}: ${res.stderr}`);
      assert.match(res.stdout, new RegExp(`^Usage: keyward${path.length ? ` ${path.join(' ')}` : ''} `), path.join(' '));
      for (const line of res.stdout.split('\n')) assert.ok(line.length <= 80, `${path.join(' ')}: ${line}`);
    }
  });

  it('prints the version', async () => {
    const res = await runBuiltCli(['--version']);
    assert.deepEqual([res.code, res.stdout], [0, '0.1.0\n']);
  });

  it('reports unknown commands, options and missing arguments in one line with exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['api-key', 'list', '--bogus'], /^Error: unknown option '--bogus'\n$/],
      [['api-key', 'describe'], /^Error: missing required argument 'id'\n$/],
      [['api-key', 'frobnicate'], /^Error: unknown command 'frobnicate'\n$/],
      [['user', 'create', 'a@example.com'], /^Error: required option '--full-name <name>' not specified\n$/],
    ];
    for (const [args, stderr] of cases) {
      const res = await runBuiltCli(args);
      assert.equal(res.code, 2, args.join(' '));
      assert.match(res.stderr, stderr);
      assert.equal(res.stdout, '');
    }
    const bare = await runBuiltCli([]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /Usage: keyward/);
  });

  it('says so, with exit 1, when keyward cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = s.address() as { port: number };
        s.close(() => resolve(p));
      });
    });
    const env = { KEYWARD_URL: `http://127.0.0.1:${port}`, KEYWARD_API_KEY: 'K', KEYWARD_API_SECRET: 'S', KEYWARD_CONFIG_DIR: '/nonexistent' };
    const res = await runBuiltCli(['service-account', 'list', '-o', 'json'], { env });
    assert.deepEqual([res.code, res.stdout, res.stderr], [1, '', `Error: could not reach http://127.0.0.1:${port}: ECONNREFUSED\n`]);
  });

  it('runs client commands without loading fastify, pino or a database driver', async () => {
    const res = await runBuiltCli(['api-key', 'list', '--help'], { nodeArgs: ['--import', denyServerModules] });
    assert.equal(res.code, 0, res.stderr);
    const notLoggedIn = await runBuiltCli(['whoami'], { nodeArgs: ['--import', denyServerModules], env: { KEYWARD_CONFIG_DIR: '/nonexistent' } });
    assert.equal(notLoggedIn.code, 3, notLoggedIn.stderr);
  });
});

for (const dialect of dialects) {
  describe(`keyward errors from the API (${dialect})`, () => {
    let f: CliFixture;
    before(async () => { f = await startCliFixture(dialect); });
    after(() => f.close());

    it('maps 401 to 3, 404 to 4 and 409 to 1, and prints the request id with --verbose', async () => {
      const unauthorized = await f.cli(['api-key', 'list'], { env: { KEYWARD_API_SECRET: 'wrong' } });
      assert.deepEqual([unauthorized.code, unauthorized.stderr], [3, 'Error: Valid authentication credentials must be provided\n']);

      const notFound = await f.cli(['--verbose', 'service-account', 'describe', 'sa-missing']);
      assert.equal(notFound.code, 4);
      const [line, requestLine, rest] = notFound.stderr.split('\n');
      assert.equal(line, "Error: Service account 'sa-missing' was not found");
      assert.match(requestLine ?? '', /^Request ID: [0-9a-f-]{36} \(HTTP 404, not_found\)$/);
      assert.equal(rest, '');

      await f.client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'taken' }));
      const conflict = await f.cli(['service-account', 'create', 'taken']);
      assert.deepEqual([conflict.code, conflict.stderr], [1, "Error: A service account named 'taken' already exists\n"]);
    });
  });
}
