// PATCH /iam/v2/api-keys/{id}, the updates keyward refuses: unknown keys, changed immutable fields,
// bad bodies. A refused update changes nothing and audits nothing.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_KEYS, NUL_TEXT, api, assertFailure, assertKeptOrRefused, assertUndocumentedFailure, auditRows, createdKey, deleteKey,
  eachDialect, newEnvironment, newServiceAccount, send, updateKey, type Ctx, type WireKey,
} from './fixtures.js';

/** A Kafka key expiring 2099-03-04 and a Cloud key without expiry, for one service account. */
async function keys(ctx: Ctx): Promise<{ kafkaKey: WireKey; cloudKey: WireKey; owner: string; env: string }> {
  const owner = await newServiceAccount(ctx.t);
  const env = await newEnvironment(ctx.t);
  const kafkaKey = await createdKey(ctx.t, { display_name: 'k', owner: { id: owner }, resource: { id: 'lkc-abc123', environment: env }, expires_at: '2099-03-04' });
  const cloudKey = await createdKey(ctx.t, { display_name: 'c', owner: { id: owner } });
  return { kafkaKey, cloudKey, owner, env };
}

async function assertUnchanged(ctx: Ctx, before: WireKey): Promise<void> {
  const stored = await ctx.t.store.getApiKey(ctx.orgId, before.id);
  assert.equal(stored?.displayName, before.spec.display_name);
  assert.equal(stored?.updatedAt, before.metadata.updated_at);
  assert.deepEqual(await auditRows(ctx, 'api_key.update'), []);
}

eachDialect('PATCH /iam/v2/api-keys/{id} errors', (ctx: Ctx) => {
  it('answers 404 to an unknown key and to a deleted key', async () => {
    const { t } = ctx;
    assertFailure(await updateKey(t, 'ZZZZZZZZZZZZZZZZ', { spec: { display_name: 'x' } }), { status: 404, code: 'not_found', detail: /ZZZZZZZZZZZZZZZZ/ });
    const { cloudKey } = await keys(ctx);
    assert.equal((await deleteKey(t, cloudKey.id)).statusCode, 204);
    assertFailure(await updateKey(t, cloudKey.id, { spec: { display_name: 'x' } }), { status: 404, code: 'not_found' });
    assert.deepEqual(await auditRows(ctx, 'api_key.update'), []);
  });

  const changes: Array<[string, (k: { owner: string; env: string }) => Record<string, unknown>, 'kafkaKey' | 'cloudKey', string]> = [
    ['another owner', () => ({ owner: { id: 'sa-someone' } }), 'kafkaKey', '/spec/owner'],
    ['a user as owner', () => ({ owner: { id: 'u-someone' } }), 'cloudKey', '/spec/owner'],
    ['a null owner', () => ({ owner: null }), 'cloudKey', '/spec/owner'],
    ['another cluster', (k) => ({ resource: { id: 'lkc-zzz999', environment: k.env } }), 'kafkaKey', '/spec/resource'],
    ['a null resource on a Kafka key', () => ({ resource: null }), 'kafkaKey', '/spec/resource'],
    ['global for a Cloud key', () => ({ resource: { id: 'global' } }), 'cloudKey', '/spec/resource'],
    ['another expiry date', () => ({ expires_at: '2099-03-05' }), 'kafkaKey', '/spec/expires_at'],
    ['no expiry (null)', () => ({ expires_at: null }), 'kafkaKey', '/spec/expires_at'],
    ['an expiry for a key without one', () => ({ expires_at: '2099-03-04' }), 'cloudKey', '/spec/expires_at'],
  ];
  for (const [name, change, which, pointer] of changes) {
    it(`answers 422 ${pointer} to ${name}, and changes nothing`, async () => {
      const k = await keys(ctx);
      const key = k[which];
      const res = await updateKey(ctx.t, key.id, { spec: { display_name: 'should not stick', ...change(k) } });
      assertFailure(res, { status: 422, code: 'invalid_configuration', pointer, detail: /cannot be changed/ });
      await assertUnchanged(ctx, key);
    });
  }

  const wrongTypes: Array<[string, unknown, string]> = [
    ['display_name as a number', { spec: { display_name: 5 } }, '/spec/display_name'],
    ['description as an object', { spec: { description: { text: 'x' } } }, '/spec/description'],
    ['spec as a string', { spec: 'rename' }, '/spec'],
    ['display_name longer than 255', { spec: { display_name: 'x'.repeat(256) } }, '/spec/display_name'],
    ['owner id as a number', { spec: { owner: { id: 5 } } }, '/spec/owner/id'],
  ];
  for (const [name, payload, pointer] of wrongTypes) {
    it(`answers 422 with pointer ${pointer} to ${name}`, async () => {
      const { cloudKey } = await keys(ctx);
      assertFailure(await updateKey(ctx.t, cloudKey.id, payload), { status: 422, code: 'invalid_configuration', pointer });
      await assertUnchanged(ctx, cloudKey);
    });
  }

  it('answers 400 malformed_json to a body that is not JSON', async () => {
    const { cloudKey } = await keys(ctx);
    const res = await api(ctx.t, { method: 'PATCH', url: `${API_KEYS}/${cloudKey.id}`, payload: '{"spec": {"display_name": "x"', headers: { 'content-type': 'application/json' } });
    assertFailure(res, { status: 400, code: 'malformed_json' });
    await assertUnchanged(ctx, cloudKey);
  });

  it('answers 400 naming the id parameter when the id is longer than 255 characters', async () => {
    assertFailure(await updateKey(ctx.t, 'A'.repeat(256), { spec: { display_name: 'x' } }), { status: 400, code: 'invalid_parameter', parameter: 'id' });
  });

  it('answers 415 to a text/plain body and 413 to a 100 KB body', async () => {
    const { cloudKey } = await keys(ctx);
    const url = `${API_KEYS}/${cloudKey.id}`;
    const plain = await send(ctx.t, { method: 'PATCH', url, payload: '{"spec":{"display_name":"x"}}', headers: { 'content-type': 'text/plain' } });
    assertUndocumentedFailure('PATCH', url, plain, { status: 415, code: 'unsupported_media_type' });
    const big = await send(ctx.t, { method: 'PATCH', url, payload: { spec: { description: 'x'.repeat(100 * 1024) } } });
    assertUndocumentedFailure('PATCH', url, big, { status: 413, code: 'payload_too_large' });
    await assertUnchanged(ctx, cloudKey);
  });

  it('keeps a description holding a NUL character exactly, or refuses it with 422 — never a 5xx', async () => {
    const { cloudKey } = await keys(ctx);
    const res = await updateKey(ctx.t, cloudKey.id, { spec: { description: NUL_TEXT } });
    await assertKeptOrRefused(ctx.t, res, '/spec/description', (key) => key.spec.description);
  });
});
