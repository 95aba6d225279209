// POST /iam/v2/api-keys, the paths that succeed: the exact 202 body for every kind of resource,
// its headers, and the row and audit entry it leaves behind.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_KEYS, BASE, CLOUD, GLOBAL, KEY_ID, SECRET, TABLEFLOW, api, assertOk, assertTimestampBetween, auditRows, createKey,
  createdKey, day, eachDialect, expectedFrom, expectedRecord, flinkRegion, getKey, kafka, ksqlDb, newEnvironment,
  newServiceAccount, newUser, nowIso, schemaRegistry, withoutHash, type Ctx, type KeyResourceShape,
} from './fixtures.js';

interface InferenceCase {
  name: string;
  /** The `spec.resource` sent (`undefined`: left out). */
  sent(env: string): Record<string, unknown> | null | undefined;
  expected(env: string): KeyResourceShape;
}

const inference: InferenceCase[] = [
  { name: 'no resource → Cloud', sent: () => undefined, expected: () => CLOUD },
  { name: 'resource null → Cloud', sent: () => null, expected: () => CLOUD },
  { name: 'cloud → Cloud iam/v2', sent: () => ({ id: 'cloud' }), expected: () => CLOUD },
  { name: 'CLOUD (upper case) → Cloud', sent: () => ({ id: 'CLOUD' }), expected: () => CLOUD },
  { name: 'global → Global global/v1', sent: () => ({ id: 'global' }), expected: () => GLOBAL },
  { name: 'GLOBAL (upper case) → Global', sent: () => ({ id: 'GLOBAL' }), expected: () => GLOBAL },
  { name: 'tableflow → Tableflow tableflow/v1', sent: () => ({ id: 'tableflow' }), expected: () => TABLEFLOW },
  { name: 'TableFlow (mixed case) → Tableflow', sent: () => ({ id: 'TableFlow' }), expected: () => TABLEFLOW },
  { name: 'lkc- without environment → Cluster cmk/v2', sent: () => ({ id: 'lkc-abc123' }), expected: () => kafka('lkc-abc123') },
  { name: 'lkc- with environment → Cluster cmk/v2 in it', sent: (env) => ({ id: 'lkc-abc123', environment: env }), expected: (env) => kafka('lkc-abc123', env) },
  { name: 'lsrc- → SchemaRegistry srcm/v2', sent: () => ({ id: 'lsrc-x7y8z9' }), expected: () => schemaRegistry('lsrc-x7y8z9') },
  { name: 'lsrc- with environment → SchemaRegistry in it', sent: (env) => ({ id: 'lsrc-x7y8z9', environment: env }), expected: (env) => schemaRegistry('lsrc-x7y8z9', env) },
  {
    name: "lsrc- with Terraform's kind Cluster → SchemaRegistry",
    sent: (env) => ({ id: 'lsrc-x7y8z9', environment: env, kind: 'Cluster', api_version: 'cmk/v2' }),
    expected: (env) => schemaRegistry('lsrc-x7y8z9', env),
  },
  { name: 'lksqlc- → ksqlDB ksqldbcm/v2', sent: () => ({ id: 'lksqlc-q1w2e3' }), expected: () => ksqlDb('lksqlc-q1w2e3') },
  {
    name: "lksqlc- with Terraform's kind Cluster → ksqlDB",
    sent: (env) => ({ id: 'lksqlc-q1w2e3', environment: env, kind: 'Cluster', api_version: 'cmk/v2' }),
    expected: (env) => ksqlDb('lksqlc-q1w2e3', env),
  },
  { name: 'aws.us-east-2 with environment → Flink Region fcpm/v2', sent: (env) => ({ id: 'aws.us-east-2', environment: env }), expected: (env) => flinkRegion('aws.us-east-2', env) },
  { name: 'gcp.europe-west1 with environment → Flink Region', sent: (env) => ({ id: 'gcp.europe-west1', environment: env }), expected: (env) => flinkRegion('gcp.europe-west1', env) },
];

