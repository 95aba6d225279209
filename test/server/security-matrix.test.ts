// One authentication and authorization matrix, run on every management route: no route can skip
// it, because the suite fails when the app has a route this table does not list.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../helpers/dialects.js';
import { createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';
import { assertMatchesOpenApi, isDocumentedPath } from '../helpers/openapi-contract.js';

interface Target {
  url: string;
  payload?: unknown;
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string;
  /** Creates what the request acts on, owned by someone other than the non-admin caller. */
  target(t: TestApp, other: Credentials): Promise<Target>;
  /** What an ordinary (non-admin) user gets when it acts on the target. */
  nonAdmin: 403 | 404 | 'allowed';
}

const cases: RouteCase[] = [
  { method: 'GET', route: '/iam/v2/api-keys', nonAdmin: 'allowed', target: async () => ({ url: '/iam/v2/api-keys' }) },
  { method: 'POST', route: '/iam/v2/api-keys', nonAdmin: 403,
    target: async (_t, other) => ({ url: '/iam/v2/api-keys', payload: { spec: { owner: { id: other.principalId } } } }) },
  { method: 'GET', route: '/iam/v2/api-keys/:id', nonAdmin: 404, target: async (_t, other) => ({ url: `/iam/v2/api-keys/${other.keyId}` }) },
  { method: 'PATCH', route: '/iam/v2/api-keys/:id', nonAdmin: 404,
    target: async (_t, other) => ({ url: `/iam/v2/api-keys/${other.keyId}`, payload: { spec: { display_name: 'x' } } }) },
  { method: 'DELETE', route: '/iam/v2/api-keys/:id', nonAdmin: 404,
    target: async (t, other) => ({ url: `/iam/v2/api-keys/${(await t.createKey(other.principalId)).keyId}` }) },
  { method: 'GET', route: '/iam/v2/service-accounts', nonAdmin: 403, target: async () => ({ url: '/iam/v2/service-accounts' }) },
  { method: 'POST', route: '/iam/v2/service-accounts', nonAdmin: 403,
    target: async () => ({ url: '/iam/v2/service-accounts', payload: { display_name: `sa-${Math.random()}` } }) },
  { method: 'GET', route: '/iam/v2/service-accounts/:id', nonAdmin: 403, target: async (_t, other) => ({ url: `/iam/v2/service-accounts/${other.principalId}` }) },
  { method: 'PATCH', route: '/iam/v2/service-accounts/:id', nonAdmin: 403,
    target: async (_t, other) => ({ url: `/iam/v2/service-accounts/${other.principalId}`, payload: { description: 'x' } }) },
  { method: 'DELETE', route: '/iam/v2/service-accounts/:id', nonAdmin: 403,
    target: async (t) => ({ url: `/iam/v2/service-accounts/${(await t.createServiceAccountWithKey()).principalId}` }) },
  { method: 'GET', route: '/iam/v2/users', nonAdmin: 403, target: async () => ({ url: '/iam/v2/users' }) },
  { method: 'POST', route: '/iam/v2/users', nonAdmin: 403,
    target: async () => ({ url: '/iam/v2/users', payload: { email: `m${Math.random()}@example.com`, full_name: 'M' } }) },
  { method: 'GET', route: '/iam/v2/users/:id', nonAdmin: 403, target: async (t) => ({ url: `/iam/v2/users/${t.admin.principalId}` }) },
  { method: 'PATCH', route: '/iam/v2/users/:id', nonAdmin: 403,
    target: async (t) => ({ url: `/iam/v2/users/${t.admin.principalId}`, payload: { full_name: 'x' } }) },
  { method: 'DELETE', route: '/iam/v2/users/:id', nonAdmin: 403,
    target: async (t) => ({ url: `/iam/v2/users/${(await t.createUserWithKey()).principalId}` }) },
  { method: 'GET', route: '/org/v2/environments', nonAdmin: 'allowed', target: async () => ({ url: '/org/v2/environments' }) },
  { method: 'POST', route: '/org/v2/environments', nonAdmin: 403,
    target: async () => ({ url: '/org/v2/environments', payload: { display_name: `env-${Math.random()}` } }) },
  { method: 'GET', route: '/org/v2/environments/:id', nonAdmin: 'allowed', target: async (t) => ({ url: `/org/v2/environments/${await newEnvironment(t)}` }) },
  { method: 'PATCH', route: '/org/v2/environments/:id', nonAdmin: 403,
    target: async (t) => ({ url: `/org/v2/environments/${await newEnvironment(t)}`, payload: { display_name: `e${Math.random()}` } }) },
  { method: 'DELETE', route: '/org/v2/environments/:id', nonAdmin: 403, target: async (t) => ({ url: `/org/v2/environments/${await newEnvironment(t)}` }) },
  { method: 'GET', route: '/keyward/v1/audit-events', nonAdmin: 403, target: async () => ({ url: '/keyward/v1/audit-events' }) },
];

async function newEnvironment(t: TestApp): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/org/v2/environments', payload: { display_name: `env-${Math.random()}` } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

for (const dialect of dialects) {
  describe(`security matrix on every management route (${dialect})`, () => {
    let t: TestApp;
    let user: Credentials;
    let other: Credentials;
    const bad: Record<string, Credentials> = {};

    before(async () => {
      t = await createTestApp(dialect);
      user = await t.createUserWithKey('matrix-user');
      other = await t.createServiceAccountWithKey('matrix-other');
      bad['wrong secret'] = { ...user, secret: user.secret.slice(0, -1) + (user.secret.endsWith('A') ? 'B' : 'A') };
      bad['unknown key'] = { ...user, keyId: 'ZZZZZZZZZZZZZZZZ' };
      const expiring = await t.createKey(t.admin.principalId, { expires_at: new Date().toISOString().slice(0, 10) });
      bad['expired key'] = expiring;
      const deleted = await t.createKey(t.admin.principalId);
      assert.equal((await t.request({ method: 'DELETE', url: `/iam/v2/api-keys/${deleted.keyId}` })).statusCode, 204);
      bad['deleted key'] = deleted;
      bad['cluster-scoped key'] = await t.createKey(t.admin.principalId, { resource: { id: 'lkc-abc123' } });
      bad['Global key of a deleted owner'] = await t.createUserWithKey('doomed');
      assert.equal((await t.request({ method: 'DELETE', url: `/iam/v2/users/${bad['Global key of a deleted owner'].principalId}` })).statusCode, 204);
      t.clock.advanceDays(1);
    });
    after(async () => t.close());

    it('lists every registered management route', async () => {
      const listed = new Set(cases.map((c) => `${c.method} ${c.route}`));
      const routes = t.keyward.app.printRoutes({ commonPrefix: false });
      for (const c of cases) assert.ok(routes.includes(c.route.split('/').at(-1)!), `${c.route} not registered`);
      // Every management route the app serves must be in the table above. Without credentials a
      // served route answers 401; no route answers 404 (no such path) or 405 (not that method).
      const served = (status: number) => status !== 404 && status !== 405;
      for (const path of ['/iam/v2/api-keys', '/iam/v2/service-accounts', '/iam/v2/users', '/org/v2/environments', '/keyward/v1/audit-events']) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await t.request({ method, url: path, as: null });
          if (served(res.statusCode)) assert.ok(listed.has(`${method} ${path}`), `${method} ${path} has no matrix entry`);
        }
        for (const method of ['GET', 'PATCH', 'DELETE', 'POST', 'PUT']) {
          const res = await t.request({ method: method as 'GET', url: `${path}/x`, as: null });
          if (served(res.statusCode)) assert.ok(listed.has(`${method} ${path}/:id`), `${method} ${path}/:id has no matrix entry`);
        }
      }
    });

    for (const c of cases) {
      describe(`${c.method} ${c.route}`, () => {
        it('answers 401 with WWW-Authenticate and a Failure body without credentials', async () => {
          const target = await c.target(t, other);
          const res = await t.request({ method: c.method, url: target.url, payload: target.payload as object, as: null });
          assertUnauthenticated(c, target, res);
        });

        it('answers 401 to a malformed Authorization header', async () => {
          const target = await c.target(t, other);
          const res = await t.request({ method: c.method, url: target.url, payload: target.payload as object, as: null,
            headers: { authorization: 'Bearer abc' } });
          assertUnauthenticated(c, target, res);
        });

        for (const name of ['wrong secret', 'unknown key', 'expired key', 'deleted key', 'cluster-scoped key', 'Global key of a deleted owner']) {
          it(`answers 401 to a ${name}`, async () => {
            const target = await c.target(t, other);
            const res = await t.request({ method: c.method, url: target.url, payload: target.payload as object, as: bad[name]! });
            assertUnauthenticated(c, target, res);
          });
        }

        it(c.nonAdmin === 'allowed' ? 'lets an ordinary user in' : `answers ${c.nonAdmin} to an ordinary user acting on another owner's object`, async () => {
          const target = await c.target(t, other);
          const res = await t.request({ method: c.method, url: target.url, payload: target.payload as object, as: user });
          if (c.nonAdmin === 'allowed') {
            assert.ok(res.statusCode < 300, `expected success, got ${res.statusCode} ${res.body}`);
          } else {
            assert.equal(res.statusCode, c.nonAdmin, res.body);
            assert.equal(res.json().errors[0].code, c.nonAdmin === 403 ? 'user_unauthorized' : 'not_found');
          }
          if (isDocumentedPath(c.method, target.url)) assertMatchesOpenApi(c.method, target.url, res.statusCode, res.body ? res.json() : undefined, res.headers);
        });
      });
    }
  });
}

function assertUnauthenticated(c: RouteCase, target: Target, res: { statusCode: number; headers: Record<string, unknown>; body: string; json(): any }): void {
  assert.equal(res.statusCode, 401, `${c.method} ${target.url}: ${res.body}`);
  assert.match(String(res.headers['www-authenticate']), /^Basic /);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.ok(res.headers['x-request-id']);
  const error = res.json().errors[0];
  assert.equal(error.status, '401');
  assert.equal(error.code, 'user_unauthenticated');
  assert.equal(error.id, res.headers['x-request-id']);
  if (isDocumentedPath(c.method, target.url)) assertMatchesOpenApi(c.method, target.url, 401, res.json(), res.headers);
}
