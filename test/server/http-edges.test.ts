// What the HTTP layer answers outside the happy path: unknown routes, wrong methods, bodies that
// are too large, of the wrong type or not JSON; health endpoints; the server's own OpenAPI.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../helpers/dialects.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

function assertFailure(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, code: string): void {
  assert.equal(res.statusCode, status);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.ok(res.headers['x-request-id']);
  const [error, ...rest] = res.json().errors;
  assert.deepEqual(rest, []);
  assert.equal(error.status, String(status));
  assert.equal(error.code, code);
  assert.equal(error.id, res.headers['x-request-id']);
  assert.ok(error.title && error.detail);
}

for (const dialect of dialects) {
  describe(`HTTP edges (${dialect})`, () => {
    let t: TestApp;
    before(async () => { t = await createTestApp(dialect); });
    after(async () => t.close());

    it('answers unknown routes with a 404 Failure', async () => {
      assertFailure(await t.request({ method: 'GET', url: '/iam/v3/keys' }), 404, 'not_found');
      assertFailure(await t.request({ method: 'GET', url: '/', as: null }), 404, 'not_found');
    });

    it('answers a wrong method with 405 and Allow', async () => {
      const res = await t.request({ method: 'PUT', url: '/iam/v2/api-keys/ABC' });
      assertFailure(res, 405, 'method_not_allowed');
      assert.equal(res.headers.allow, 'DELETE, GET, PATCH');
      assert.equal((await t.request({ method: 'DELETE', url: '/iam/v2/api-keys' })).headers.allow, 'GET, POST');
    });

    it('answers an oversized body with 413 and writes nothing', async () => {
      const before = (await t.store.listAudit((await t.store.getOrganization())!.id, 1000)).length;
      const res = await t.request({ method: 'POST', url: '/iam/v2/api-keys',
        payload: { spec: { owner: { id: t.admin.principalId }, description: 'x'.repeat(200_000) } } });
      assertFailure(res, 413, 'payload_too_large');
      assert.equal((await t.store.listAudit((await t.store.getOrganization())!.id, 1000)).length, before);
    });

    it('answers a non-JSON body with 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const res = await t.request({ method: 'POST', url: '/iam/v2/service-accounts', payload: 'display_name=x', headers: { 'content-type': type } });
        assertFailure(res, 415, 'unsupported_media_type');
      }
    });

    it('answers malformed and empty JSON with 400', async () => {
      const headers = { 'content-type': 'application/json' };
      assertFailure(await t.request({ method: 'POST', url: '/iam/v2/api-keys', payload: '{"spec":', headers }), 400, 'malformed_json');
      assertFailure(await t.request({ method: 'POST', url: '/iam/v2/api-keys', payload: '', headers }), 400, 'malformed_json');
      assertFailure(await t.request({ method: 'POST', url: '/iam/v2/api-keys', payload: '{"__proto__": {"x": 1}}', headers }), 400, 'malformed_json');
    });

    it('answers a body of the wrong shape with 422 and a pointer', async () => {
      for (const [payload, pointer] of [
        [[], '/'], ['"x"', '/'], [{ spec: 'x' }, '/spec'], [{ spec: {} }, '/spec/owner'], [{ spec: { owner: { id: 7 } } }, '/spec/owner/id'],
        [{ spec: { owner: { id: 'u-x' }, display_name: ['a'] } }, '/spec/display_name'],
      ] as const) {
        const res = await t.request({ method: 'POST', url: '/iam/v2/api-keys', payload: payload as object, headers: { 'content-type': 'application/json' } });
        assertFailure(res, 422, 'invalid_configuration');
        assert.equal(res.json().errors[0].source.pointer, pointer, JSON.stringify(payload));
      }
    });

    it('serves /healthz and /readyz without credentials', async () => {
      const health = await t.request({ method: 'GET', url: '/healthz', as: null });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), { status: 'ok' });
      const ready = await t.request({ method: 'GET', url: '/readyz', as: null });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready' });
    });

    it('serves its own OpenAPI document with every operation', async () => {
      const res = await t.request({ method: 'GET', url: '/openapi.json', as: null });
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      const operationIds = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
        .flatMap((ops) => Object.values(ops).map((op) => op.operationId));
      for (const id of ['listIamV2ApiKeys', 'createIamV2ApiKey', 'getIamV2ApiKey', 'updateIamV2ApiKey', 'deleteIamV2ApiKey',
        'listIamV2ServiceAccounts', 'createIamV2ServiceAccount', 'listIamV2Users', 'createIamV2User', 'listOrgV2Environments',
        'listKeywardV1AuditEvents']) {
        assert.ok(operationIds.includes(id), `${id} missing from /openapi.json`);
      }
      assert.ok(doc.paths['/iam/v2/api-keys/{id}'], 'path parameters use OpenAPI braces');
    });
  });
}

describe('readiness when the database is gone (sqlite)', () => {
  it('answers /readyz and API requests with 503 Failures, not a crash', async () => {
    const t = await createTestApp('sqlite');
    try {
      await t.store.close();
      const ready = await t.request({ method: 'GET', url: '/readyz', as: null });
      assertFailure(ready, 503, 'service_unavailable');
    } finally {
      await t.keyward.app.close();
      await t.db.destroy();
    }
  });
});
