// DELETE /iam/v2/api-keys/{id}, the deletes that fail: unknown, already deleted and malformed ids.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFailure, auditRows, createdKey, deleteKey, eachDialect, liveKeys, newServiceAccount, type Ctx } from './fixtures.js';

eachDialect('DELETE /iam/v2/api-keys/{id} errors', (ctx: Ctx) => {
  it('answers 404 not_found, naming the id, to an id that never existed, and deletes nothing', async () => {
    const res = await deleteKey(ctx.t, 'ZZZZZZZZZZZZZZZZ');
    assertFailure(res, { status: 404, code: 'not_found', detail: /ZZZZZZZZZZZZZZZZ/ });
    assert.deepEqual((await liveKeys(ctx)).map((k) => k.id), [ctx.t.admin.keyId]);
    assert.deepEqual(await auditRows(ctx, 'api_key.delete'), []);
  });

  it('answers 404 to a second delete and audits only the first', async () => {
    const { t } = ctx;
    const created = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    assert.equal((await deleteKey(t, created.id)).statusCode, 204);
    const deletedAt = (await t.store.getApiKey(ctx.orgId, created.id))?.deletedAt;
    assertFailure(await deleteKey(t, created.id), { status: 404, code: 'not_found' });
    assert.equal((await t.store.getApiKey(ctx.orgId, created.id))?.deletedAt, deletedAt);
    assert.equal((await auditRows(ctx, 'api_key.delete')).length, 1);
  });

  it('answers 404 to the lower-case spelling of an existing id, and keeps the key', async () => {
    const { t } = ctx;
    assertFailure(await deleteKey(t, t.admin.keyId.toLowerCase()), { status: 404, code: 'not_found' });
    assert.equal((await t.store.getApiKey(ctx.orgId, t.admin.keyId))?.deletedAt, null);
  });

  it('answers 400 naming the id parameter when the id is longer than 255 characters', async () => {
    assertFailure(await deleteKey(ctx.t, 'A'.repeat(256)), { status: 400, code: 'invalid_parameter', parameter: 'id' });
  });

  it('answers 400 naming the id parameter when the id holds a NUL character', async () => {
    assertFailure(await deleteKey(ctx.t, 'ABC%00DEF'), { status: 400, code: 'invalid_parameter', parameter: 'id' });
  });

  it('deletes once when ten deletes race: one 204, nine 404, one audit row', async () => {
    const { t } = ctx;
    const created = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    const responses = await Promise.all(Array.from({ length: 10 }, () => deleteKey(t, created.id)));
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [204, ...Array(9).fill(404)]);
    for (const res of responses.filter((r) => r.statusCode === 404)) assertFailure(res, { status: 404, code: 'not_found' });
    assert.equal((await auditRows(ctx, 'api_key.delete')).length, 1);
  });
});
