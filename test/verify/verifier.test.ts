// The in-process Verifier: every outcome, resource scoping, and revocation through its cache.
// It is the app's own verifier (keyward.verifier), so these are also what the management API's
// auth hook and the /keyward/v1 endpoints decide.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialCache } from '../../src/core/credential-cache.js';
import { FailureLimiter } from '../../src/core/failure-limiter.js';
import { generateKeyId } from '../../src/core/key-material.js';
import type { Verifier } from '../../src/core/verifier.js';
import { verifyWithinBudget } from '../../src/server/plugins/verification-guard.js';
import { dialects } from '../helpers/dialects.js';
import { createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

function flip(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
}

for (const dialect of dialects) {
  describe(`Verifier (${dialect})`, () => {
    let t: TestApp;
    let verifier: Verifier;
    let cloud: Credentials;

    before(async () => {
      t = await createTestApp(dialect);
      verifier = t.keyward.verifier;
      cloud = await t.createServiceAccountWithKey('verify-cloud');
    });
    after(async () => t.close());

    it('accepts a Cloud key for the management API and names its owner, resource and expiry', async () => {
      const answer = await verifier.verify(cloud.keyId, cloud.secret, 'cloud');
      assert.equal(answer.valid, true);
      assert.ok(answer.valid);
      assert.equal(answer.keyId, cloud.keyId);
      assert.deepEqual(answer.owner, { id: cloud.principalId, kind: 'ServiceAccount' });
      assert.deepEqual(answer.resource, { id: 'cloud', kind: 'Cloud', apiVersion: 'iam/v2', environment: null });
      assert.equal(answer.expiresAt, null);
      assert.equal(answer.principal.id, cloud.principalId);
      assert.equal(answer.principal.isAdmin, false);
      // 'global' and any case of the management ids name the management API too.
      assert.equal((await verifier.verify(cloud.keyId, cloud.secret, 'global')).valid, true);
      assert.equal((await verifier.verify(cloud.keyId, cloud.secret, 'CLOUD')).valid, true);
    });

    it('accepts a Global key for the management API, and the admin key as an admin', async () => {
      const global = await t.createKey(cloud.principalId, { resource: { id: 'global' } });
      assert.equal((await verifier.verify(global.keyId, global.secret, 'cloud')).valid, true);
      const admin = await verifier.verify(t.admin.keyId, t.admin.secret, 'cloud');
      assert.ok(admin.valid);
      assert.equal(admin.principal.isAdmin, true);
    });

    it('accepts a cluster key for its own cluster only: not another cluster, not the management API', async () => {
      const cluster = await t.createKey(cloud.principalId, { resource: { id: 'lkc-abc123' } });
      const own = await verifier.verify(cluster.keyId, cluster.secret, 'lkc-abc123');
      assert.ok(own.valid);
      assert.equal(own.resource.kind, 'Cluster');
      for (const other of ['lkc-zzz999', 'cloud', 'lsrc-abc123']) {
        const answer = await verifier.verify(cluster.keyId, cluster.secret, other);
        assert.equal(answer.valid, false, other);
        assert.ok(!answer.valid && answer.reason === 'wrong_resource');
        assert.equal(answer.resource.id, 'lkc-abc123', 'the key proved its secret, so its scope is told');
      }
    });

    it('refuses a Cloud key on a cluster (wrong_resource)', async () => {
      const answer = await verifier.verify(cloud.keyId, cloud.secret, 'lkc-abc123');
      assert.deepEqual([answer.valid, !answer.valid && answer.reason], [false, 'wrong_resource']);
    });

    it('answers unknown_key and wrong_secret without naming the owner or the resource', async () => {
      const unknown = await verifier.verify(generateKeyId(), cloud.secret, 'cloud');
      assert.deepEqual(unknown, { valid: false, reason: 'unknown_key', keyId: unknown.keyId });
      const malformed = await verifier.verify('not-a-key', cloud.secret, 'cloud');
      assert.deepEqual(malformed, { valid: false, reason: 'unknown_key', keyId: 'not-a-key' });
      const wrong = await verifier.verify(cloud.keyId, flip(cloud.secret), 'cloud');
      assert.deepEqual(wrong, { valid: false, reason: 'wrong_secret', keyId: cloud.keyId });
    });

    it('answers expired after the last day of expires_at, from the cached record', async () => {
      const today = t.clock.now().toISOString().slice(0, 10);
      const key = await t.createKey(cloud.principalId, { expires_at: today });
      const valid = await verifier.verify(key.keyId, key.secret, 'cloud');
      assert.ok(valid.valid);
      assert.equal(valid.expiresAt, today);
      // Once from the cache too, so that the secret is remembered (see below): expiry still applies.
      assert.ok((await verifier.verify(key.keyId, key.secret, 'cloud')).valid);
      assert.ok(verifier.cache.peek(key.keyId)?.verifiedFingerprint);
      const loads = verifier.cache.stats().loads;
      t.clock.advanceDays(1);
      try {
        const answer = await verifier.verify(key.keyId, key.secret, 'cloud');
        assert.ok(!answer.valid && answer.reason === 'expired');
        assert.equal(answer.expiresAt, today);
        assert.equal(verifier.cache.stats().loads, loads, 'expiry is decided from the cache, without a store read');
      } finally {
        t.clock.advanceDays(-1);
      }
    });

    it('serves repeated verifications from the cache, checking the secret every time', async () => {
      const key = await t.createKey(cloud.principalId);
      await verifier.verify(key.keyId, key.secret, 'cloud');
      const before = verifier.cache.stats();
      for (let i = 0; i < 20; i++) assert.equal((await verifier.verify(key.keyId, key.secret, 'cloud')).valid, true);
      assert.equal((await verifier.verify(key.keyId, flip(key.secret), 'cloud')).valid, false);
      const after = verifier.cache.stats();
      assert.equal(after.loads, before.loads);
      assert.equal(after.hits, before.hits + 21);
    });

    it('remembers on the cached entry only a fingerprint of the secret it accepted, until the entry is read again', async () => {
      const key = await t.createKey(cloud.principalId);
      assert.equal((await verifier.verify(key.keyId, key.secret, 'cloud')).valid, true);
      assert.equal(verifier.cache.peek(key.keyId)?.verifiedFingerprint, undefined, 'the first answer came from the store');
      assert.equal((await verifier.verify(key.keyId, key.secret, 'cloud')).valid, true);
      const remembered = verifier.cache.peek(key.keyId)?.verifiedFingerprint;
      assert.equal(remembered?.length, 32);
      assert.ok(!remembered.includes(key.secret.slice(4, 12)));
      const wrong = await verifier.verify(key.keyId, flip(key.secret), 'cloud');
      assert.deepEqual(wrong, { valid: false, reason: 'wrong_secret', keyId: key.keyId });
      assert.equal(verifier.cache.peek(key.keyId)?.verifiedFingerprint, remembered);
      assert.equal((await verifier.verify(key.keyId, key.secret, 'lkc-other1')).valid, false, 'the resource is still checked');

      verifier.cache.revoke({ type: 'reset', live: true });
      assert.equal((await verifier.verify(key.keyId, key.secret, 'cloud')).valid, true);
      assert.equal(verifier.cache.peek(key.keyId)?.verifiedFingerprint, undefined, 'a credential read again starts without one');
    });

    it('stops a deleted key at once, though it was cached (unknown_key)', async () => {
      const key = await t.createKey(cloud.principalId);
      assert.equal((await verifier.verify(key.keyId, key.secret, 'cloud')).valid, true);
      const res = await t.request({ method: 'DELETE', url: `/iam/v2/api-keys/${key.keyId}` });
      assert.equal(res.statusCode, 204);
      const answer = await verifier.verify(key.keyId, key.secret, 'cloud');
      assert.deepEqual(answer, { valid: false, reason: 'unknown_key', keyId: key.keyId });
    });

    for (const kind of ['service account', 'user'] as const) {
      it(`stops the cached keys of a deleted ${kind} at once (owner_deleted)`, async () => {
        const owned = kind === 'user' ? await t.createUserWithKey('doomed') : await t.createServiceAccountWithKey('doomed');
        const cluster = await t.createKey(owned.principalId, { resource: { id: 'lkc-own123' } });
        assert.equal((await verifier.verify(owned.keyId, owned.secret, 'cloud')).valid, true);
        assert.equal((await verifier.verify(cluster.keyId, cluster.secret, 'lkc-own123')).valid, true);
        const path = kind === 'user' ? 'users' : 'service-accounts';
        assert.equal((await t.request({ method: 'DELETE', url: `/iam/v2/${path}/${owned.principalId}` })).statusCode, 204);
        const answer = await verifier.verify(owned.keyId, owned.secret, 'cloud');
        assert.ok(!answer.valid && answer.reason === 'owner_deleted');
        assert.equal(answer.owner.id, owned.principalId);
        const clusterAnswer = await verifier.verify(cluster.keyId, cluster.secret, 'lkc-own123');
        assert.ok(!clusterAnswer.valid && clusterAnswer.reason === 'owner_deleted');
        // Without the secret, a deleted owner's key is simply unknown.
        const guessed = await verifier.verify(owned.keyId, flip(owned.secret), 'cloud');
        assert.deepEqual(guessed, { valid: false, reason: 'unknown_key', keyId: owned.keyId });
      });
    }

    it('answers a key the cache does not hold with one cache lookup and one store read, alone and within the budgets', async () => {
      const calls = { peek: 0, read: 0 };
      const peek = CredentialCache.prototype.peek;
      const read = t.store.getCredential;
      CredentialCache.prototype.peek = function (this: CredentialCache, id: string) {
        calls.peek++;
        return peek.call(this, id);
      };
      t.store.getCredential = (id: string) => {
        calls.read++;
        return read.call(t.store, id);
      };
      try {
        const alone = await t.createKey(cloud.principalId);
        calls.peek = calls.read = 0;
        assert.equal((await verifier.verify(alone.keyId, alone.secret, 'cloud')).valid, true);
        assert.deepEqual(calls, { peek: 1, read: 1 });

        const guarded = await t.createKey(cloud.principalId);
        calls.peek = calls.read = 0;
        const answer = await verifyWithinBudget(verifier, new FailureLimiter(10), guarded, 'cloud', undefined);
        assert.equal(answer.refused, undefined);
        assert.equal(answer.verification?.valid, true);
        assert.deepEqual(calls, { peek: 1, read: 1 });
      } finally {
        CredentialCache.prototype.peek = peek;
        t.store.getCredential = read;
      }
    });

    it('does not remember a credential whose load overlapped a delete', async () => {
      const key = await t.createKey(cloud.principalId);
      const pending = verifier.verify(key.keyId, key.secret, 'cloud');
      assert.equal((await t.request({ method: 'DELETE', url: `/iam/v2/api-keys/${key.keyId}` })).statusCode, 204);
      await pending;
      assert.equal((await verifier.verify(key.keyId, key.secret, 'cloud')).valid, false);
    });
  });
}
