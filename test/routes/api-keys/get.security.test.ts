// GET /iam/v2/api-keys/{id}, beyond the shared auth matrix: no secret in the body, and another
// owner's key is indistinguishable from a key that does not exist.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFailure, assertNoSecret, createdKey, eachDialect, getKey, newServiceAccount, type Ctx } from './fixtures.js';

eachDialect('GET /iam/v2/api-keys/{id} security', (ctx: Ctx) => {
  it('never carries the secret, to the admin or to the owner', async () => {
    const { t } = ctx;
    const user = await t.createUserWithKey();
    const created = await createdKey(t, { owner: { id: user.principalId } });
    for (const as of [undefined, user]) {
      const res = await getKey(t, created.id, as);
      assert.equal(res.statusCode, 200, res.body);
      assertNoSecret(res.body, created.spec.secret);
    }
    assertNoSecret((await getKey(t, user.keyId, user)).body, user.secret);
  });

  it("answers another owner's key exactly like a key that does not exist", async () => {
    const { t } = ctx;
    const user = await t.createUserWithKey();
    const other = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    const hidden = await getKey(t, other.id, user);
    const missing = await getKey(t, 'QQQQQQQQQQQQQQQQ', user);
    assertFailure(hidden, { status: 404, code: 'not_found' });
    assertFailure(missing, { status: 404, code: 'not_found' });
    const shape = (res: typeof hidden, id: string) => {
      const { id: _requestId, ...error } = res.json().errors[0];
      return { ...error, detail: error.detail.replace(id, '<id>') };
    };
    assert.deepEqual(shape(hidden, other.id), shape(missing, 'QQQQQQQQQQQQQQQQ'));
    assertFailure(await getKey(t, t.admin.keyId, user), { status: 404, code: 'not_found' });
  });
});
