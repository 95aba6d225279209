// GET /keyward/v1/audit-events: bad paging and filter values.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createServiceAccount, describeRoute, expectFailure, itRejectsBadPaging, pathOf } from '../fixtures-principals.js';
import { COLLECTION } from './fixtures.js';

describeRoute(`GET ${COLLECTION} errors`, (ctx) => {
  itRejectsBadPaging(ctx, COLLECTION);

  it('answers 400 invalid_page_token when a filter changes between pages', async () => {
    const c = ctx();
    for (const name of ['a', 'b']) await createServiceAccount(c, name);
    const next = (await call(c, { method: 'GET', url: `${COLLECTION}?action=service_account.create&page_size=1` })).json().metadata.next;
    assert.ok(next, 'no second page');
    const token = new URL(next).searchParams.get('page_token') ?? '';
    assert.equal((await call(c, { method: 'GET', url: pathOf(next) })).statusCode, 200);
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}?page_size=1&page_token=${encodeURIComponent(token)}` }),
      400, 'invalid_page_token', 'The page_token is invalid or was issued for a different caller or filter', { parameter: 'page_token' });
  });

  it('answers 400 invalid_page_token to a token used in the other order', async () => {
    const c = ctx();
    for (const name of ['a', 'b']) await createServiceAccount(c, name);
    const next = (await call(c, { method: 'GET', url: `${COLLECTION}?page_size=1` })).json().metadata.next;
    const token = new URL(next).searchParams.get('page_token') ?? '';
    expectFailure(await call(c, { method: 'GET', url: `${COLLECTION}?order=newest_first&page_size=1&page_token=${encodeURIComponent(token)}` }),
      400, 'invalid_page_token', 'The page_token is invalid or was issued for a different caller or filter', { parameter: 'page_token' });
  });

  it('answers 400 naming the parameter to an order other than oldest_first or newest_first', async () => {
    for (const order of ['desc', '', 'NEWEST_FIRST']) {
      const res = await call(ctx(), { method: 'GET', url: `${COLLECTION}?order=${order}` });
      expectFailure(res, 400, 'invalid_parameter', "The query parameter 'order' must be one of 'oldest_first', 'newest_first'",
        { parameter: 'order' });
    }
  });

  it('answers 400 naming the parameter to a filter longer than 255 characters', async () => {
    expectFailure(await call(ctx(), { method: 'GET', url: `${COLLECTION}?target_id=${'k'.repeat(256)}` }), 400, 'invalid_parameter',
      "The query parameter 'target_id' must NOT have more than 255 characters", { parameter: 'target_id' });
  });
});
