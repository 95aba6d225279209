// The PostgreSQL revocation feed, seen from a Verifier opened beside keyward (openVerifier, its own
// connections): deletes arrive by NOTIFY, only the schema's own, and a lost LISTEN connection is
// re-established (the cache is emptied and off meanwhile, since notifications may be missed).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openVerifier } from '../../src/core/open-verifier.js';
import type { Verifier } from '../../src/core/verifier.js';
import { loadOrCreateServerSecret } from '../../src/core/server-keys.js';
import { postgresUrl } from '../helpers/dialects.js';
import { createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

const skip = postgresUrl ? false : 'KEYWARD_TEST_DATABASE_URL not set';

async function millisUntil(check: () => Promise<boolean> | boolean, limitMs = 5000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`condition did not hold within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('PostgreSQL revocation feed (openVerifier beside keyward)', { skip, timeout: 60_000 }, () => {
  let t: TestApp;
  let other: TestApp;
  let verifier: Verifier;

  before(async () => {
    t = await createTestApp('postgres');
    // A second keyward on another schema of the same database: its notifications must be ignored.
    other = await createTestApp('postgres');
    verifier = await openVerifier({
      databaseUrl: postgresUrl!, databaseSchema: t.db.schema!,
      serverSecret: loadOrCreateServerSecret(t.config.dataDir).toString('hex'),
    });
  });
  after(async () => {
    await verifier?.close();
    await other?.close();
    await t?.close();
  });

  const valid = async (key: Credentials) => (await verifier.verify(key.keyId, key.secret, 'cloud')).valid;

  it('hears a key delete made by another process within one second, having served the key from its cache', async () => {
    const key = await t.createServiceAccountWithKey('feed');
    assert.equal(await valid(key), true);
    const loads = verifier.cache.stats().loads;
    assert.equal(await valid(key), true);
    assert.equal(verifier.cache.stats().loads, loads, 'cached');
    assert.equal((await t.request({ method: 'DELETE', url: `/iam/v2/api-keys/${key.keyId}` })).statusCode, 204);
    const delay = await millisUntil(async () => !(await valid(key)));
    console.log(`openVerifier refused a key deleted through keyward after ${delay.toFixed(1)} ms`);
    assert.ok(delay < 1000);
  });

  it("ignores another schema's notifications", async () => {
    const key = await t.createServiceAccountWithKey('kept');
    assert.equal(await valid(key), true);
    const entries = verifier.cache.stats().entries;
    const foreign = await other.createServiceAccountWithKey('foreign');
    assert.equal((await other.request({ method: 'DELETE', url: `/iam/v2/service-accounts/${foreign.principalId}` })).statusCode, 204);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(verifier.cache.stats().entries, entries, 'nothing was forgotten');
  });

  it('re-listens after its connection is killed, emptying the cache meanwhile, and hears deletes again', async () => {
    const key = await t.createServiceAccountWithKey('reconnect');
    assert.equal(await valid(key), true);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'LISTEN%'`,
        [`keyward:${t.db.schema}`]);
      assert.ok(killed.rowCount! >= 1, 'a LISTEN connection was found');
    } finally {
      await admin.end();
    }
    await millisUntil(() => !verifier.cache.stats().live);
    assert.equal(verifier.cache.stats().entries, 0);
    const back = await millisUntil(() => verifier.cache.stats().live);
    console.log(`LISTEN connection re-established ${back.toFixed(0)} ms after it was noticed lost`);
    assert.equal(await valid(key), true);
    assert.equal(verifier.cache.stats().entries > 0, true, 'caching again');
    assert.equal((await t.request({ method: 'DELETE', url: `/iam/v2/service-accounts/${key.principalId}` })).statusCode, 204);
    const delay = await millisUntil(async () => !(await valid(key)));
    assert.ok(delay < 1000, `owner revocation after reconnect took ${delay} ms`);
  });
});
