// PATCH /iam/v2/api-keys/{id}, the paths that succeed: display_name and description change ("" clears),
// immutable fields echoed with their current values are accepted, and each change is audited.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertOk, assertTimestampBetween, auditRows, createdKey, day, eachDialect, expectedFrom, expectedRecord, getKey,
  kafka, newEnvironment, newServiceAccount, nowIso, updateKey, withoutHash, type Ctx, type WireKey,
} from './fixtures.js';

async function keyFor(ctx: Ctx, spec: Record<string, unknown> = {}): Promise<{ key: WireKey; owner: string }> {
  const owner = await newServiceAccount(ctx.t);
  return { key: await createdKey(ctx.t, { display_name: 'before', description: 'old text', owner: { id: owner }, ...spec }), owner };
}

eachDialect('PATCH /iam/v2/api-keys/{id} happy paths', (ctx: Ctx) => {
  it('renames a key: the exact body, a later updated_at, the stored row and an audit entry', async () => {
    const { t, orgId } = ctx;
    const { key, owner } = await keyFor(ctx);
    t.clock.advanceDays(1);
    const before = nowIso(t);
    const res = await updateKey(t, key.id, { spec: { display_name: 'after' } });
    assertOk(res, 200);
    const body = res.json() as WireKey;
    assertTimestampBetween(body.metadata.updated_at, before, nowIso(t));
    assert.ok(body.metadata.updated_at > key.metadata.created_at);
    const expected = { ownerId: owner, displayName: 'after', description: 'old text', createdBy: t.admin.principalId };
    assert.deepEqual(body, expectedFrom(orgId, body, expected));
    assert.equal(body.metadata.created_at, key.metadata.created_at);

    assert.deepEqual(withoutHash(await t.store.getApiKey(orgId, key.id)),
      expectedRecord(orgId, { id: key.id, createdAt: key.metadata.created_at, updatedAt: body.metadata.updated_at, ...expected }));
    assert.deepEqual(await auditRows(ctx, 'api_key.update'), [{
      orgId, actorId: t.admin.principalId, action: 'api_key.update', targetKind: 'ApiKey', targetId: key.id,
      at: body.metadata.updated_at, details: { fields: ['display_name'] },
    }]);
    assert.deepEqual((await getKey(t, key.id)).json(), body);
  });

  it('changes the description alone and leaves display_name as it was', async () => {
    const { t, orgId } = ctx;
    const { key } = await keyFor(ctx);
    const body = (await updateKey(t, key.id, { spec: { description: 'new text' } })).json() as WireKey;
    assert.equal(body.spec.display_name, 'before');
    assert.equal(body.spec.description, 'new text');
    assert.equal((await t.store.getApiKey(orgId, key.id))?.displayName, 'before');
    assert.deepEqual((await auditRows(ctx, 'api_key.update'))[0]?.details, { fields: ['description'] });
  });

  it('clears display_name and description with empty strings', async () => {
    const { t, orgId } = ctx;
    const { key } = await keyFor(ctx);
    const res = await updateKey(t, key.id, { spec: { display_name: '', description: '' } });
    assertOk(res, 200);
    assert.equal(res.json().spec.display_name, '');
    assert.equal(res.json().spec.description, '');
    const stored = await t.store.getApiKey(orgId, key.id);
    assert.equal(stored?.displayName, '');
    assert.equal(stored?.description, '');
    assert.deepEqual((await auditRows(ctx, 'api_key.update'))[0]?.details, { fields: ['display_name', 'description'] });
    assert.equal((await getKey(t, key.id)).json().spec.display_name, '');
  });

  it('accepts owner, resource and expires_at echoed with their current values', async () => {
    const { t, orgId } = ctx;
    const env = await newEnvironment(t);
    const { key: cloudKey, owner } = await keyFor(ctx);
    const { key: kafkaKey } = await keyFor(ctx, { resource: { id: 'lkc-abc123', environment: env }, expires_at: '2099-03-04' });
    const echoes: Array<[WireKey, Record<string, unknown>]> = [
      [cloudKey, { owner: { id: owner } }],
      [cloudKey, { owner: { id: owner, kind: 'ServiceAccount', api_version: 'iam/v2', related: '', resource_name: '' } }],
      [cloudKey, { resource: { id: 'cloud' } }],
      [cloudKey, { resource: { id: 'CLOUD', kind: 'Cloud', api_version: 'iam/v2' } }],
      [cloudKey, { resource: null }],
      [cloudKey, { expires_at: null }],
      [kafkaKey, { resource: { id: 'lkc-abc123', environment: env, kind: 'Cluster', api_version: 'cmk/v2' } }],
      [kafkaKey, { expires_at: '2099-03-04' }],
    ];
    for (const [key, echo] of echoes) {
      const res = await updateKey(t, key.id, { spec: { display_name: 'echoed', ...echo } });
      assertOk(res, 200);
      assert.equal(res.json().spec.display_name, 'echoed', JSON.stringify(echo));
    }
    const kafkaRead = (await getKey(t, kafkaKey.id)).json() as WireKey;
    assert.deepEqual(kafkaRead.spec.resource, expectedFrom(orgId, kafkaKey, { ownerId: kafkaRead.spec.owner.id, resource: kafka('lkc-abc123', env), createdBy: t.admin.principalId }).spec.resource);
    assert.equal(kafkaRead.spec.expires_at, '2099-03-04');
  });

  it('accepts the whole object as GET returned it, with one field changed', async () => {
    const { t } = ctx;
    const { key } = await keyFor(ctx, { expires_at: day(t, 10) });
    const read = (await getKey(t, key.id)).json() as WireKey;
    const res = await updateKey(t, key.id, { ...read, spec: { ...read.spec, description: 'from a read-modify-write client' } });
    assertOk(res, 200);
    assert.equal(res.json().spec.description, 'from a read-modify-write client');
    assert.deepEqual(res.json().spec.owner, read.spec.owner);
    assert.deepEqual(res.json().spec.resource, read.spec.resource);
  });

  it('answers an empty PATCH with the key unchanged, writing nothing and auditing nothing', async () => {
    const { t, orgId } = ctx;
    const { key } = await keyFor(ctx);
    const storedBefore = await t.store.getApiKey(orgId, key.id);
    t.clock.advanceDays(1);
    for (const payload of [{}, { spec: {} }]) {
      const res = await updateKey(t, key.id, payload);
      assertOk(res, 200);
      assert.equal(res.json().spec.display_name, 'before');
      assert.equal(res.json().spec.description, 'old text');
    }
    const stored = await t.store.getApiKey(orgId, key.id);
    assert.equal(stored?.displayName, 'before');
    assert.equal(stored?.description, 'old text');
    assert.equal(stored?.updatedAt, storedBefore?.updatedAt, 'updated_at stays');
    assert.deepEqual((await auditRows(ctx, 'api_key.update')).filter((row) => row.targetId === key.id), []);
  });

  it('renames an expired key, which stays EXPIRED', async () => {
    const { t } = ctx;
    const { key } = await keyFor(ctx, { expires_at: day(t) });
    t.clock.advanceDays(1);
    const res = await updateKey(t, key.id, { spec: { display_name: 'retired' } });
    assertOk(res, 200);
    assert.equal(res.json().spec.display_name, 'retired');
    assert.equal(res.json().status.phase, 'EXPIRED');
  });

  it('ignores unknown request properties and query parameters', async () => {
    const { t } = ctx;
    const { key } = await keyFor(ctx);
    const res = await updateKey(t, `${key.id}?validate_only=true`, { api_version: 'iam/v2', kind: 'ApiKey', extra: 1, spec: { display_name: 'x', colour: 'red', keyward: { tag: 'a' } } });
    assertOk(res, 200);
    assert.equal(res.json().spec.display_name, 'x');
  });
});
