// POST /iam/v2/api-keys, the requests keyward refuses: bad bodies, unknown resources, owners and
// environments, bad expiry dates. A refused create leaves no key and no audit row behind.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_KEYS, NUL_TEXT, api, assertFailure, assertKeptOrRefused, assertUndocumentedFailure, auditRows, createKey, day,
  eachDialect, liveKeys, newEnvironment, newServiceAccount, newUser, send, type Ctx,
} from './fixtures.js';

/** Nothing was written: the bootstrap key is still the only key, and no create was audited. */
async function assertNothingCreated(ctx: Ctx): Promise<void> {
  assert.deepEqual((await liveKeys(ctx)).map((k) => k.id), [ctx.t.admin.keyId]);
  assert.deepEqual(await auditRows(ctx, 'api_key.create'), []);
}

eachDialect('POST /iam/v2/api-keys errors', (ctx: Ctx) => {
  it('answers 400 malformed_json to a body that is not JSON', async () => {
    const res = await api(ctx.t, { method: 'POST', url: API_KEYS, payload: '{"spec": {"owner": ', headers: { 'content-type': 'application/json' } });
    assertFailure(res, { status: 400, code: 'malformed_json' });
    await assertNothingCreated(ctx);
  });

  const wrongTypes: Array<[string, unknown, string]> = [
    ['a body that is an array', [], '/'],
    ['no spec', { owner: { id: 'u-abc' } }, '/spec'],
    ['spec as a string', { spec: 'cloud' }, '/spec'],
    ['no owner', { spec: { display_name: 'x' } }, '/spec/owner'],
    ['owner as a string', { spec: { owner: 'u-abc' } }, '/spec/owner'],
    ['owner without id', { spec: { owner: { kind: 'User' } } }, '/spec/owner/id'],
    ['owner id as a number', { spec: { owner: { id: 42 } } }, '/spec/owner/id'],
    ['display_name as a number', { spec: { owner: { id: 'u-abc' }, display_name: 7 } }, '/spec/display_name'],
    ['description as null', { spec: { owner: { id: 'u-abc' }, description: null } }, '/spec/description'],
    ['display_name longer than 255', { spec: { owner: { id: 'u-abc' }, display_name: 'x'.repeat(256) } }, '/spec/display_name'],
    ['description longer than 1024', { spec: { owner: { id: 'u-abc' }, description: 'x'.repeat(1025) } }, '/spec/description'],
    ['resource id as a number', { spec: { owner: { id: 'u-abc' }, resource: { id: 1 } } }, '/spec/resource/id'],
    ['expires_at as a number', { spec: { owner: { id: 'u-abc' }, expires_at: 20990101 } }, '/spec/expires_at'],
  ];
  for (const [name, payload, pointer] of wrongTypes) {
    it(`answers 422 with pointer ${pointer} to ${name}`, async () => {
      const res = await api(ctx.t, { method: 'POST', url: API_KEYS, payload });
      assertFailure(res, { status: 422, code: 'invalid_configuration', pointer });
      await assertNothingCreated(ctx);
    });
  }

  it('answers 413 to a 100 KB body', async () => {
    const sa = await newServiceAccount(ctx.t);
    const payload = { spec: { owner: { id: sa }, description: 'x'.repeat(100 * 1024) } };
    const res = await send(ctx.t, { method: 'POST', url: API_KEYS, payload });
    assertUndocumentedFailure('POST', API_KEYS, res, { status: 413, code: 'payload_too_large' });
    await assertNothingCreated(ctx);
  });

  it('answers 415 to a text/plain body', async () => {
    const sa = await newServiceAccount(ctx.t);
    const res = await send(ctx.t, { method: 'POST', url: API_KEYS, payload: JSON.stringify({ spec: { owner: { id: sa } } }), headers: { 'content-type': 'text/plain' } });
    assertUndocumentedFailure('POST', API_KEYS, res, { status: 415, code: 'unsupported_media_type' });
    await assertNothingCreated(ctx);
  });

  for (const id of ['lkc-', 'LKC-ABC123', 'lkc-ABC!', 'env-abc123', 'xyz-123', 'kafka', '', 'aws', 'aws.', 'mars.us-east-2']) {
    it(`answers 422 /spec/resource/id to the unknown resource id '${id}'`, async () => {
      const env = await newEnvironment(ctx.t);
      const res = await createKey(ctx.t, { owner: { id: await newServiceAccount(ctx.t) }, resource: { id, environment: env } });
      assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/resource/id' });
      await assertNothingCreated(ctx);
    });
  }

  it('answers 422 /spec/resource/environment to a Flink region without an environment', async () => {
    const res = await createKey(ctx.t, { owner: { id: await newServiceAccount(ctx.t) }, resource: { id: 'aws.us-east-2' } });
    assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/resource/environment' });
    await assertNothingCreated(ctx);
  });

  for (const id of ['lkc-abc123', 'lsrc-abc123', 'lksqlc-abc123', 'aws.us-east-2']) {
    it(`answers 422 /spec/resource/environment when ${id}'s environment does not exist`, async () => {
      const res = await createKey(ctx.t, { owner: { id: await newServiceAccount(ctx.t) }, resource: { id, environment: 'env-nope000' } });
      assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/resource/environment', detail: /env-nope000/ });
      await assertNothingCreated(ctx);
    });
  }

  it('answers 422 /spec/resource/environment when the environment was deleted', async () => {
    const env = await newEnvironment(ctx.t);
    assert.equal((await send(ctx.t, { method: 'DELETE', url: `/org/v2/environments/${env}` })).statusCode, 204);
    const res = await createKey(ctx.t, { owner: { id: await newServiceAccount(ctx.t) }, resource: { id: 'lkc-abc123', environment: env } });
    assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/resource/environment' });
  });

  for (const id of ['u-doesnotexist', 'sa-doesnotexist', 'x-123', 'U-ABC', 'env-abc', 'ABCDEFGHIJKLMNOP', '']) {
    it(`answers 422 /spec/owner/id to the owner '${id}'`, async () => {
      const res = await createKey(ctx.t, { owner: { id } });
      assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/owner/id' });
      await assertNothingCreated(ctx);
    });
  }

  it('answers 422 /spec/owner/id to an owner that was deleted', async () => {
    const user = await newUser(ctx.t);
    assert.equal((await send(ctx.t, { method: 'DELETE', url: `/iam/v2/users/${user}` })).statusCode, 204);
    const res = await createKey(ctx.t, { owner: { id: user } });
    assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/owner/id', detail: new RegExp(user) });
    await assertNothingCreated(ctx);
  });

  it('answers 422 /spec/expires_at to a date in the past', async () => {
    const sa = await newServiceAccount(ctx.t);
    for (const date of [day(ctx.t, -1), '2020-01-01']) {
      const res = await createKey(ctx.t, { owner: { id: sa }, expires_at: date });
      assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/expires_at', detail: /past/ });
    }
    await assertNothingCreated(ctx);
  });

  for (const date of ['tomorrow', '2099-13-01', '2099-02-30', '2099-1-1', '20991231', '2099-12-31T00:00:00Z', '']) {
    it(`answers 422 /spec/expires_at to the malformed date '${date}'`, async () => {
      const res = await createKey(ctx.t, { owner: { id: await newServiceAccount(ctx.t) }, expires_at: date });
      assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/expires_at' });
      await assertNothingCreated(ctx);
    });
  }

  for (const field of ['display_name', 'description'] as const) {
    it(`keeps a ${field} holding a NUL character exactly, or refuses it with 422 — never a 5xx`, async () => {
      const res = await createKey(ctx.t, { owner: { id: await newServiceAccount(ctx.t) }, [field]: NUL_TEXT });
      await assertKeptOrRefused(ctx.t, res, `/spec/${field}`, (key) => key.spec[field]);
    });
  }

  it('answers 422 /spec/owner/id to an owner id holding a NUL character', async () => {
    const res = await createKey(ctx.t, { owner: { id: 'sa-\u0000' } });
    assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/owner/id' });
    await assertNothingCreated(ctx);
  });

  it('answers 422 /spec/resource/environment to an environment id holding a NUL character', async () => {
    const res = await createKey(ctx.t, { owner: { id: await newServiceAccount(ctx.t) }, resource: { id: 'lkc-abc123', environment: 'env-\u0000' } });
    assertFailure(res, { status: 422, code: 'invalid_configuration', pointer: '/spec/resource/environment' });
    await assertNothingCreated(ctx);
  });
});
