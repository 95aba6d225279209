// The verification settings of loadConfig: defaults, values and refusals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/server/config.js';

describe('verification configuration', () => {
  it('defaults to 60 failures a minute, 100 000 cached credentials for 30 s, admins only, no trusted proxy', () => {
    const config = loadConfig({});
    assert.deepEqual(config.verify, { failuresPerMinute: 60, cacheSize: 100_000, cacheTtlMs: 30_000, principals: [] });
    assert.equal(config.trustProxy, undefined);
    assert.ok(Object.isFrozen(config.verify));
  });

  it('reads the environment', () => {
    const config = loadConfig({
      KEYWARD_VERIFY_FAILURES_PER_MINUTE: '0', KEYWARD_VERIFY_CACHE_SIZE: '500', KEYWARD_VERIFY_CACHE_TTL_SECONDS: '5',
      KEYWARD_VERIFY_PRINCIPALS: 'sa-proxy01, u-ops0001,', KEYWARD_TRUST_PROXY: '127.0.0.1,10.0.0.0/8',
    });
    assert.deepEqual(config.verify, { failuresPerMinute: 0, cacheSize: 500, cacheTtlMs: 5000, principals: ['sa-proxy01', 'u-ops0001'] });
    assert.equal(config.trustProxy, '127.0.0.1,10.0.0.0/8');
  });

  it('refuses bad values with a one-line reason', () => {
    for (const [name, value, message] of [
      ['KEYWARD_VERIFY_FAILURES_PER_MINUTE', '-1', /KEYWARD_VERIFY_FAILURES_PER_MINUTE must be a whole number/],
      ['KEYWARD_VERIFY_CACHE_SIZE', 'lots', /KEYWARD_VERIFY_CACHE_SIZE must be a whole number/],
      ['KEYWARD_VERIFY_CACHE_TTL_SECONDS', '0', /between 1 and 3600/],
      ['KEYWARD_VERIFY_PRINCIPALS', 'env-abc', /user \(u-…\) or service account \(sa-…\) ids, got 'env-abc'/],
    ] as const) {
      assert.throws(() => loadConfig({ [name]: value }), (err: unknown) => err instanceof ConfigError && message.test(err.message), name);
    }
  });
});