eachDialect('POST /iam/v2/api-keys happy paths', (ctx: Ctx) => {
  it('creates a Cloud key for a service account: 202, Location, the exact body, the stored row and its audit entry', async () => {
    const { t, orgId } = ctx;
    const sa = await newServiceAccount(t);
    const before = nowIso(t);
    const res = await createKey(t, { display_name: 'ci deployer', description: 'used by the CI pipeline', owner: { id: sa } });
    const after = nowIso(t);

    assertOk(res, 202);
    const body = res.json();
    assert.match(body.id, KEY_ID);
    assert.match(body.spec.secret, SECRET);
    assert.equal(res.headers.location, `${BASE}/iam/v2/api-keys/${body.id}`);
    assertTimestampBetween(body.metadata.created_at, before, after);
    const expected = { ownerId: sa, displayName: 'ci deployer', description: 'used by the CI pipeline', createdBy: t.admin.principalId };
    assert.deepEqual(body, expectedFrom(orgId, body, { ...expected, secret: body.spec.secret }));
    assert.equal(body.metadata.updated_at, body.metadata.created_at);

    const stored = await t.store.getApiKey(orgId, body.id);
    assert.deepEqual(withoutHash(stored), expectedRecord(orgId, { id: body.id, createdAt: body.metadata.created_at, ...expected }));
    assert.deepEqual(await auditRows(ctx, 'api_key.create'), [{
      orgId, actorId: t.admin.principalId, action: 'api_key.create', targetKind: 'ApiKey', targetId: body.id,
      at: body.metadata.created_at, details: { owner: sa, resource: 'cloud', expires_at: null },
    }]);
  });

  it('creates a key for a user owner, with User kind and users/ links', async () => {
    const { t, orgId } = ctx;
    const user = await newUser(t);
    const body = await createdKey(t, { owner: { id: user } });
    assert.deepEqual(body, expectedFrom(orgId, body, { ownerId: user, createdBy: t.admin.principalId, secret: body.spec.secret! }));
  });

  for (const c of inference) {
    it(`infers the resource: ${c.name}`, async () => {
      const { t, orgId } = ctx;
      const env = await newEnvironment(t);
      const sa = await newServiceAccount(t);
      const sent = c.sent(env);
      const body = await createdKey(t, { owner: { id: sa }, ...(sent !== undefined && { resource: sent }) });
      const expected = { ownerId: sa, resource: c.expected(env), createdBy: t.admin.principalId };
      assert.deepEqual(body, expectedFrom(orgId, body, { ...expected, secret: body.spec.secret! }));

      const stored = await t.store.getApiKey(orgId, body.id);
      assert.deepEqual(withoutHash(stored), expectedRecord(orgId, { id: body.id, createdAt: body.metadata.created_at, ...expected }));
      const read = await getKey(t, body.id);
      assertOk(read, 200);
      assert.deepEqual(read.json(), expectedFrom(orgId, body, expected));
      assert.equal((await auditRows(ctx, 'api_key.create'))[0]?.details.resource, c.expected(env).id);
    });
  }

  it('stores display_name and description exactly as given, empty strings included', async () => {
    const { t, orgId } = ctx;
    const sa = await newServiceAccount(t);
    for (const [displayName, description] of [['', ''], ['  Ünïcødé — key  ', 'line one\nline two'], ['x'.repeat(255), 'y'.repeat(1024)]] as const) {
      const body = await createdKey(t, { display_name: displayName, description, owner: { id: sa } });
      assert.equal(body.spec.display_name, displayName);
      assert.equal(body.spec.description, description);
      const stored = await t.store.getApiKey(orgId, body.id);
      assert.equal(stored?.displayName, displayName);
      assert.equal(stored?.description, description);
    }
  });

  it('accepts expires_at of today: the key is ACTIVE and authenticates through today', async () => {
    const { t, orgId } = ctx;
    const user = await newUser(t);
    const today = day(t);
    const body = await createdKey(t, { owner: { id: user }, expires_at: today });
    assert.deepEqual(body, expectedFrom(orgId, body, { ownerId: user, expiresAt: today, createdBy: t.admin.principalId, secret: body.spec.secret! }));
    assert.equal((await t.store.getApiKey(orgId, body.id))?.expiresAt, today);
    assert.deepEqual((await auditRows(ctx, 'api_key.create'))[0]?.details, { owner: user, resource: 'cloud', expires_at: today });

    const asNewKey = { keyId: body.id, secret: body.spec.secret!, principalId: user };
    const listed = await api(t, { method: 'GET', url: API_KEYS, as: asNewKey });
    assertOk(listed, 200);
    assert.deepEqual(listed.json().data.map((k: { id: string }) => k.id), [body.id]);
  });

  it('accepts an expires_at years ahead', async () => {
    const { t } = ctx;
    const body = await createdKey(t, { owner: { id: await newServiceAccount(t) }, expires_at: '2099-12-31' });
    assert.equal(body.spec.expires_at, '2099-12-31');
    assert.equal(body.status.phase, 'ACTIVE');
  });

  it('gives every key its own id and secret, and the secret authenticates at once', async () => {
    const { t } = ctx;
    const user = await newUser(t);
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push(await createdKey(t, { owner: { id: user } }));
    assert.equal(new Set(keys.map((k) => k.id)).size, 5);
    assert.equal(new Set(keys.map((k) => k.spec.secret)).size, 5);
    for (const k of keys) {
      const res = await getKey(t, k.id, { keyId: k.id, secret: k.spec.secret!, principalId: user });
      assertOk(res, 200);
    }
  });

  it('ignores unknown and read-only request properties (MUST IGNORE)', async () => {
    const { t, orgId } = ctx;
    const sa = await newServiceAccount(t);
    const res = await createKey(t, {
      display_name: 'k', owner: { id: sa, kind: 'User', api_version: 'iam/v1', related: 'x', resource_name: 'y', colour: 'blue' },
      resource: { id: 'cloud', kind: 'Global', api_version: 'global/v1', related: '', resource_name: '', zone: 'a' },
      keyward: { note: 'future field' }, unknown_field: [1, 2, 3],
    });
    assertOk(res, 202);
    const body = res.json();
    assert.deepEqual(body, expectedFrom(orgId, body, { ownerId: sa, displayName: 'k', createdBy: t.admin.principalId, secret: body.spec.secret }));

    const wrapped = await api(t, {
      method: 'POST', url: `${API_KEYS}?dry_run=true&foo=bar`,
      payload: { api_version: 'iam/v2', kind: 'ApiKey', id: 'CHOSENBYCLIENT00', metadata: { self: 'https://evil.example/x' }, spec: { owner: { id: sa } }, extra: true },
    });
    assertOk(wrapped, 202);
    assert.notEqual(wrapped.json().id, 'CHOSENBYCLIENT00');
    assert.equal(wrapped.json().metadata.self, `${BASE}/iam/v2/api-keys/${wrapped.json().id}`);
    assert.equal(await t.store.getApiKey(orgId, 'CHOSENBYCLIENT00'), undefined);
  });

  it('counts the request in the rate-limit headers', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const first = await createKey(t, { owner: { id: sa } });
    const second = await createKey(t, { owner: { id: sa } });
    assert.equal(Number(second.headers['x-ratelimit-remaining']), Number(first.headers['x-ratelimit-remaining']) - 1);
  });
});

