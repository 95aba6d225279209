// `POST /keyward/v1/verify`: verification on a client's behalf, for admins and granted principals.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyId } from '../../src/core/key-material.js';
import { dialects } from '../helpers/dialects.js';
import { createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

const PATH = '/keyward/v1/verify';

function flip(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
}

for (const dialect of dialects) {
  describe(`POST ${PATH} (${dialect})`, () => {
    let t: TestApp;
    let granted: TestApp;
    let user: Credentials;
    let cluster: Credentials;

    before(async () => {
      t = await createTestApp(dialect);
      user = await t.createUserWithKey('verify-user');
      cluster = await t.createKey(user.principalId, { resource: { id: 'lkc-abc123' }, expires_at: '2999-12-31' });
    });
    after(async () => {
      await t.close();
      await granted?.close();
    });

    const verify = (payload: Record<string, unknown>, as?: Credentials | null) =>
      t.request({ method: 'POST', url: PATH, payload, ...(as !== undefined && { as }) });

    it('answers a valid key with its owner, resource and expiry, and never echoes the secret', async () => {
      const res = await verify({ api_key: cluster.keyId, api_secret: cluster.secret, resource: 'lkc-abc123' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.deepEqual(res.json(), {
        valid: true, key_id: cluster.keyId,
        owner: { id: user.principalId, kind: 'User' },
        resource: { id: 'lkc-abc123', kind: 'Cluster' },
        expires_at: '2999-12-31',
      });
      assert.equal(res.body.includes(cluster.secret), false);
    });

    it('defaults the resource to the management API', async () => {
      const res = await verify({ api_key: user.keyId, api_secret: user.secret });
      assert.deepEqual(res.json(), { valid: true, key_id: user.keyId, owner: { id: user.principalId, kind: 'User' }, resource: { id: 'cloud', kind: 'Cloud' } });
    });

    it('answers each failure with its reason, naming owner and resource only when the secret was right', async () => {
      const unknownId = generateKeyId();
      assert.deepEqual((await verify({ api_key: unknownId, api_secret: user.secret })).json(),
        { valid: false, reason: 'unknown_key', key_id: unknownId });
      const wrong = await verify({ api_key: user.keyId, api_secret: flip(user.secret) });
      assert.deepEqual(wrong.json(), { valid: false, reason: 'wrong_secret', key_id: user.keyId });
      assert.equal(wrong.body.includes(flip(user.secret)), false);
      assert.deepEqual((await verify({ api_key: cluster.keyId, api_secret: cluster.secret, resource: 'lkc-zzz999' })).json(), {
        valid: false, reason: 'wrong_resource', key_id: cluster.keyId,
        owner: { id: user.principalId, kind: 'User' }, resource: { id: 'lkc-abc123', kind: 'Cluster' }, expires_at: '2999-12-31',
      });

      const today = t.clock.now().toISOString().slice(0, 10);
      const expiring = await t.createKey(user.principalId, { expires_at: today });
      t.clock.advanceDays(1);
      try {
        const expired = (await verify({ api_key: expiring.keyId, api_secret: expiring.secret })).json();
        assert.deepEqual([expired.valid, expired.reason, expired.expires_at], [false, 'expired', today]);
      } finally {
        t.clock.advanceDays(-1);
      }

      const sa = await t.createServiceAccountWithKey('verify-doomed');
      assert.equal((await t.request({ method: 'DELETE', url: `/iam/v2/service-accounts/${sa.principalId}` })).statusCode, 204);
      assert.deepEqual((await verify({ api_key: sa.keyId, api_secret: sa.secret })).json(), {
        valid: false, reason: 'owner_deleted', key_id: sa.keyId,
        owner: { id: sa.principalId, kind: 'ServiceAccount' }, resource: { id: 'cloud', kind: 'Cloud' },
      });
    });

    it('needs credentials (401) of an admin (403 for anyone else)', async () => {
      const none = await verify({ api_key: user.keyId, api_secret: user.secret }, null);
      assert.equal(none.statusCode, 401);
      assert.match(String(none.headers['www-authenticate']), /^Basic /);
      const bad = await verify({ api_key: user.keyId, api_secret: user.secret }, { ...t.admin, secret: flip(t.admin.secret) });
      assert.equal(bad.statusCode, 401);
      const nonAdmin = await verify({ api_key: cluster.keyId, api_secret: cluster.secret, resource: 'lkc-abc123' }, user);
      assert.equal(nonAdmin.statusCode, 403, nonAdmin.body);
      assert.equal(nonAdmin.json().errors[0].code, 'user_unauthorized');
      // A cluster key cannot call it either: it is a management call.
      assert.equal((await verify({ api_key: user.keyId, api_secret: user.secret }, cluster)).statusCode, 401);
    });

    it('answers 422 with a pointer to a body of the wrong shape', async () => {
      for (const [payload, pointer] of [
        [{ api_secret: 'x' }, '/api_key'],
        [{ api_key: user.keyId }, '/api_secret'],
        [{ api_key: user.keyId, api_secret: 5 }, '/api_secret'],
        [{ api_key: user.keyId, api_secret: user.secret, resource: '' }, '/resource'],
      ] as const) {
        const res = await verify(payload);
        assert.equal(res.statusCode, 422, res.body);
        assert.equal(res.json().errors[0].code, 'invalid_configuration');
        assert.equal(res.json().errors[0].source.pointer, pointer);
      }
    });

    it('lets a principal named in KEYWARD_VERIFY_PRINCIPALS verify (a simple grant)', async () => {
      // Ids are random, so the account is created first and a second keyward on the same store gets the grant.
      granted = await createTestApp(dialect);
      const sa = await granted.createServiceAccountWithKey('verifier-service');
      const denied = await granted.request({ method: 'POST', url: PATH, payload: { api_key: sa.keyId, api_secret: sa.secret }, as: sa });
      assert.equal(denied.statusCode, 403);
      const { startKeyward } = await import('../../src/server/keyward.js');
      const { loadConfig } = await import('../../src/server/config.js');
      const config = loadConfig({ ...envOf(granted), KEYWARD_VERIFY_PRINCIPALS: `u-nobody1, ${sa.principalId}` });
      const second = await startKeyward(config, { logger: false, store: granted.store, clock: granted.clock });
      try {
        const res = await second.app.inject({ method: 'POST', url: PATH, payload: { api_key: sa.keyId, api_secret: sa.secret },
          headers: { authorization: `Basic ${Buffer.from(`${sa.keyId}:${sa.secret}`).toString('base64')}` } });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().valid, true);
      } finally {
        await second.app.close();
      }
    });
  });
}

function envOf(app: TestApp): Record<string, string> {
  return {
    KEYWARD_DATA_DIR: app.config.dataDir,
    KEYWARD_PUBLIC_URL: app.config.publicUrl,
    KEYWARD_RATE_LIMIT_PER_MINUTE: '100000',
  };
}
