// `/keyward/v1/authenticate`, the endpoint nginx `auth_request` and Envoy `ext_authz` call.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyId } from '../../src/core/key-material.js';
import { dialects } from '../helpers/dialects.js';
import { basicAuth, createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

const PATH = '/keyward/v1/authenticate';

for (const dialect of dialects) {
  describe(`${PATH} (${dialect})`, () => {
    let t: TestApp;
    let cloud: Credentials;
    let cluster: Credentials;

    before(async () => {
      t = await createTestApp(dialect);
      cloud = await t.createServiceAccountWithKey('proxy-cloud');
      cluster = await t.createKey(cloud.principalId, { resource: { id: 'lkc-abc123' }, expires_at: '2999-12-31' });
    });
    after(async () => t.close());

    const call = (creds: Credentials | null, options: { url?: string; method?: 'GET' | 'POST' | 'HEAD'; headers?: Record<string, string>; payload?: string } = {}) =>
      t.keyward.app.inject({
        method: options.method ?? 'GET',
        url: options.url ?? PATH,
        headers: { ...(creds && { authorization: basicAuth(creds.keyId, creds.secret) }), ...options.headers },
        ...(options.payload !== undefined && { payload: options.payload }),
      });

    function assertUnauthenticated(res: Awaited<ReturnType<typeof call>>): void {
      assert.equal(res.statusCode, 401, res.body);
      assert.match(String(res.headers['www-authenticate']), /^Basic realm="keyward"/);
      assert.equal(res.json().errors[0].code, 'user_unauthenticated');
      assert.equal(res.headers['x-keyward-key-id'], undefined);
      assert.equal(res.headers['x-keyward-owner-id'], undefined);
    }

    it('answers 200 with the key and its owner in headers and no body, for the management API by default', async () => {
      const res = await call(cloud);
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '');
      assert.equal(res.headers['x-keyward-key-id'], cloud.keyId);
      assert.equal(res.headers['x-keyward-owner-id'], cloud.principalId);
      assert.equal(res.headers['x-keyward-owner-kind'], 'ServiceAccount');
      assert.equal(res.headers['x-keyward-resource-id'], 'cloud');
      assert.equal(res.headers['x-keyward-expires-at'], undefined);
      assert.ok(res.headers['x-request-id']);
    });

    it('takes the resource from ?resource= or X-Keyward-Resource, and tells the expiry', async () => {
      const byHeader = await call(cluster, { headers: { 'x-keyward-resource': 'lkc-abc123' } });
      assert.equal(byHeader.statusCode, 200);
      assert.equal(byHeader.headers['x-keyward-resource-id'], 'lkc-abc123');
      assert.equal(byHeader.headers['x-keyward-expires-at'], '2999-12-31');
      assert.equal((await call(cluster, { url: `${PATH}?resource=lkc-abc123` })).statusCode, 200);
      // nginx passes the client's headers to the subrequest, not its query: the query (the proxy's) wins.
      assert.equal((await call(cluster, { url: `${PATH}?resource=lkc-abc123`, headers: { 'x-keyward-resource': 'cloud' } })).statusCode, 200);
      assert.equal((await call(cluster, { url: `${PATH}?resource=cloud`, headers: { 'x-keyward-resource': 'lkc-abc123' } })).statusCode, 401);
    });

    it("ignores the query below the path, where Envoy appends the client's own path and query", async () => {
      assert.equal((await call(cluster, { url: `${PATH}/v3/clusters?resource=lkc-abc123` })).statusCode, 401);
      assert.equal((await call(cluster, { url: `${PATH}/v3/clusters?resource=cloud`, headers: { 'x-keyward-resource': 'lkc-abc123' } })).statusCode, 200);
    });

    it('answers 401 to a valid key on the wrong resource, naming its scope only', async () => {
      for (const [creds, resource] of [[cluster, 'lkc-other1'], [cluster, 'cloud'], [cloud, 'lkc-abc123']] as const) {
        const res = await call(creds, { headers: { 'x-keyward-resource': resource } });
        assertUnauthenticated(res);
        assert.match(res.json().errors[0].detail, /is scoped to/);
      }
    });

    it('answers 401 with WWW-Authenticate to no, malformed, unknown or wrong credentials', async () => {
      assertUnauthenticated(await call(null));
      assertUnauthenticated(await call(null, { headers: { authorization: 'Bearer abc' } }));
      assertUnauthenticated(await call({ ...cloud, keyId: generateKeyId() }));
      const wrong = await call({ ...cloud, secret: cloud.secret.slice(0, -1) + (cloud.secret.endsWith('A') ? 'B' : 'A') });
      assertUnauthenticated(wrong);
      // Unknown key and wrong secret read exactly alike.
      assert.equal(wrong.json().errors[0].detail, 'Valid authentication credentials must be provided');
    });

    it('answers 401 to an expired key and to a deleted one', async () => {
      const today = t.clock.now().toISOString().slice(0, 10);
      const expiring = await t.createKey(cloud.principalId, { expires_at: today });
      assert.equal((await call(expiring)).statusCode, 200);
      t.clock.advanceDays(1);
      try {
        assertUnauthenticated(await call(expiring));
      } finally {
        t.clock.advanceDays(-1);
      }
      const doomed = await t.createKey(cloud.principalId);
      assert.equal((await call(doomed)).statusCode, 200);
      assert.equal((await t.request({ method: 'DELETE', url: `/iam/v2/api-keys/${doomed.keyId}` })).statusCode, 204);
      assertUnauthenticated(await call(doomed));
    });

    it("accepts any method and any path below it (nginx keeps the client's method, Envoy appends its path)", async () => {
      const post = await call(cloud, { method: 'POST', url: `${PATH}/topics/orders?x=1`, payload: 'ignored', headers: { 'content-type': 'text/plain' } });
      assert.equal(post.statusCode, 200, post.body);
      assert.equal(post.headers['x-keyward-key-id'], cloud.keyId);
      const head = await call(cluster, { method: 'HEAD', url: `${PATH}/v3/clusters`, headers: { 'x-keyward-resource': 'lkc-abc123' } });
      assert.equal(head.statusCode, 200);
      assert.equal(head.headers['x-keyward-owner-id'], cloud.principalId);
      const json = await call(cloud, { method: 'POST', payload: '{not json', headers: { 'content-type': 'application/json' } });
      assert.equal(json.statusCode, 200, 'a forwarded body is never parsed');
    });

    it('is not part of the OpenAPI document of the management API', async () => {
      const doc = (await t.request({ method: 'GET', url: '/openapi.json', as: null })).json();
      assert.equal(Object.keys(doc.paths).some((p) => p.startsWith(PATH)), false);
      assert.ok(doc.paths['/keyward/v1/verify']);
    });
  });
}
