// DELETE /iam/v2/api-keys/{id}, beyond the shared auth matrix: owners may delete their own keys (the
// one they are calling with included), and a refused delete leaves the key alive.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFailure, auditRows, createdKey, deleteKey, eachDialect, getKey, listKeys, newServiceAccount, type Ctx } from './fixtures.js';

eachDialect('DELETE /iam/v2/api-keys/{id} security', (ctx: Ctx) => {
  it('lets an ordinary user delete another of its keys, audited with the user as actor', async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const spare = await createdKey(t, { owner: { id: user.principalId } });
    assert.equal((await deleteKey(t, spare.id, user)).statusCode, 204);
    assert.ok((await t.store.getApiKey(orgId, spare.id))?.deletedAt);
    const [audit] = await auditRows(ctx, 'api_key.delete');
    assert.equal(audit?.actorId, user.principalId);
    assert.equal((await listKeys(t, '', user)).statusCode, 200);
  });

  it('lets a caller delete the very key it calls with; the next request with it is 401', async () => {
    const { t } = ctx;
    const user = await t.createUserWithKey();
    assert.equal((await deleteKey(t, user.keyId, user)).statusCode, 204);
    assertFailure(await getKey(t, user.keyId, user), { status: 401, code: 'user_unauthenticated' });
  });

  it("keeps another owner's key alive when an ordinary user tries to delete it", async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const other = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    for (const id of [other.id, t.admin.keyId]) {
      assertFailure(await deleteKey(t, id, user), { status: 404, code: 'not_found' });
      assert.equal((await t.store.getApiKey(orgId, id))?.deletedAt, null);
    }
    assert.deepEqual(await auditRows(ctx, 'api_key.delete'), []);
    assert.equal((await getKey(t, other.id)).statusCode, 200);
  });
});
