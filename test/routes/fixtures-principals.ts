// Shared fixtures for the route tests of service accounts, users and environments: a fresh keyward
// per test and dialect, a request helper that checks what every response must carry (and validates
// it against Confluent's documents), the wire bodies keyward must answer for stored records, and the
// checks several operations share (nothing persisted, paging, keys deleted with their owner).
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { EnvironmentRecord, ServiceAccountRecord, UserRecord } from '../../src/store/records.js';
import { dialects, type Dialect } from '../helpers/dialects.js';
import { assertMatchesOpenApi, isDocumentedPath } from '../helpers/openapi-contract.js';
import { createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

/** KEYWARD_PUBLIC_URL of every test app. */
export const BASE = 'https://keyward.test';
/** RFC 3339 in UTC, as `metadata.created_at` and `updated_at` must be. */
export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
export const SERVICE_ACCOUNT_ID = /^sa-[a-z0-9]+$/;
export const USER_ID = /^u-[a-z0-9]+$/;
export const ENVIRONMENT_ID = /^env-[a-z0-9]+$/;

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type Response = LightMyRequestResponse;

export interface RouteContext {
  t: TestApp;
  dialect: Dialect;
  /** The organization the bootstrap created (the one in every CRN). */
  orgId: string;
}

/**
 * Declares a suite once per dialect; every test gets a fresh app on a fresh database.
 * `ctx()` is only valid inside a test.
 */
export function describeRoute(title: string, body: (ctx: () => RouteContext) => void): void {
  for (const dialect of dialects) {
    describe(`${title} (${dialect})`, () => {
      let current: RouteContext | undefined;
      beforeEach(async () => {
        const t = await createTestApp(dialect);
        const organization = await t.store.getOrganization();
        assert.ok(organization, 'the test app was not bootstrapped');
        current = { t, dialect, orgId: organization.id };
      });
      afterEach(async () => {
        await current?.t.close();
        current = undefined;
      });
      body(() => {
        assert.ok(current, 'ctx() called outside a test');
        return current;
      });
    });
  }
}

export interface RouteRequest {
  method: Method;
  url: string;
  payload?: InjectOptions['payload'];
  headers?: Record<string, string>;
  /** Whose key signs the request: the bootstrap admin by default, `null` for none. */
  as?: Credentials | null;
  /** Why this response is not checked against Confluent's documents (a status keyward adds). */
  undocumented?: string;
}

/**
 * Sends a request and checks what every response carries: an X-Request-Id, a JSON Content-Type on
 * any body, an error body naming the request id and the status, and (for documented paths) the
 * shape Confluent's OpenAPI documents give it.
 */
export async function call(ctx: RouteContext, request: RouteRequest): Promise<Response> {
  const { undocumented, ...options } = request;
  const res = await ctx.t.request(options);
  const label = `${request.method} ${request.url} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
  const requestId = res.headers['x-request-id'];
  assert.ok(typeof requestId === 'string' && requestId !== '', `${label}: no X-Request-Id header`);
  if (res.body !== '') {
    assert.match(String(res.headers['content-type']), /^application\/json(;|$)/, `${label}: not application/json`);
  }
  if (res.statusCode >= 400) {
    const errors = res.json().errors;
    assert.ok(Array.isArray(errors) && errors.length === 1, `${label}: not a Failure body with one error`);
    assert.equal(errors[0].id, requestId, `${label}: errors[0].id is not the X-Request-Id`);
    assert.equal(errors[0].status, String(res.statusCode), label);
  }
  if (undocumented === undefined && isDocumentedPath(request.method, request.url)) {
    assertMatchesOpenApi(request.method, request.url, res.statusCode, res.body, res.headers);
  }
  return res;
}

/** The path and query of a link keyward returned (`metadata.next`, `Location` …). */
export function pathOf(link: string): string {
  const url = new URL(link);
  assert.equal(url.origin, BASE, `${link} is not under ${BASE}`);
  return `${url.pathname}${url.search}`;
}

// ---------------------------------------------------------------------------------------------
// Expected bodies

const TITLES: Record<string, string> = {
  malformed_json: 'Malformed JSON',
  invalid_parameter: 'Invalid Parameter',
  invalid_page_token: 'Invalid Page Token',
  user_unauthorized: 'User Access Unauthorized',
  not_found: 'Not Found',
  resource_already_exists: 'Resource Already Exists',
  resource_in_use: 'Resource In Use',
  payload_too_large: 'Payload Too Large',
  unsupported_media_type: 'Unsupported Media Type',
  invalid_configuration: 'Validation Failed',
};

/** Asserts the exact Failure body; a RegExp `detail` is matched (validator wording), a string compared. */
export function expectFailure(res: Response, status: number, code: string, detail: string | RegExp,
  source?: { pointer?: string; parameter?: string }): void {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json();
  const actualDetail: unknown = body?.errors?.[0]?.detail;
  if (detail instanceof RegExp) assert.match(String(actualDetail), detail);
  assert.deepEqual(body, {
    errors: [{
      id: res.headers['x-request-id'],
      status: String(status),
      code,
      title: TITLES[code],
      detail: detail instanceof RegExp ? actualDetail : detail,
      ...(source && { source }),
    }],
  });
}

function objectMeta(ctx: RouteContext, path: string, crnSegment: string, record: { createdAt: string; updatedAt: string }) {
  assert.match(record.createdAt, RFC3339_UTC);
  assert.match(record.updatedAt, RFC3339_UTC);
  return {
    self: `${BASE}${path}`,
    resource_name: `crn://keyward.test/organization=${ctx.orgId}/${crnSegment}`,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

export function serviceAccountBody(ctx: RouteContext, sa: ServiceAccountRecord) {
  return {
    api_version: 'iam/v2',
    kind: 'ServiceAccount',
    id: sa.id,
    metadata: objectMeta(ctx, `/iam/v2/service-accounts/${sa.id}`, `service-account=${sa.id}`, sa),
    display_name: sa.displayName,
    description: sa.description,
  };
}

export function userBody(ctx: RouteContext, user: UserRecord) {
  return {
    api_version: 'iam/v2',
    kind: 'User',
    id: user.id,
    metadata: objectMeta(ctx, `/iam/v2/users/${user.id}`, `user=${user.id}`, user),
    email: user.email,
    full_name: user.fullName,
    auth_type: user.authType,
  };
}

export function environmentBody(ctx: RouteContext, env: EnvironmentRecord) {
  return {
    api_version: 'org/v2',
    kind: 'Environment',
    id: env.id,
    metadata: objectMeta(ctx, `/org/v2/environments/${env.id}`, `environment=${env.id}`, env),
    display_name: env.displayName,
    ...(env.streamGovernancePackage !== null && { stream_governance_config: { package: env.streamGovernancePackage } }),
  };
}

// ---------------------------------------------------------------------------------------------
// Stored state

export async function storedServiceAccount(ctx: RouteContext, id: string): Promise<ServiceAccountRecord> {
  const sa = await ctx.t.store.getServiceAccount(ctx.orgId, id);
  assert.ok(sa, `service account ${id} is not stored`);
  return sa;
}

export async function storedUser(ctx: RouteContext, id: string): Promise<UserRecord> {
  const user = await ctx.t.store.getUser(ctx.orgId, id);
  assert.ok(user, `user ${id} is not stored`);
  return user;
}

export async function storedEnvironment(ctx: RouteContext, id: string): Promise<EnvironmentRecord> {
  const env = await ctx.t.store.getEnvironment(ctx.orgId, id);
  assert.ok(env, `environment ${id} is not stored`);
  return env;
}

/** Every live object and every audit row of the organization. */
async function snapshot(ctx: RouteContext) {
  const { store } = ctx.t;
  const everything = { limit: 10_000 };
  return {
    serviceAccounts: (await store.listServiceAccounts(ctx.orgId, undefined, everything)).items,
    users: (await store.listUsers(ctx.orgId, everything)).items,
    environments: (await store.listEnvironments(ctx.orgId, everything)).items,
    apiKeys: (await store.listApiKeys({ orgId: ctx.orgId, showExpired: true, today: '0000-01-01' }, everything)).items,
    audit: await store.listAudit(ctx.orgId, 10_000),
  };
}

/** Runs `action` and asserts that it changed nothing stored: no object, no key, no audit row. */
export async function assertNothingChanged<T>(ctx: RouteContext, action: () => Promise<T>): Promise<T> {
  const before = await snapshot(ctx);
  const result = await action();
  assert.deepEqual(await snapshot(ctx), before, 'the request changed stored state');
  return result;
}

/** Asserts exactly one audit row for `action` on `targetId`, and what it says. */
export async function assertAudited(ctx: RouteContext, expected: {
  action: string; targetKind: string; targetId: string; at: string; details: Record<string, unknown>; actorId?: string;
}): Promise<void> {
  const rows = (await ctx.t.store.listAudit(ctx.orgId, 10_000))
    .filter((row) => row.action === expected.action && row.targetId === expected.targetId);
  assert.equal(rows.length, 1, `expected one '${expected.action}' audit row for ${expected.targetId}, found ${rows.length}`);
  assert.deepEqual(rows[0], {
    orgId: ctx.orgId,
    actorId: expected.actorId ?? ctx.t.admin.principalId,
    action: expected.action,
    targetKind: expected.targetKind,
    targetId: expected.targetId,
    at: expected.at,
    details: expected.details,
  });
}

// ---------------------------------------------------------------------------------------------
// Creating things through the API

async function created(ctx: RouteContext, url: string, payload: object): Promise<string> {
  const res = await call(ctx, { method: 'POST', url, payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

export async function createServiceAccount(ctx: RouteContext, displayName: string, description?: string): Promise<ServiceAccountRecord> {
  const id = await created(ctx, '/iam/v2/service-accounts', { display_name: displayName, ...(description !== undefined && { description }) });
  return storedServiceAccount(ctx, id);
}

export async function createUser(ctx: RouteContext, email: string, fullName: string,
  role?: 'OrganizationAdmin' | null): Promise<UserRecord> {
  const id = await created(ctx, '/iam/v2/users', { email, full_name: fullName, ...(role !== undefined && { role }) });
  return storedUser(ctx, id);
}

export async function createEnvironment(ctx: RouteContext, displayName: string, streamGovernancePackage?: string): Promise<EnvironmentRecord> {
  const id = await created(ctx, '/org/v2/environments', {
    display_name: displayName,
    ...(streamGovernancePackage !== undefined && { stream_governance_config: { package: streamGovernancePackage } }),
  });
  return storedEnvironment(ctx, id);
}

/** A second OrganizationAdmin, made through the `role` extension, with a Cloud key of its own. */
export async function createAdmin(ctx: RouteContext, name = 'second-admin'): Promise<Credentials> {
  const admin = await createUser(ctx, `${name}@example.com`, name, 'OrganizationAdmin');
  return ctx.t.createKey(admin.id);
}

/** A Global key of the bootstrap admin: management-scoped like a Cloud key. */
export function createGlobalKey(ctx: RouteContext): Promise<Credentials> {
  return ctx.t.createKey(ctx.t.admin.principalId, { resource: { id: 'global' } });
}

/** The detail of the 403 a non-admin gets for `action`. */
export function notAdmin(caller: Credentials, action: string): string {
  return `'${caller.principalId}' is not allowed to ${action}: it needs the OrganizationAdmin role`;
}

/** Asserts a 403 user_unauthorized with `detail`, and that the refused request stored nothing. */
export async function expectRefused(ctx: RouteContext, request: RouteRequest, detail: string): Promise<void> {
  const res = await assertNothingChanged(ctx, () => call(ctx, request));
  expectFailure(res, 403, 'user_unauthorized', detail);
}

// ---------------------------------------------------------------------------------------------
// Request-body errors shared by create and update

/** Asserts a 422 pointing at `pointer`, and that nothing was stored. */
export async function expectInvalidBody(ctx: RouteContext, request: RouteRequest, pointer: string,
  detail: string | RegExp): Promise<void> {
  const res = await assertNothingChanged(ctx, () => call(ctx, request));
  expectFailure(res, 422, 'invalid_configuration', detail, { pointer });
}

/** Declares the body-syntax tests every create and update has: malformed JSON, non-object bodies. */
export function itRejectsMalformedBodies(ctx: () => RouteContext, method: 'POST' | 'PATCH', url: (c: RouteContext) => Promise<string>): void {
  it('answers 400 malformed_json to a body that is not JSON, storing nothing', async () => {
    const c = ctx();
    const target = await url(c);
    const res = await assertNothingChanged(c, () => call(c, {
      method, url: target, payload: '{"display_name": "half', headers: { 'content-type': 'application/json' },
    }));
    expectFailure(res, 400, 'malformed_json', 'The request body is not valid JSON');
  });

  it('answers 400 malformed_json to an empty body declared as JSON', async () => {
    const c = ctx();
    const target = await url(c);
    const res = await assertNothingChanged(c, () => call(c, { method, url: target, payload: '', headers: { 'content-type': 'application/json' } }));
    expectFailure(res, 400, 'malformed_json', 'The request body is empty but declared as application/json');
  });

  for (const body of ['[]', '"text"', 'null', '42']) {
    it(`answers 422 with pointer / to the JSON body ${body}`, async () => {
      const c = ctx();
      await expectInvalidBody(c, { method, url: await url(c), payload: body, headers: { 'content-type': 'application/json' } },
        '/', "The property '/' must be object");
    });
  }

  it('answers 415 to a body that is not application/json', async () => {
    const c = ctx();
    const target = await url(c);
    const res = await assertNothingChanged(c, () => call(c, {
      method, url: target, payload: 'display_name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      undocumented: '415 is not among the statuses Confluent documents',
    }));
    expectFailure(res, 415, 'unsupported_media_type', 'Request bodies must be application/json');
  });
}

// ---------------------------------------------------------------------------------------------
// Lists

/** Follows `metadata.next` from `url` to the last page and checks every page's links. */
export async function collectPages(ctx: RouteContext, url: string, as?: Credentials): Promise<Array<{ metadata: Record<string, unknown>; data: any[] }>> {
  const requested = new URL(url, BASE);
  const pages: Array<{ metadata: Record<string, unknown>; data: any[] }> = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    assert.ok(pages.length < 50, `paging from ${url} does not end`);
    const res = await call(ctx, { method: 'GET', url: next, ...(as && { as }) });
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json();
    assert.equal(new URL(String(page.metadata.first)).searchParams.has('page_token'), false, 'metadata.first carries a page_token');
    next = undefined;
    // On the last page `next` must be absent, not null: a null next breaks Terraform's paging.
    if (Object.hasOwn(page.metadata, 'next')) {
      assert.equal(typeof page.metadata.next, 'string', `metadata.next is ${JSON.stringify(page.metadata.next)}`);
      const link = new URL(page.metadata.next);
      assert.equal(link.pathname, requested.pathname);
      assert.ok(link.searchParams.get('page_token'), 'metadata.next has no page_token');
      for (const name of new Set(requested.searchParams.keys())) {
        if (name !== 'page_token') assert.deepEqual(link.searchParams.getAll(name), requested.searchParams.getAll(name), `next lost ${name}`);
      }
      next = pathOf(page.metadata.next);
    }
    pages.push(page);
  }
  return pages;
}

/**
 * Declares the paging tests every list has. `seed(c, n)` creates `n` more items and returns the ids
 * of every live item in id order; `existing` is how many a fresh app already lists.
 */
export function itPagesThrough(ctx: () => RouteContext, collection: string, existing: number,
  seed: (c: RouteContext, n: number) => Promise<string[]>): void {
  const cases: Array<[total: number, query: string, sizes: number[], label: string]> = [
    [7, '?page_size=3', [3, 3, 1], 'pages through 7 items 3 at a time: each once, in id order, no next on the last page'],
    [4, '?page_size=2', [2, 2], 'ends without an empty page when the count is a multiple of page_size'],
    [11, '', [10, 1], 'returns 10 items per page by default'],
  ];
  for (const [total, query, sizes, label] of cases) {
    it(label, async () => {
      const c = ctx();
      const ids = await seed(c, total - existing);
      assert.equal(ids.length, total);
      const pages = await collectPages(c, `${collection}${query}`);
      assert.deepEqual(pages.map((p) => p.data.length), sizes);
      assert.deepEqual(pages.flatMap((p) => p.data.map((item) => item.id)), ids);
      for (const page of pages) assert.equal(page.metadata.first, `${BASE}${collection}${query}`);
    });
  }
}

/** Declares the 400 tests every list has for bad `page_size` and `page_token` values. */
export function itRejectsBadPaging(ctx: () => RouteContext, url: string): void {
  const cases: Array<[query: string, code: string, parameter: string, detail: string]> = [
    ['page_size=101', 'invalid_parameter', 'page_size', "The query parameter 'page_size' must be <= 100"],
    ['page_size=0', 'invalid_parameter', 'page_size', "The query parameter 'page_size' must be >= 1"],
    ['page_size=ten', 'invalid_parameter', 'page_size', "The query parameter 'page_size' must be integer"],
    ['page_token=not-a-token', 'invalid_page_token', 'page_token', 'The page_token is invalid or was issued for a different caller or filter'],
    [`page_token=${'a'.repeat(256)}`, 'invalid_parameter', 'page_token', "The query parameter 'page_token' must NOT have more than 255 characters"],
  ];
  for (const [query, code, parameter, detail] of cases) {
    it(`answers 400 ${code} to ${query.slice(0, 30)}`, async () => {
      expectFailure(await call(ctx(), { method: 'GET', url: `${url}?${query}` }), 400, code, detail, { parameter });
    });
  }

  it('answers 400 invalid_page_token to a token another collection issued', async () => {
    const c = ctx();
    await c.t.createKey(c.t.admin.principalId);
    const issued = (await call(c, { method: 'GET', url: '/iam/v2/api-keys?page_size=1' })).json().metadata.next;
    assert.ok(issued, 'no next page of API keys to take a token from');
    const token = new URL(issued).searchParams.get('page_token') ?? '';
    expectFailure(await call(c, { method: 'GET', url: `${url}?page_size=1&page_token=${encodeURIComponent(token)}` }),
      400, 'invalid_page_token', 'The page_token is invalid or was issued for a different caller or filter', { parameter: 'page_token' });
  });
}

/** Asserts that a page token `url`'s first page issued to the bootstrap admin is refused to `other`. */
export async function assertPageTokenBoundToCaller(ctx: RouteContext, url: string, other: Credentials): Promise<void> {
  const first = await call(ctx, { method: 'GET', url });
  assert.equal(first.statusCode, 200, first.body);
  const next = first.json().metadata.next;
  assert.ok(next, 'the first page has no next link');
  const ownReplay = await call(ctx, { method: 'GET', url: pathOf(next) });
  assert.equal(ownReplay.statusCode, 200, ownReplay.body);
  expectFailure(await call(ctx, { method: 'GET', url: pathOf(next), as: other }), 400, 'invalid_page_token',
    'The page_token is invalid or was issued for a different caller or filter', { parameter: 'page_token' });
}

// ---------------------------------------------------------------------------------------------
// Ids

/** An id of `length` characters with the given prefix, for path-length limits. */
export function longId(prefix: string, length: number): string {
  return `${prefix}${'a'.repeat(length - prefix.length)}`;
}

/** Declares the 404 and 400 tests for ids at and beyond the documented 255-character limit. */
export function itHandlesLongIds(ctx: () => RouteContext, method: Method, collection: string, prefix: string, kind: string,
  payload?: object): void {
  it(`answers 404 not_found (a Failure with X-Request-Id) to an unknown id of 200 characters`, async () => {
    const id = longId(prefix, 200);
    const c = ctx();
    const res = await assertNothingChanged(c, () => call(c, { method, url: `${collection}/${id}`, ...(payload && { payload }) }));
    expectFailure(res, 404, 'not_found', `${kind} '${id}' was not found`);
  });

  it('answers 400 invalid_parameter naming id to an id longer than 255 characters', async () => {
    const c = ctx();
    const res = await assertNothingChanged(c, () =>
      call(c, { method, url: `${collection}/${longId(prefix, 256)}`, ...(payload && { payload }) }));
    expectFailure(res, 400, 'invalid_parameter', "The path parameter 'id' must NOT have more than 255 characters", { parameter: 'id' });
  });
}

/**
 * Declares the 404 tests every delete has: an id that never existed, and a second delete, which must
 * keep the first deletion's tombstone (`read` returns the stored record, deleted or not).
 */
export function itAnswers404ToMissingTargets(ctx: () => RouteContext, collection: string, prefix: string, kind: string,
  create: (c: RouteContext) => Promise<{ id: string }>, read: (c: RouteContext, id: string) => Promise<unknown>): void {
  it('answers 404 to an id that never existed, changing nothing', async () => {
    const c = ctx();
    const id = `${prefix}nope123`;
    const res = await assertNothingChanged(c, () => call(c, { method: 'DELETE', url: `${collection}/${id}` }));
    expectFailure(res, 404, 'not_found', `${kind} '${id}' was not found`);
  });

  it('answers 404 to a second delete, keeping the first deletion time', async () => {
    const c = ctx();
    const { id } = await create(c);
    assert.equal((await call(c, { method: 'DELETE', url: `${collection}/${id}` })).statusCode, 204);
    const tombstone = await read(c, id);
    c.t.clock.advanceDays(1);
    const res = await assertNothingChanged(c, () => call(c, { method: 'DELETE', url: `${collection}/${id}` }));
    expectFailure(res, 404, 'not_found', `${kind} '${id}' was not found`);
    assert.deepEqual(await read(c, id), tombstone);
  });
}

// ---------------------------------------------------------------------------------------------
// Keys that go with their owner

/** A Cloud and a cluster key owned by `ownerId`; the Cloud key is shown to work first. */
export async function createOwnedKeys(ctx: RouteContext, ownerId: string): Promise<Credentials[]> {
  const cloud = await ctx.t.createKey(ownerId);
  const cluster = await ctx.t.createKey(ownerId, { resource: { id: 'lkc-abc123' } });
  const works = await call(ctx, { method: 'GET', url: '/org/v2/environments', as: cloud });
  assert.equal(works.statusCode, 200, works.body);
  return [cloud, cluster];
}

/** Asserts that each key was deleted at `deletedAt`, is gone from GET and list, and no longer authenticates. */
export async function assertKeysDeletedWith(ctx: RouteContext, keys: Credentials[], deletedAt: string): Promise<void> {
  const listed = (await collectPages(ctx, '/iam/v2/api-keys?page_size=100&show_expired=true')).flatMap((p) => p.data.map((k) => k.id));
  for (const key of keys) {
    const stored = await ctx.t.store.getApiKey(ctx.orgId, key.keyId);
    assert.equal(stored?.deletedAt, deletedAt, `key ${key.keyId} was not deleted with its owner`);
    assert.equal(listed.includes(key.keyId), false, `key ${key.keyId} is still listed`);
    expectFailure(await call(ctx, { method: 'GET', url: `/iam/v2/api-keys/${key.keyId}` }), 404, 'not_found', `API key '${key.keyId}' was not found`);
    const auth = await call(ctx, { method: 'GET', url: '/org/v2/environments', as: key });
    assert.equal(auth.statusCode, 401, `key ${key.keyId} still authenticates: ${auth.body}`);
  }
}

/**
 * Races a key creation against the deletion of what the key would depend on (its owner, or its
 * environment), `rounds` times, and asserts that no live key ever outlives a successful deletion.
 */
export async function assertNoKeyOutlivesItsDependency(ctx: RouteContext, rounds: number,
  setup: (round: number) => Promise<{ spec: Record<string, unknown>; deleteUrl: string }>): Promise<void> {
  const survivors: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const { spec, deleteUrl } = await setup(round);
    const [key, deletion] = await Promise.all([
      call(ctx, { method: 'POST', url: '/iam/v2/api-keys', payload: { spec } }),
      call(ctx, { method: 'DELETE', url: deleteUrl }),
    ]);
    assert.ok([202, 422].includes(key.statusCode), key.body);
    assert.ok([204, 409].includes(deletion.statusCode), deletion.body);
    if (key.statusCode !== 202 || deletion.statusCode !== 204) continue;
    const stored = await ctx.t.store.getApiKey(ctx.orgId, key.json().id);
    if (stored?.deletedAt === null) survivors.push(`${stored.id} (${deleteUrl})`);
  }
  assert.deepEqual(survivors, [], `live keys outlived the deletion they raced in ${survivors.length} of ${rounds} rounds`);
}
