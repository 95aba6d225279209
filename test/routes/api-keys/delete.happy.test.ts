// DELETE /iam/v2/api-keys/{id}, the paths that succeed: 204 with no body, then the key is gone for
// GET, DELETE, lists and authentication, soft-deleted in the store with an audit entry.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertFailure, assertStandardHeaders, assertRateLimitHeaders, assertTimestampBetween, auditRows, createdKey, day,
  deleteKey, eachDialect, getKey, listKeys, newServiceAccount, nowIso, send, withoutHash, type Ctx,
} from './fixtures.js';

eachDialect('DELETE /iam/v2/api-keys/{id} happy paths', (ctx: Ctx) => {
  it('answers 204 with no body, then GET and DELETE answer 404 and the key no longer authenticates', async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const before = nowIso(t);
    const res = await deleteKey(t, user.keyId);
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(res.body, '');
    assertStandardHeaders(res);
    assertRateLimitHeaders(res);

    assertFailure(await getKey(t, user.keyId), { status: 404, code: 'not_found' });
    assertFailure(await deleteKey(t, user.keyId), { status: 404, code: 'not_found' });
    assertFailure(await listKeys(t, '', user), { status: 401, code: 'user_unauthenticated' });

    const stored = await t.store.getApiKey(orgId, user.keyId);
    assert.ok(stored?.deletedAt);
    assertTimestampBetween(stored.deletedAt, before, nowIso(t));
    assert.equal(withoutHash(stored).ownerId, user.principalId);
    assert.deepEqual(await auditRows(ctx, 'api_key.delete'), [{
      orgId, actorId: t.admin.principalId, action: 'api_key.delete', targetKind: 'ApiKey', targetId: user.keyId,
      at: stored.deletedAt, details: {},
    }]);
  });

  it('removes the key from every list, show_expired included', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const kept = await createdKey(t, { owner: { id: sa } });
    const gone = await createdKey(t, { owner: { id: sa } });
    assert.equal((await deleteKey(t, gone.id)).statusCode, 204);
    for (const query of [`?spec.owner=${sa}`, `?spec.owner=${sa}&show_expired=true`]) {
      assert.deepEqual((await listKeys(t, query)).json().data.map((k: { id: string }) => k.id), [kept.id]);
    }
  });

  it('deletes an expired key', async () => {
    const { t, orgId } = ctx;
    const created = await createdKey(t, { owner: { id: await newServiceAccount(t) }, expires_at: day(t) });
    t.clock.advanceDays(1);
    assert.equal((await deleteKey(t, created.id)).statusCode, 204);
    assert.ok((await t.store.getApiKey(orgId, created.id))?.deletedAt);
  });

  it('deletes every key of an owner that is deleted', async () => {
    const { t, orgId } = ctx;
    const sa = await t.createServiceAccountWithKey();
    const second = await createdKey(t, { owner: { id: sa.principalId }, resource: { id: 'lkc-abc123' } });
    assert.equal((await send(t, { method: 'DELETE', url: `/iam/v2/service-accounts/${sa.principalId}` })).statusCode, 204);
    for (const id of [sa.keyId, second.id]) {
      assertFailure(await getKey(t, id), { status: 404, code: 'not_found' });
      assert.ok((await t.store.getApiKey(orgId, id))?.deletedAt);
    }
    assert.deepEqual((await listKeys(t, `?spec.owner=${sa.principalId}&show_expired=true`)).json().data, []);
  });
});
