import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ConfigError, DEFAULTS, loadConfig } from '../../src/server/config.js';
import { generateKeyId, generateSecret } from '../../src/core/key-material.js';
import { runServerToExit } from '../helpers/server-process.js';

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, resolve('./data'));
    assert.equal(config.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(config.databaseUrl, undefined);
    assert.deepEqual(config.quota, { perOrg: DEFAULTS.apikeysPerOrg, perOwner: DEFAULTS.apikeysPerOwner });
    assert.equal(config.rateLimitPerMinute, DEFAULTS.rateLimitPerMinute);
    assert.ok(Object.isFrozen(config));
  });

  it('takes flags over environment variables', () => {
    const config = loadConfig(
      { KEYWARD_PORT: '9000', KEYWARD_HOST: '0.0.0.0', KEYWARD_DATA_DIR: '/tmp/env-dir', KEYWARD_PUBLIC_URL: 'https://env.example' },
      ['--port', '9100', '--data-dir', '/tmp/flag-dir', '--public-url', 'https://flag.example/'],
    );
    assert.equal(config.port, 9100);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataDir, '/tmp/flag-dir');
    assert.equal(config.publicUrl, 'https://flag.example');
  });

  it('derives the public URL from host and port', () => {
    assert.equal(loadConfig({ KEYWARD_HOST: '0.0.0.0', KEYWARD_PORT: '81' }).publicUrl, 'http://localhost:81');
  });

  it('reads quotas, the rate limit and bootstrap credentials', () => {
    const apiKey = generateKeyId();
    const apiSecret = generateSecret();
    const config = loadConfig({
      KEYWARD_APIKEYS_PER_ORG: '50', KEYWARD_APIKEYS_PER_OWNER: '5', KEYWARD_RATE_LIMIT_PER_MINUTE: '7',
      KEYWARD_BOOTSTRAP_API_KEY: apiKey, KEYWARD_BOOTSTRAP_API_SECRET: apiSecret,
    });
    assert.deepEqual(config.quota, { perOrg: 50, perOwner: 5 });
    assert.equal(config.rateLimitPerMinute, 7);
    assert.deepEqual(config.bootstrap, { apiKey, apiSecret });
  });

  it('accepts a legacy 64-character bootstrap secret', () => {
    const legacy = 'A'.repeat(60) + 'b+/9';
    assert.equal(loadConfig({ KEYWARD_BOOTSTRAP_API_KEY: generateKeyId(), KEYWARD_BOOTSTRAP_API_SECRET: legacy }).bootstrap?.apiSecret, legacy);
  });

  const invalid: Array<[string, Record<string, string>, string[], RegExp]> = [
    ['a non-numeric port', { KEYWARD_PORT: 'eighty' }, [], /port .* whole number/],
    ['a port out of range', {}, ['--port', '70000'], /between 0 and 65535/],
    ['an unknown flag', {}, ['--colour'], /Unknown option/],
    ['a zero quota', { KEYWARD_APIKEYS_PER_ORG: '0' }, [], /KEYWARD_APIKEYS_PER_ORG must be between 1/],
    ['a negative rate limit', { KEYWARD_RATE_LIMIT_PER_MINUTE: '-1' }, [], /whole number/],
    ['a public URL that is not http', { KEYWARD_PUBLIC_URL: 'ftp://x' }, [], /must use http/],
    ['a database URL that is not postgres', { KEYWARD_DATABASE_URL: 'mysql://x' }, [], /postgres/],
    ['half of the bootstrap pair', { KEYWARD_BOOTSTRAP_API_KEY: generateKeyId() }, [], /set together/],
    ['a short bootstrap id', { KEYWARD_BOOTSTRAP_API_KEY: 'ABC', KEYWARD_BOOTSTRAP_API_SECRET: generateSecret() }, [], /16 characters/],
    ['a bootstrap secret with a bad checksum',
      { KEYWARD_BOOTSTRAP_API_KEY: generateKeyId(), KEYWARD_BOOTSTRAP_API_SECRET: generateSecret().slice(0, 58) + 'AAAAAA' }, [], /Confluent secret format/],
    ['an unknown log level', { KEYWARD_LOG_LEVEL: 'chatty' }, [], /log level/],
  ];
  for (const [name, env, argv, message] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => loadConfig(env, argv), (err: unknown) => err instanceof ConfigError && message.test((err as Error).message));
    });
  }

  it('never echoes a database URL (it may hold a password) in its error', () => {
    assert.throws(() => loadConfig({ KEYWARD_DATABASE_URL: 'mysql://user:hunter2@db' }), (err: Error) => !err.message.includes('hunter2'));
  });
});

describe('start-up with invalid configuration', () => {
  it('stops with exit code 2 and a one-line reason', async () => {
    const { code, stderr } = await runServerToExit({ KEYWARD_PORT: 'nope' });
    assert.equal(code, 2);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /^keyward: invalid configuration: port .* whole number/);
  });
});
