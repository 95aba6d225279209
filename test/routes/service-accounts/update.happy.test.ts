import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAudited, call, createServiceAccount, describeRoute, serviceAccountBody, storedServiceAccount,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`PATCH ${COLLECTION}/:id`, (ctx) => {
  it('changes only the description when only it is sent, and moves updated_at', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'keeper', 'old words');
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { description: 'new words' } });
    assert.equal(res.statusCode, 200, res.body);
    const stored = await storedServiceAccount(c, sa.id);
    assert.deepEqual(res.json(), serviceAccountBody(c, stored));
    assert.deepEqual([stored.displayName, stored.description, stored.createdAt], ['keeper', 'new words', sa.createdAt]);
    assert.equal(Date.parse(stored.updatedAt) - Date.parse(sa.updatedAt) >= 86_400_000, true, 'updated_at is not the new time');
  });

  it('audits the update at its updated_at, naming the changed fields by their wire names', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'audited');
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { display_name: 'audited-2', description: 'x' } });
    assert.equal(res.statusCode, 200, res.body);
    await assertAudited(c, {
      action: 'service_account.update', targetKind: 'ServiceAccount', targetId: sa.id, at: res.json().metadata.updated_at,
      details: { fields: ['display_name', 'description'] },
    });
  });

  it('renames an account: the new name is taken and the old one is free again', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'old-name', 'kept');
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { display_name: 'new-name' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().display_name, res.json().description], ['new-name', 'kept']);
    assert.equal((await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'new-name' } })).statusCode, 409);
    assert.equal((await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'old-name' } })).statusCode, 201);
  });

  it('clears the description with ""', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'clear-me', 'something');
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { description: '' } });
    assert.equal(res.json().description, '');
    assert.equal((await storedServiceAccount(c, sa.id)).description, '');
  });

  it('accepts the display name the account already has', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'same');
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { display_name: 'same', description: 'd' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().display_name, 'same');
  });

  it('accepts a display name only a deleted account had', async () => {
    const c = ctx();
    const gone = await createServiceAccount(c, 'ghost');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${gone.id}` })).statusCode, 204);
    const sa = await createServiceAccount(c, 'living');
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { display_name: 'ghost' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().display_name, 'ghost');
  });

  it('ignores unknown and read-only properties: the id and metadata stay', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'steady', 'd');
    const res = await call(c, {
      method: 'PATCH', url: `${COLLECTION}/${sa.id}`,
      payload: { id: 'sa-other', kind: 'User', metadata: { created_at: '2000-01-01T00:00:00Z' }, future: 1, description: 'e' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const stored = await storedServiceAccount(c, sa.id);
    assert.deepEqual(res.json(), serviceAccountBody(c, stored));
    assert.deepEqual([stored.id, stored.createdAt, stored.description], [sa.id, sa.createdAt, 'e']);
  });

  it('leaves both fields as they are for an empty body, writing nothing and auditing nothing', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'untouched', 'as is');
    c.t.clock.advanceDays(1);
    const res = await call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().display_name, res.json().description], ['untouched', 'as is']);
    assert.equal((await storedServiceAccount(c, sa.id)).updatedAt, sa.updatedAt, 'updated_at stays');
    const audited = (await c.t.store.listAudit(c.orgId, 1000)).filter((row) => row.action === 'service_account.update');
    assert.deepEqual(audited, []);
  });
});
