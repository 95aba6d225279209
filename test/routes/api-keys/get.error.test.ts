// GET /iam/v2/api-keys/{id}, the reads that fail: unknown, deleted and malformed ids.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFailure, createdKey, deleteKey, eachDialect, getKey, newServiceAccount, send, type Ctx } from './fixtures.js';

eachDialect('GET /iam/v2/api-keys/{id} errors', (ctx: Ctx) => {
  it('answers 404 not_found, naming the id, to an id that never existed', async () => {
    const res = await getKey(ctx.t, 'ZZZZZZZZZZZZZZZZ');
    assertFailure(res, { status: 404, code: 'not_found', detail: /ZZZZZZZZZZZZZZZZ/ });
  });

  it('answers 404 to a deleted key', async () => {
    const { t } = ctx;
    const created = await createdKey(t, { owner: { id: await newServiceAccount(t) } });
    assert.equal((await deleteKey(t, created.id)).statusCode, 204);
    assertFailure(await getKey(t, created.id), { status: 404, code: 'not_found' });
  });

  it('answers 404 to a key whose owner was deleted with it', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const created = await createdKey(t, { owner: { id: sa } });
    assert.equal((await send(t, { method: 'DELETE', url: `/iam/v2/service-accounts/${sa}` })).statusCode, 204);
    assertFailure(await getKey(t, created.id), { status: 404, code: 'not_found' });
  });

  it('answers 404 to the lower-case spelling of an existing id (ids are case-sensitive)', async () => {
    const { t } = ctx;
    assertFailure(await getKey(t, t.admin.keyId.toLowerCase()), { status: 404, code: 'not_found' });
  });

  for (const [name, id] of [['an encoded slash', 'abc%2F..%2Fusers'], ['SQL', "x'%20OR%20'1'%3D'1"], ['a 255-character id', 'A'.repeat(255)]]) {
    it(`answers 404 to ${name}`, async () => {
      assertFailure(await getKey(ctx.t, id!), { status: 404, code: 'not_found' });
    });
  }

  it('answers 400 naming the id parameter when the id holds a NUL character', async () => {
    assertFailure(await getKey(ctx.t, 'ABC%00DEF'), { status: 400, code: 'invalid_parameter', parameter: 'id' });
  });

  it('answers 400 naming the id parameter when the id is longer than 255 characters', async () => {
    assertFailure(await getKey(ctx.t, 'A'.repeat(256)), { status: 400, code: 'invalid_parameter', parameter: 'id' });
  });
});
