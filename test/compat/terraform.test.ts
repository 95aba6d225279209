// Replays of what Terraform's confluent_api_key resource sends, and the answers it depends on:
// owner kind/api_version round-trip exactly (else a replacement is planned), the key is readable
// at once (a 404 right after create is fatal), a Cloud key passes the readiness poll on
// GET /org/v2/environments, and reads never turn a live or expired key into 403/404.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { startKeyward } from '../../src/server/keyward.js';
import { basicAuth } from '../helpers/test-app.js';
import {
  API_KEYS, BASE, api, assertFailure, assertOk, createKey, eachDialect, expectedFrom, getKey, kafka, listAllPages,
  newEnvironment, newServiceAccount, newUser, schemaRegistry, updateKey, type Ctx, type WireKey,
} from '../routes/api-keys/fixtures.js';

/** What the provider's create sends: both strings always, owner with kind and api_version. */
function terraformCreate(ownerId: string, managedResource?: Record<string, unknown>): Record<string, unknown> {
  const kind = ownerId.startsWith('sa-') ? 'ServiceAccount' : 'User';
  return {
    display_name: '', description: '',
    owner: { id: ownerId, kind, api_version: 'iam/v2' },
    ...(managedResource && { resource: managedResource }),
  };
}

eachDialect('Terraform confluent_api_key', (ctx: Ctx) => {
  it('creates a Cloud key with no resource, reads it at once, and the new key passes the readiness poll', async () => {
    const { t, orgId } = ctx;
    const sa = await newServiceAccount(t);
    const res = await createKey(t, terraformCreate(sa));
    assertOk(res, 202);
    const created = res.json() as WireKey;
    assert.equal(res.headers.location, `${BASE}/iam/v2/api-keys/${created.id}`);
    assert.deepEqual(created, expectedFrom(orgId, created, { ownerId: sa, createdBy: t.admin.principalId, secret: created.spec.secret! }));
    assert.equal(created.spec.owner.kind, 'ServiceAccount');
    assert.equal(created.spec.owner.api_version, 'iam/v2');
    assert.deepEqual([created.spec.resource.id, created.spec.resource.kind, created.spec.resource.api_version], ['cloud', 'Cloud', 'iam/v2']);

    const read = await getKey(t, created.id);
    assertOk(read, 200);
    const { secret: _secret, ...spec } = created.spec;
    assert.deepEqual(read.json(), { ...created, spec });

    const poll = await api(t, { method: 'GET', url: '/org/v2/environments', as: { keyId: created.id, secret: created.spec.secret!, principalId: sa } });
    assertOk(poll, 200);
    assert.equal(poll.json().kind, 'EnvironmentList');
  });

  it('passes the readiness poll with a Global key too', async () => {
    const { t } = ctx;
    const user = await newUser(t);
    const created = (await createKey(t, terraformCreate(user, { id: 'global', kind: 'Global', api_version: 'global/v1' }))).json() as WireKey;
    const poll = await api(t, { method: 'GET', url: '/org/v2/environments', as: { keyId: created.id, secret: created.spec.secret!, principalId: user } });
    assertOk(poll, 200);
  });

  it('round-trips a User owner exactly', async () => {
    const { t } = ctx;
    const user = await newUser(t);
    const created = (await createKey(t, terraformCreate(user))).json() as WireKey;
    for (const body of [created, (await getKey(t, created.id)).json() as WireKey]) {
      assert.equal(body.spec.owner.id, user);
      assert.equal(body.spec.owner.kind, 'User');
      assert.equal(body.spec.owner.api_version, 'iam/v2');
    }
  });

  it('creates a Kafka key from managed_resource {id, environment, kind, api_version} and reads it back unchanged', async () => {
    const { t, orgId } = ctx;
    const env = await newEnvironment(t);
    const sa = await newServiceAccount(t);
    const res = await createKey(t, terraformCreate(sa, { id: 'lkc-abc123', environment: env, kind: 'Cluster', api_version: 'cmk/v2' }));
    assertOk(res, 202);
    const created = res.json() as WireKey;
    const expected = expectedFrom(orgId, created, { ownerId: sa, resource: kafka('lkc-abc123', env), createdBy: t.admin.principalId });
    assert.deepEqual((await getKey(t, created.id)).json(), expected);
  });

  it("accepts kind Cluster for a Schema Registry cluster and answers SchemaRegistry", async () => {
    const { t, orgId } = ctx;
    const env = await newEnvironment(t);
    const sa = await newServiceAccount(t);
    const created = (await createKey(t, terraformCreate(sa, { id: 'lsrc-abc123', environment: env, kind: 'Cluster', api_version: 'srcm/v2' }))).json() as WireKey;
    assert.deepEqual((await getKey(t, created.id)).json(),
      expectedFrom(orgId, created, { ownerId: sa, resource: schemaRegistry('lsrc-abc123', env), createdBy: t.admin.principalId }));
  });

  it('reads a key created on one instance at once from another instance on the same database', async () => {
    const { t } = ctx;
    const second = await startKeyward(t.config, { logger: false, clock: t.clock, store: await t.db.reopen() });
    try {
      const sa = await newServiceAccount(t);
      const created = (await createKey(t, terraformCreate(sa))).json() as WireKey;
      const read = await second.app.inject({ method: 'GET', url: `${API_KEYS}/${created.id}`, headers: { authorization: basicAuth(t.admin.keyId, t.admin.secret) } });
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json().id, created.id);
      const poll = await second.app.inject({ method: 'GET', url: '/org/v2/environments', headers: { authorization: basicAuth(created.id, created.spec.secret!) } });
      assert.equal(poll.statusCode, 200, poll.body);
    } finally {
      await second.app.close();
    }
  });

  it('updates display_name and description only, leaving owner and resource as they were', async () => {
    const { t } = ctx;
    const env = await newEnvironment(t);
    const sa = await newServiceAccount(t);
    const created = (await createKey(t, terraformCreate(sa, { id: 'lkc-abc123', environment: env, kind: 'Cluster', api_version: 'cmk/v2' }))).json() as WireKey;
    const res = await updateKey(t, created.id, { spec: { display_name: 'renamed by terraform', description: '' } });
    assertOk(res, 200);
    assert.deepEqual(res.json().spec.owner, created.spec.owner);
    assert.deepEqual(res.json().spec.resource, created.spec.resource);
  });

  it('reads an expired key as 200 EXPIRED (never 404, which would silently recreate it)', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const today = t.clock.now().toISOString().slice(0, 10);
    const created = (await createKey(t, { ...terraformCreate(sa), expires_at: today })).json() as WireKey;
    t.clock.advanceDays(1);
    const read = await getKey(t, created.id);
    assertOk(read, 200);
    assert.equal(read.json().status.phase, 'EXPIRED');
    assert.deepEqual(read.json().spec.owner, created.spec.owner);
  });

  it('answers a deleted key 404 and bad credentials 401 with WWW-Authenticate, never a bare 403', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const created = (await createKey(t, terraformCreate(sa))).json() as WireKey;
    assert.equal((await t.request({ method: 'DELETE', url: `${API_KEYS}/${created.id}` })).statusCode, 204);
    assertFailure(await getKey(t, created.id), { status: 404, code: 'not_found' });
    const stale = await getKey(t, t.admin.keyId, { ...t.admin, secret: created.spec.secret! });
    assertFailure(stale, { status: 401, code: 'user_unauthenticated' });
    assert.match(String(stale.headers['www-authenticate']), /^Basic /);
  });

  it('walks the data-source pages with next absent, never null, on the last page', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    for (let i = 0; i < 4; i++) await createKey(t, terraformCreate(sa));
    const { pages, ids } = await listAllPages(t, `${API_KEYS}?spec.owner=${sa}&page_size=3`);
    assert.equal(ids.length, 4);
    for (const page of pages) assert.doesNotMatch(page.body, /"next":null/);
  });
});
