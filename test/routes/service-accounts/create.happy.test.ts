import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAudited, BASE, call, createServiceAccount, describeRoute, RFC3339_UTC, SERVICE_ACCOUNT_ID, serviceAccountBody,
  storedServiceAccount,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`POST ${COLLECTION}`, (ctx) => {
  it('answers 201 with Location and the exact account, stores it and audits the creation', async () => {
    const c = ctx();
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'ci-runner', description: 'Runs CI jobs' } });

    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.id, SERVICE_ACCOUNT_ID);
    assert.equal(res.headers.location, `${BASE}${COLLECTION}/${body.id}`);
    const stored = await storedServiceAccount(c, body.id);
    assert.deepEqual(
      { displayName: stored.displayName, description: stored.description, deletedAt: stored.deletedAt, orgId: stored.orgId },
      { displayName: 'ci-runner', description: 'Runs CI jobs', deletedAt: null, orgId: c.orgId },
    );
    assert.deepEqual(body, serviceAccountBody(c, stored));
    assert.match(body.metadata.created_at, RFC3339_UTC);
    assert.equal(body.metadata.updated_at, body.metadata.created_at);
    assert.ok(Math.abs(Date.parse(body.metadata.created_at) - Date.now()) < 60_000, 'created_at is not now');
    await assertAudited(c, {
      action: 'service_account.create', targetKind: 'ServiceAccount', targetId: body.id, at: stored.createdAt,
      details: { display_name: 'ci-runner' },
    });
  });

  it('stores an omitted description as ""', async () => {
    const c = ctx();
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'no-description' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().description, '');
    assert.equal((await storedServiceAccount(c, res.json().id)).description, '');
  });

  it('ignores unknown and read-only body properties (id, kind, metadata …)', async () => {
    const c = ctx();
    const res = await call(c, {
      method: 'POST', url: COLLECTION, payload: {
        display_name: 'echoing-client', description: '', id: 'sa-chosen', api_version: 'iam/v1', kind: 'User',
        metadata: { self: 'https://elsewhere.example/x', created_at: '2000-01-01T00:00:00Z' }, future_field: { nested: true },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.notEqual(body.id, 'sa-chosen');
    assert.equal(await c.t.store.getServiceAccount(c.orgId, 'sa-chosen'), undefined);
    assert.deepEqual(body, serviceAccountBody(c, await storedServiceAccount(c, body.id)));
  });

  it('accepts a 64-character Unicode display name and returns it unchanged', async () => {
    const c = ctx();
    const name = `Zürich ☕ ${'é'.repeat(55)}`;
    assert.equal([...name].length, 64);
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: name, description: 'd'.repeat(1024) } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().display_name, name);
    assert.equal((await storedServiceAccount(c, res.json().id)).description, 'd'.repeat(1024));
  });

  it('lets a new account take the display name of a deleted one, with a new id', async () => {
    const c = ctx();
    const first = await createServiceAccount(c, 'recycled');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${first.id}` })).statusCode, 204);
    const res = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'recycled' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.notEqual(res.json().id, first.id);
  });

  it('makes the account readable and listed as soon as create returns', async () => {
    const c = ctx();
    const created = (await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'read-after-write' } })).json();
    const read = await call(c, { method: 'GET', url: `${COLLECTION}/${created.id}` });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json(), created);
    assert.deepEqual((await call(c, { method: 'GET', url: `${COLLECTION}?display_name=read-after-write` })).json().data, [created]);
  });
});
