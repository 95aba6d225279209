// PATCH /iam/v2/api-keys/{id}, beyond the shared auth matrix: an update can never show, set or
// rotate the secret, rewrite created_by, or hand the key to someone else; owners may rename their keys.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertFailure, assertNoSecret, assertOk, auditRows, createdKey, eachDialect, getKey, listKeys, newServiceAccount,
  updateKey, type Ctx,
} from './fixtures.js';

eachDialect('PATCH /iam/v2/api-keys/{id} security', (ctx: Ctx) => {
  it('never returns the secret', async () => {
    const { t } = ctx;
    const created = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    const res = await updateKey(t, created.id, { spec: { display_name: 'renamed' } });
    assertOk(res, 200);
    assertNoSecret(res.body, created.spec.secret);
  });

  it('ignores a secret in the body: the stored hash and the working secret stay the same', async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const hashBefore = (await t.store.getApiKey(orgId, user.keyId))?.secretHash;
    const proposed = 'cflt' + 'B'.repeat(60);
    const res = await updateKey(t, user.keyId, { spec: { secret: proposed, description: 'rotated?' } }, user);
    assertOk(res, 200);
    assertNoSecret(res.body, proposed);
    assert.ok(hashBefore?.equals((await t.store.getApiKey(orgId, user.keyId))!.secretHash));
    assertOk(await listKeys(t, '', user), 200);
    assert.equal((await listKeys(t, '', { ...user, secret: proposed })).statusCode, 401);
  });

  it('ignores created_by in the body', async () => {
    const { t, orgId } = ctx;
    const created = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    const res = await updateKey(t, created.id, { spec: { created_by: 'u-mallory', display_name: 'x' } });
    assertOk(res, 200);
    assert.equal(res.json().spec.created_by, t.admin.principalId);
    assert.equal((await t.store.getApiKey(orgId, created.id))?.createdBy, t.admin.principalId);
  });

  it('lets an ordinary user rename its own key, audited with the user as actor', async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const res = await updateKey(t, user.keyId, { spec: { display_name: 'my laptop' } }, user);
    assertOk(res, 200);
    assert.equal(res.json().spec.display_name, 'my laptop');
    assert.equal(res.json().spec.created_by, t.admin.principalId);
    assert.equal((await t.store.getApiKey(orgId, user.keyId))?.displayName, 'my laptop');
    const [audit] = await auditRows(ctx, 'api_key.update');
    assert.equal(audit?.actorId, user.principalId);
  });

  it('refuses an owner handing its key to another principal', async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const res = await updateKey(t, user.keyId, { spec: { owner: { id: t.admin.principalId } } }, user);
    assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/owner' });
    assert.equal((await t.store.getApiKey(orgId, user.keyId))?.ownerId, user.principalId);
    assert.equal((await getKey(t, user.keyId, user)).statusCode, 200);
  });

  it("leaves another owner's key untouched when an ordinary user tries to rename it", async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    assertFailure(await updateKey(t, t.admin.keyId, { spec: { display_name: 'pwned' } }, user), { status: 404, code: 'not_found' });
    assert.equal((await t.store.getApiKey(orgId, t.admin.keyId))?.displayName, 'bootstrap admin key');
    assert.deepEqual(await auditRows(ctx, 'api_key.update'), []);
  });
});
