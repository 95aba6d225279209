// GET /iam/v2/api-keys/{id}, the paths that succeed: the exact body of every kind of key, read right
// after its create, and an expired key still readable with status.phase EXPIRED.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertOk, createdKey, day, eachDialect, expectedFrom, expectedKey, flinkRegion, getKey, kafka, newEnvironment,
  newServiceAccount, newUser, schemaRegistry, type Ctx,
} from './fixtures.js';

eachDialect('GET /iam/v2/api-keys/{id} happy paths', (ctx: Ctx) => {
  it('reads the bootstrap admin key exactly as stored', async () => {
    const { t, orgId } = ctx;
    const stored = await t.store.getApiKey(orgId, t.admin.keyId);
    assert.ok(stored);
    const res = await getKey(t, t.admin.keyId);
    assertOk(res, 200);
    assert.deepEqual(res.json(), expectedKey(orgId, {
      id: t.admin.keyId, ownerId: t.admin.principalId, displayName: 'bootstrap admin key', description: 'Created at first start',
      createdBy: t.admin.principalId, createdAt: stored.createdAt, updatedAt: stored.updatedAt,
    }));
  });

  it('reads every kind of key right after its create, with the create body less the secret', async () => {
    const { t, orgId } = ctx;
    const env = await newEnvironment(t);
    const sa = await newServiceAccount(t);
    const user = await newUser(t);
    const cases = [
      { spec: { owner: { id: user }, display_name: 'cloud' }, expected: { ownerId: user, displayName: 'cloud' } },
      { spec: { owner: { id: sa }, resource: { id: 'lkc-abc123', environment: env } }, expected: { ownerId: sa, resource: kafka('lkc-abc123', env) } },
      { spec: { owner: { id: sa }, resource: { id: 'lsrc-abc123' } }, expected: { ownerId: sa, resource: schemaRegistry('lsrc-abc123') } },
      { spec: { owner: { id: sa }, resource: { id: 'azure.westeurope', environment: env } }, expected: { ownerId: sa, resource: flinkRegion('azure.westeurope', env) } },
      { spec: { owner: { id: sa }, description: 'd', expires_at: '2099-01-31' }, expected: { ownerId: sa, description: 'd', expiresAt: '2099-01-31' } },
    ];
    for (const c of cases) {
      const created = await createdKey(t, c.spec);
      const res = await getKey(t, created.id);
      assertOk(res, 200);
      const { secret: _secret, ...specWithoutSecret } = created.spec;
      assert.deepEqual(res.json(), { ...created, spec: specWithoutSecret });
      assert.deepEqual(res.json(), expectedFrom(orgId, created, { ...c.expected, createdBy: t.admin.principalId }));
    }
  });

  it('keeps an expired key readable, with status.phase EXPIRED, while the key no longer authenticates', async () => {
    const { t, orgId } = ctx;
    const user = await newUser(t);
    const today = day(t);
    const created = await createdKey(t, { owner: { id: user }, expires_at: today });
    const own = { keyId: created.id, secret: created.spec.secret!, principalId: user };
    assertOk(await getKey(t, created.id, own), 200);

    t.clock.advanceDays(1);
    const res = await getKey(t, created.id);
    assertOk(res, 200);
    assert.deepEqual(res.json(), expectedFrom(orgId, created, { ownerId: user, expiresAt: today, createdBy: t.admin.principalId, phase: 'EXPIRED' }));
    assert.equal((await getKey(t, created.id, own)).statusCode, 401);
  });

  it('lets the owner read its own key', async () => {
    const { t, orgId } = ctx;
    const user = await t.createUserWithKey();
    const res = await getKey(t, user.keyId, user);
    assertOk(res, 200);
    assert.equal(res.json().spec.owner.id, user.principalId);
    assert.equal(res.json().metadata.created_at, (await t.store.getApiKey(orgId, user.keyId))?.createdAt);
  });

  it('ignores unknown query parameters', async () => {
    const { t } = ctx;
    const res = await getKey(t, `${t.admin.keyId}?include=secret&fields=all`);
    assertOk(res, 200);
    assert.equal(res.json().id, t.admin.keyId);
    assert.equal(res.json().spec.secret, undefined);
  });
});
