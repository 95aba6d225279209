// POST /iam/v2/api-keys, what the shared auth matrix cannot express: the secret is shown once and
// stored only as a keyed hash, created_by is always the caller, and ordinary users may create keys
// for themselves.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  API_KEYS, api, assertFailure, assertNoSecret, assertOk, auditRows, createKey, createdKey, eachDialect, expectedFrom,
  getKey, listKeys, newServiceAccount, updateKey, type Ctx,
} from './fixtures.js';

eachDialect('POST /iam/v2/api-keys security', (ctx: Ctx) => {
  it('shows the secret in the create response only, never in GET, list or update bodies', async () => {
    const { t } = ctx;
    const created = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    const secret = created.spec.secret!;
    for (const res of [
      await getKey(t, created.id),
      await listKeys(t),
      await listKeys(t, '?show_expired=true&page_size=100'),
      await updateKey(t, created.id, { spec: { display_name: 'renamed' } }),
    ]) {
      assert.equal(res.statusCode, 200, res.body);
      assertNoSecret(res.body, secret);
    }
  });

  it('stores only a 32-byte keyed hash of the secret, never the secret, and audits no secret', async () => {
    const { t, orgId } = ctx;
    const created = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    const secret = created.spec.secret!;
    const stored = await t.store.getApiKey(orgId, created.id);
    assert.ok(stored);
    assert.ok(Buffer.isBuffer(stored.secretHash));
    assert.equal(stored.secretHash.length, 32);
    assert.ok(!stored.secretHash.equals(createHash('sha256').update(secret).digest()), 'an unkeyed SHA-256 could be brute-forced offline');
    assert.equal(stored.secretHash.indexOf(Buffer.from(secret)), -1);
    assert.ok(!JSON.stringify({ ...stored, secretHash: stored.secretHash.toString('hex') }).includes(secret));
    assert.ok(!JSON.stringify(await t.store.listAudit(orgId, 100)).includes(secret));
    const credential = await t.store.getCredential(created.id);
    assert.ok(credential && !JSON.stringify(credential).includes(secret));
  });

  it('lets an ordinary user create a key for itself, with created_by the user', async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const res = await createKey(t, { display_name: 'mine', owner: { id: user.principalId } }, user);
    assertOk(res, 202);
    const body = res.json();
    assert.deepEqual(body, expectedFrom(orgId, body, { ownerId: user.principalId, displayName: 'mine', createdBy: user.principalId, secret: body.spec.secret }));
    assert.equal((await t.store.getApiKey(orgId, body.id))?.createdBy, user.principalId);
    const audit = (await auditRows(ctx, 'api_key.create')).find((a) => a.targetId === body.id);
    assert.equal(audit?.actorId, user.principalId);

    const fresh = { keyId: body.id, secret: body.spec.secret!, principalId: user.principalId };
    assertOk(await listKeys(t, '', fresh), 200);
  });

  it('lets a service account create a key for itself', async () => {
    const { t } = ctx;
    const sa = await t.createServiceAccountWithKey();
    const body = await createdKey(t, { owner: { id: sa.principalId }, resource: { id: 'lkc-abc123' } }, sa);
    assert.equal(body.spec.created_by, sa.principalId);
    assert.equal(body.spec.owner.id, sa.principalId);
  });

  it('refuses an ordinary user creating a key for the admin, and writes nothing', async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const before = await t.store.listAudit(orgId, 100);
    const res = await createKey(t, { owner: { id: t.admin.principalId } }, user);
    assertFailure(res, { status: 403, code: 'user_unauthorized' });
    assert.deepEqual(await t.store.listAudit(orgId, 100), before);
  });

  it('ignores a created_by the client claims: created_by is the caller', async () => {
    const { t } = ctx;
    const user = await t.createUserWithKey();
    const body = await createdKey(t, { owner: { id: user.principalId }, created_by: t.admin.principalId }, user);
    assert.equal(body.spec.created_by, user.principalId);
    const byAdmin = await createdKey(t, { owner: { id: user.principalId }, created_by: user.principalId });
    assert.equal(byAdmin.spec.created_by, t.admin.principalId);
  });

  it('ignores a secret the client proposes: keyward generates it, and the proposed one does not authenticate', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const proposed = 'cflt' + 'A'.repeat(60);
    const body = await createdKey(t, { owner: { id: sa }, secret: proposed });
    assert.notEqual(body.spec.secret, proposed);
    const res = await api(t, { method: 'GET', url: API_KEYS, as: { keyId: body.id, secret: proposed, principalId: sa } });
    assertFailure(res, { status: 401, code: 'user_unauthenticated' });
    assert.match(String(res.headers['www-authenticate']), /^Basic /);
  });
});
