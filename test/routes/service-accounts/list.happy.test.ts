import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceAccountRecord } from '../../../src/store/records.js';
import {
  BASE, call, collectPages, createServiceAccount, describeRoute, itPagesThrough, type RouteContext, serviceAccountBody,
  storedServiceAccount,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

async function createMany(c: RouteContext, names: string[]): Promise<ServiceAccountRecord[]> {
  const created: ServiceAccountRecord[] = [];
  for (const name of names) created.push(await createServiceAccount(c, name, `about ${name}`));
  return created.sort((a, b) => (a.id < b.id ? -1 : 1));
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `sa-name-${i}`);

describeRoute(`GET ${COLLECTION}`, (ctx) => {
  itPagesThrough(ctx, COLLECTION, 0, async (c, n) => (await createMany(c, names(n))).map((sa) => sa.id));

  it('answers an empty ServiceAccountList with only metadata.first when there are none', async () => {
    const res = await call(ctx(), { method: 'GET', url: COLLECTION });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { api_version: 'iam/v2', kind: 'ServiceAccountList', metadata: { first: `${BASE}${COLLECTION}` }, data: [] });
  });

  it('lists every live account, ordered by id, with exact bodies', async () => {
    const c = ctx();
    const created = await createMany(c, ['alpha', 'beta', 'gamma']);
    const res = await call(c, { method: 'GET', url: COLLECTION });
    assert.deepEqual(res.json(), {
      api_version: 'iam/v2', kind: 'ServiceAccountList', metadata: { first: `${BASE}${COLLECTION}` },
      data: created.map((sa) => serviceAccountBody(c, sa)),
    });
  });

  it('ORs a repeated display_name filter and keeps it in metadata.first', async () => {
    const c = ctx();
    const [alpha, , gamma] = await Promise.all(['alpha', 'beta', 'gamma'].map((n) => createServiceAccount(c, n)));
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?display_name=alpha&display_name=gamma&display_name=nobody` });
    const expected = [alpha!, gamma!].sort((a, b) => (a.id < b.id ? -1 : 1)).map((sa) => serviceAccountBody(c, sa));
    assert.deepEqual(res.json(), {
      api_version: 'iam/v2', kind: 'ServiceAccountList',
      metadata: { first: `${BASE}${COLLECTION}?display_name=alpha&display_name=gamma&display_name=nobody` }, data: expected,
    });
  });

  it('matches display names exactly: no prefix, substring or trimmed matches', async () => {
    const c = ctx();
    await createMany(c, ['ci-runner', 'my-ci', ' ci']);
    const ci = await createServiceAccount(c, 'ci');
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?display_name=ci` });
    assert.deepEqual(res.json().data, [serviceAccountBody(c, ci)]);
    assert.deepEqual((await call(c, { method: 'GET', url: `${COLLECTION}?display_name=c` })).json().data, []);
  });

  it('treats an empty display_name as no filter', async () => {
    const c = ctx();
    const created = await createMany(c, ['one', 'two']);
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?display_name=` });
    assert.deepEqual(res.json().data, created.map((sa) => serviceAccountBody(c, sa)));
  });

  it('finds names with spaces and reserved COLLECTION characters, and encodes them in metadata.first', async () => {
    const c = ctx();
    const odd = await createServiceAccount(c, 'a b&c=d/é');
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?display_name=${encodeURIComponent('a b&c=d/é')}` });
    assert.deepEqual(res.json().data, [serviceAccountBody(c, odd)]);
    assert.deepEqual(new URL(res.json().metadata.first).searchParams.getAll('display_name'), ['a b&c=d/é']);
  });

  it('keeps the display_name filter across pages', async () => {
    const c = ctx();
    const created = await createMany(c, names(6));
    const wanted = created.filter((sa) => ['sa-name-0', 'sa-name-2', 'sa-name-3', 'sa-name-5'].includes(sa.displayName));
    const pages = await collectPages(c, `${COLLECTION}?display_name=sa-name-0&display_name=sa-name-2&display_name=sa-name-3&display_name=sa-name-5&page_size=2`);
    assert.deepEqual(pages.map((p) => p.data.length), [2, 2]);
    assert.deepEqual(pages.flatMap((p) => p.data.map((sa) => sa.id)), wanted.map((sa) => sa.id));
  });

  it('accepts page_size=100', async () => {
    const c = ctx();
    const created = await createMany(c, names(3));
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?page_size=100` });
    assert.deepEqual(res.json().data.map((sa: { id: string }) => sa.id), created.map((sa) => sa.id));
    assert.equal(Object.hasOwn(res.json().metadata, 'next'), false);
  });

  it('leaves deleted accounts out, also from a display_name filter', async () => {
    const c = ctx();
    const [kept, gone] = await Promise.all([createServiceAccount(c, 'kept'), createServiceAccount(c, 'gone')]);
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${gone!.id}` })).statusCode, 204);
    assert.deepEqual((await call(c, { method: 'GET', url: COLLECTION })).json().data, [serviceAccountBody(c, await storedServiceAccount(c, kept!.id))]);
    assert.deepEqual((await call(c, { method: 'GET', url: `${COLLECTION}?display_name=gone` })).json().data, []);
  });

  it('ignores unknown query parameters', async () => {
    const c = ctx();
    const created = await createMany(c, ['only']);
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?assigned_resource_owner=u-x&foo=bar` });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data, created.map((sa) => serviceAccountBody(c, sa)));
  });
});
