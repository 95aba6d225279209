// The package's main entry is the SDK: loading the built dist/src/index.js must not load Fastify,
// pino or a database driver. A resolve hook refuses those packages; the control case proves the
// hook does refuse them, so the check cannot pass by accident.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { builtFile, repoRoot } from './built.js';

const hook = new URL('./fixtures/deny-server-modules.mjs', import.meta.url).href;

function importUnderHook(file: string, check = '') {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); ${check}`;
  return spawnSync(process.execPath, ['--import', hook, '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
}

describe('built main entry', () => {
  it('loads the SDK without fastify, pino, better-sqlite3 or pg', () => {
    const run = importUnderHook(builtFile('dist/src/index.js'),
      "if (typeof m.KeywardClient !== 'function' || typeof m.ApiClientError !== 'function' || typeof m.IamV2ApiKey !== 'function') process.exit(3);");
    assert.equal(run.status, 0, run.stderr);
  });

  it('the hook does refuse the server (control)', () => {
    const run = importUnderHook(builtFile('dist/src/server/app.js'));
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /denied import of '(fastify|@fastify\/swagger|pino|pg|better-sqlite3)'/);
  });
});
