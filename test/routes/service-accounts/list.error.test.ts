import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createServiceAccount, describeRoute, expectFailure, itRejectsBadPaging, pathOf } from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`GET ${COLLECTION} errors`, (ctx) => {
  itRejectsBadPaging(ctx, COLLECTION);

  it('answers 400 invalid_page_token when the display_name filter changes between pages', async () => {
    const c = ctx();
    for (const name of ['a', 'b', 'c']) await createServiceAccount(c, name);
    const next = (await call(c, { method: 'GET', url: `${COLLECTION}?display_name=a&display_name=b&page_size=1` })).json().metadata.next;
    assert.ok(next, 'no second page');
    const token = new URL(next).searchParams.get('page_token') ?? '';
    assert.equal((await call(c, { method: 'GET', url: pathOf(next) })).statusCode, 200);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}?display_name=a&display_name=c&page_size=1&page_token=${encodeURIComponent(token)}` }),
      400, 'invalid_page_token', 'The page_token is invalid or was issued for a different caller or filter', { parameter: 'page_token' });
  });
});
