// GET /iam/v2/api-keys, the queries keyward refuses: 400 naming the parameter at fault.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFailure, assertOk, eachDialect, listKeys, type Ctx } from './fixtures.js';

eachDialect('GET /iam/v2/api-keys errors', (ctx: Ctx) => {
  for (const size of ['0', '101', 'abc', '-1', '1.5', '']) {
    it(`answers 400 with source.parameter page_size to page_size=${size}`, async () => {
      const res = await listKeys(ctx.t, `?page_size=${size}`);
      assertFailure(res, { status: 400, code: 'invalid_parameter', parameter: 'page_size', detail: /page_size/ });
    });
  }

  for (const value of ['maybe', '2']) {
    it(`answers 400 with source.parameter show_expired to show_expired=${value}`, async () => {
      assertFailure(await listKeys(ctx.t, `?show_expired=${value}`), { status: 400, code: 'invalid_parameter', parameter: 'show_expired' });
    });
  }

  for (const [name, token] of [['garbage', 'not-a-token'], ['two dots', 'a.b.c'], ['an empty signature', 'QUJD.'], ['base64 of an id', 'QUJDREVGR0hJSktMTU5PUA']]) {
    it(`answers 400 invalid_page_token to a page_token that is ${name}`, async () => {
      const res = await listKeys(ctx.t, `?page_token=${encodeURIComponent(token!)}`);
      assertFailure(res, { status: 400, code: 'invalid_page_token', parameter: 'page_token' });
    });
  }

  it('answers 400 with source.parameter page_token to a page_token longer than 255 characters', async () => {
    assertFailure(await listKeys(ctx.t, `?page_token=${'a'.repeat(256)}`), { status: 400, code: 'invalid_parameter', parameter: 'page_token' });
  });

  for (const filter of ['spec.owner', 'spec.resource']) {
    it(`answers a ${filter} filter holding a NUL character with 400 naming it, not a 5xx`, async () => {
      const res = await listKeys(ctx.t, `?${filter}=sa-%00`);
      assertFailure(res, { status: 400, code: 'invalid_parameter', parameter: filter });
    });
  }
});
