// Shared fixtures for the api-keys route tests and the client-compatibility replays: a fresh app per
// test on every dialect, the exact wire form keyward must give a key (written out here, independent
// of the presenters), and the assertions every response shares (headers, Failure bodies, contract).
import { afterEach, beforeEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { ApiKeyRecord, AuditRecord } from '../../../src/store/store.js';
import { dialects, type Dialect } from '../../helpers/dialects.js';
import { assertMatchesOpenApi } from '../../helpers/openapi-contract.js';
import { createTestApp, type Credentials, type TestApp } from '../../helpers/test-app.js';

export type Res = LightMyRequestResponse;
export type { Credentials, TestApp };

export const BASE = 'https://keyward.test';
export const API_KEYS = '/iam/v2/api-keys';
/** The rate limit createTestApp configures unless a test overrides it. */
export const DEFAULT_RATE_LIMIT = 100_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const KEY_ID = /^[A-Z0-9]{16}$/;
export const SECRET = /^cflt[A-Za-z0-9+/]{60}$/;

// ---------------------------------------------------------------------------------------------
// One app per test, per dialect

export interface Ctx {
  readonly t: TestApp;
  readonly dialect: Dialect;
  /** The organization the app bootstrapped. */
  readonly orgId: string;
}

/** `describe(title)` once per dialect, with a fresh app (and database) for every test. */
export function eachDialect(title: string, body: (ctx: Ctx) => void, env: Record<string, string> = {}): void {
  for (const dialect of dialects) {
    describe(`${title} (${dialect})`, () => {
      let app: TestApp | undefined;
      let org = '';
      const ctx: Ctx = {
        dialect,
        get t() {
          assert.ok(app, 'the test app is created in beforeEach');
          return app;
        },
        get orgId() {
          return org;
        },
      };
      beforeEach(async () => {
        app = await createTestApp(dialect, env);
        org = (await app.store.getOrganization())!.id;
      });
      afterEach(async () => {
        await app?.close();
        app = undefined;
      });
      body(ctx);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  /** Credentials; admin when absent, none when null. */
  as?: Credentials | null;
  headers?: Record<string, string>;
}

/**
 * One request to a Confluent-documented route, its response checked against the official OpenAPI
 * contract (429 excepted: the contract documents it without a body, keyward sends a Failure).
 */
export async function api(t: TestApp, call: Call): Promise<Res> {
  const res = await send(t, call);
  if (res.statusCode !== 429) contract(call.method, call.url, res);
  return res;
}

/** The request without the contract check, for setup calls and for statuses Confluent does not document. */
export function send(t: TestApp, call: Call): Promise<Res> {
  const { method, url, payload, as, headers } = call;
  const options: InjectOptions & { as?: Credentials | null } = { method, url, ...(as !== undefined && { as }), ...(headers && { headers }) };
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) options.payload = payload;
  else if (payload !== undefined) options.payload = payload as object;
  return t.request(options);
}

export function contract(method: string, url: string, res: Res): void {
  assertMatchesOpenApi(method, url, res.statusCode, res.body === '' ? undefined : res.json(), res.headers);
}

export const createKey = (t: TestApp, spec: Record<string, unknown>, as?: Credentials | null) =>
  api(t, { method: 'POST', url: API_KEYS, payload: { spec }, ...(as !== undefined && { as }) });
export const getKey = (t: TestApp, id: string, as?: Credentials | null) =>
  api(t, { method: 'GET', url: `${API_KEYS}/${id}`, ...(as !== undefined && { as }) });
export const listKeys = (t: TestApp, query = '', as?: Credentials | null) =>
  api(t, { method: 'GET', url: `${API_KEYS}${query}`, ...(as !== undefined && { as }) });
export const updateKey = (t: TestApp, id: string, payload: unknown, as?: Credentials | null) =>
  api(t, { method: 'PATCH', url: `${API_KEYS}/${id}`, payload, ...(as !== undefined && { as }) });
export const deleteKey = (t: TestApp, id: string, as?: Credentials | null) =>
  api(t, { method: 'DELETE', url: `${API_KEYS}/${id}`, ...(as !== undefined && { as }) });

/** Creates a key and returns the 202 body, failing the test on anything else. */
export async function createdKey(t: TestApp, spec: Record<string, unknown>, as?: Credentials | null): Promise<WireKey> {
  const res = await createKey(t, spec, as);
  assert.equal(res.statusCode, 202, res.body);
  return res.json() as WireKey;
}

/** The ids of a list response's keys, in the order listed. */
export const idsOf = (res: Res): string[] => (res.json().data as WireKey[]).map((k) => k.id);

/** Follows `metadata.next` from `url` to the last page. */
export async function listAllPages(t: TestApp, url: string, as?: Credentials | null): Promise<{ pages: Res[]; ids: string[] }> {
  const pages: Res[] = [];
  for (let next: string | undefined = url; next !== undefined;) {
    const res = await api(t, { method: 'GET', url: next, ...(as !== undefined && { as }) });
    assert.equal(res.statusCode, 200, res.body);
    pages.push(res);
    assert.ok(pages.length <= 100, 'paging does not end');
    const link = res.json().metadata.next as string | undefined;
    if (link !== undefined) assert.ok(link.startsWith(`${BASE}/iam/v2/api-keys?`), link);
    next = link?.slice(BASE.length);
  }
  return { pages, ids: pages.flatMap((p) => (p.json().data as WireKey[]).map((k) => k.id)) };
}

// ---------------------------------------------------------------------------------------------
// Setup through keyward's own (non-Confluent) routes

let serial = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

async function created(res: Res, what: string): Promise<string> {
  assert.equal(res.statusCode, 201, `${what}: ${res.body}`);
  return res.json().id as string;
}

/** A new ordinary user (no keys). */
export async function newUser(t: TestApp): Promise<string> {
  const name = unique('user');
  return created(await send(t, { method: 'POST', url: '/iam/v2/users', payload: { email: `${name}@example.com`, full_name: name } }), 'user');
}

export async function newServiceAccount(t: TestApp): Promise<string> {
  return created(await send(t, { method: 'POST', url: '/iam/v2/service-accounts', payload: { display_name: unique('sa') } }), 'service account');
}

export async function newEnvironment(t: TestApp): Promise<string> {
  return created(await send(t, { method: 'POST', url: '/org/v2/environments', payload: { display_name: unique('env') } }), 'environment');
}

// ---------------------------------------------------------------------------------------------
// The wire form of a key

export interface WireReference {
  id: string;
  environment?: string;
  related: string;
  resource_name: string;
  api_version: string;
  kind: string;
}

export interface WireKey {
  api_version: 'iam/v2';
  kind: 'ApiKey';
  id: string;
  metadata: { self: string; resource_name: string; created_at: string; updated_at: string };
  spec: {
    secret?: string;
    display_name: string;
    description: string;
    expires_at?: string;
    created_by: string;
    owner: WireReference;
    resource: WireReference;
  };
  status: { phase: 'ACTIVE' | 'EXPIRED' };
}

/** A key's resource as keyward stores it canonically. */
export interface KeyResourceShape {
  id: string;
  kind: string;
  apiVersion: string;
  environment?: string;
}

export const CLOUD: KeyResourceShape = { id: 'cloud', kind: 'Cloud', apiVersion: 'iam/v2' };
export const GLOBAL: KeyResourceShape = { id: 'global', kind: 'Global', apiVersion: 'global/v1' };
export const TABLEFLOW: KeyResourceShape = { id: 'tableflow', kind: 'Tableflow', apiVersion: 'tableflow/v1' };
export const kafka = (id: string, environment?: string): KeyResourceShape =>
  ({ id, kind: 'Cluster', apiVersion: 'cmk/v2', ...(environment && { environment }) });
export const schemaRegistry = (id: string, environment?: string): KeyResourceShape =>
  ({ id, kind: 'SchemaRegistry', apiVersion: 'srcm/v2', ...(environment && { environment }) });
export const ksqlDb = (id: string, environment?: string): KeyResourceShape =>
  ({ id, kind: 'ksqlDB', apiVersion: 'ksqldbcm/v2', ...(environment && { environment }) });
export const flinkRegion = (id: string, environment: string): KeyResourceShape =>
  ({ id, kind: 'Region', apiVersion: 'fcpm/v2', environment });

export const crn = (orgId: string, ...segments: string[]) => [`crn://keyward.test/organization=${orgId}`, ...segments].join('/');

export function ownerReference(orgId: string, ownerId: string): WireReference {
  const isUser = ownerId.startsWith('u-');
  return {
    id: ownerId,
    related: `${BASE}/iam/v2/${isUser ? 'users' : 'service-accounts'}/${ownerId}`,
    resource_name: crn(orgId, `${isUser ? 'user' : 'service-account'}=${ownerId}`),
    api_version: 'iam/v2',
    kind: isUser ? 'User' : 'ServiceAccount',
  };
}

export function resourceReference(orgId: string, r: KeyResourceShape): WireReference {
  const env = r.environment ? [`environment=${r.environment}`] : [];
  const [related, last] = ((): [string, string] => {
    switch (r.kind) {
      case 'Cluster': return [`${BASE}/cmk/v2/clusters/${r.id}`, `cloud-cluster=${r.id}`];
      case 'SchemaRegistry': return [`${BASE}/srcm/v2/clusters/${r.id}`, `schema-registry=${r.id}`];
      case 'ksqlDB': return [`${BASE}/ksqldbcm/v2/clusters/${r.id}`, `ksql=${r.id}`];
      case 'Region': {
        const [cloud, region] = r.id.split('.');
        return [`${BASE}/fcpm/v2/regions?cloud=${cloud}&region_name=${region}`, `flink-region=${r.id}`];
      }
      default: return [`${BASE}/org/v2/organizations/${orgId}`, `${r.kind.toLowerCase()}=${r.id}`];
    }
  })();
  return {
    id: r.id,
    ...(r.environment && { environment: r.environment }),
    related,
    resource_name: crn(orgId, ...(r.kind === 'Cluster' || r.kind === 'SchemaRegistry' || r.kind === 'ksqlDB' || r.kind === 'Region' ? env : []), last),
    api_version: r.apiVersion,
    kind: r.kind,
  };
}

export interface ExpectedKey {
  id: string;
  ownerId: string;
  resource?: KeyResourceShape;
  displayName?: string;
  description?: string;
  expiresAt?: string;
  createdBy: string;
  createdAt: string;
  updatedAt?: string;
  phase?: 'ACTIVE' | 'EXPIRED';
  secret?: string;
}

/** The exact body keyward must answer for a key. */
export function expectedKey(orgId: string, e: ExpectedKey): WireKey {
  return {
    api_version: 'iam/v2',
    kind: 'ApiKey',
    id: e.id,
    metadata: {
      self: `${BASE}/iam/v2/api-keys/${e.id}`,
      resource_name: crn(orgId, `api-key=${e.id}`),
      created_at: e.createdAt,
      updated_at: e.updatedAt ?? e.createdAt,
    },
    spec: {
      ...(e.secret !== undefined && { secret: e.secret }),
      display_name: e.displayName ?? '',
      description: e.description ?? '',
      ...(e.expiresAt !== undefined && { expires_at: e.expiresAt }),
      created_by: e.createdBy,
      owner: ownerReference(orgId, e.ownerId),
      resource: resourceReference(orgId, e.resource ?? CLOUD),
    },
    status: { phase: e.phase ?? 'ACTIVE' },
  };
}

/** `expectedKey` for a body keyward returned: takes its id, timestamps and secret, checks the timestamps. */
export function expectedFrom(orgId: string, body: WireKey, e: Omit<ExpectedKey, 'id' | 'createdAt'>): WireKey {
  assert.match(body.metadata.created_at, RFC3339_UTC);
  assert.match(body.metadata.updated_at, RFC3339_UTC);
  return expectedKey(orgId, { id: body.id, createdAt: body.metadata.created_at, updatedAt: body.metadata.updated_at, ...e });
}

/** The stored record keyward must hold for a key (the secret hash is checked separately). */
export function expectedRecord(orgId: string, e: ExpectedKey): Omit<ApiKeyRecord, 'secretHash'> {
  const r = e.resource ?? CLOUD;
  return {
    id: e.id,
    orgId,
    displayName: e.displayName ?? '',
    description: e.description ?? '',
    ownerId: e.ownerId,
    ownerKind: e.ownerId.startsWith('u-') ? 'User' : 'ServiceAccount',
    resource: { id: r.id, kind: r.kind, apiVersion: r.apiVersion, environment: r.environment ?? null },
    expiresAt: e.expiresAt ?? null,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt ?? e.createdAt,
    deletedAt: null,
  };
}

export function withoutHash(record: ApiKeyRecord | undefined): Omit<ApiKeyRecord, 'secretHash'> {
  assert.ok(record, 'the key is stored');
  const { secretHash: _hash, ...rest } = record;
  return rest;
}

/** Every key row that is not deleted, expired ones included. */
export async function liveKeys(ctx: Ctx): Promise<ApiKeyRecord[]> {
  const page = await ctx.t.store.listApiKeys({ orgId: ctx.orgId, showExpired: true, today: '0000-01-01' }, { limit: 10_000 });
  return page.items;
}

export async function auditRows(ctx: Ctx, action?: string): Promise<AuditRecord[]> {
  const rows = await ctx.t.store.listAudit(ctx.orgId, 100);
  return action === undefined ? rows : rows.filter((r) => r.action === action);
}

// ---------------------------------------------------------------------------------------------
// Time

/** The app clock's UTC day, shifted by `days`. */
export function day(t: TestApp, days = 0): string {
  return new Date(t.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export const nowIso = (t: TestApp) => t.clock.now().toISOString();

/** `value` is an RFC 3339 UTC timestamp within [from, to]. */
export function assertTimestampBetween(value: string, from: string, to: string): void {
  assert.match(value, RFC3339_UTC);
  assert.ok(value >= from && value <= to, `${value} is not within [${from}, ${to}]`);
}

// ---------------------------------------------------------------------------------------------
// Headers, errors and secrets

/** Headers every response carries: X-Request-Id, and a JSON Content-Type whenever there is a body. */
export function assertStandardHeaders(res: Res): void {
  assert.match(String(res.headers['x-request-id']), UUID);
  if (res.statusCode !== 204) assert.match(String(res.headers['content-type']), /^application\/json(;|$)/);
}

/** The X-RateLimit-* headers of an authenticated request, with relative reset seconds. */
export function assertRateLimitHeaders(res: Res, limit = DEFAULT_RATE_LIMIT): void {
  assert.equal(Number(res.headers['x-ratelimit-limit']), limit);
  const remaining = Number(res.headers['x-ratelimit-remaining']);
  assert.ok(Number.isInteger(remaining) && remaining >= 0 && remaining < limit, `remaining ${remaining}`);
  const reset = Number(res.headers['x-ratelimit-reset']);
  assert.ok(Number.isInteger(reset) && reset >= 1 && reset <= 60, `reset ${reset}`);
}

/** A successful answer with the headers Confluent's clients rely on. */
export function assertOk(res: Res, status: number): void {
  assert.equal(res.statusCode, status, res.body);
  assertStandardHeaders(res);
  assertRateLimitHeaders(res);
}

export interface ExpectedFailure {
  status: number;
  code: string;
  pointer?: string;
  parameter?: string;
  detail?: RegExp;
}

/** Confluent's Failure body: one error whose id is the request id, with a detail clients can print. */
export function assertFailure(res: Res, e: ExpectedFailure): void {
  assert.equal(res.statusCode, e.status, res.body);
  assertStandardHeaders(res);
  const body = res.json() as { errors: Array<Record<string, unknown>> };
  assert.equal(body.errors.length, 1, res.body);
  const error = body.errors[0]!;
  assert.equal(error.id, res.headers['x-request-id']);
  assert.equal(error.status, String(e.status));
  assert.equal(error.code, e.code);
  assert.equal(typeof error.title, 'string');
  assert.ok((error.title as string).length > 0);
  assert.equal(typeof error.detail, 'string');
  assert.ok((error.detail as string).length > 0, 'errors[0].detail is what clients print');
  if (e.detail) assert.match(error.detail as string, e.detail);
  const source = { ...(e.pointer !== undefined && { pointer: e.pointer }), ...(e.parameter !== undefined && { parameter: e.parameter }) };
  if (Object.keys(source).length > 0) assert.deepEqual(error.source, source, res.body);
  else assert.equal(error.source, undefined, res.body);
}

/**
 * A status Confluent's contract does not document for the operation (413, 415): the body is still a
 * Failure, and the contract check is pinned to "not documented" so the gap stays visible.
 */
export function assertUndocumentedFailure(method: string, url: string, res: Res, e: ExpectedFailure): void {
  assertFailure(res, e);
  assert.throws(() => contract(method, url, res), new RegExp(`status ${e.status} is not documented`));
}

/** The last 6 characters of a current-format secret: base64 of the little-endian CRC32 of characters 5–58. */
export function secretChecksum(secret: string): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32(secret.slice(4, 58)) >>> 0);
  return sum.toString('base64').slice(0, 6);
}

/** Every `secret` anywhere in a JSON value, and whether a given string occurs in its text. */
export function assertNoSecret(body: string, secret?: string): void {
  assert.doesNotMatch(body, /"secret"/, 'no secret field');
  if (secret !== undefined) assert.ok(!body.includes(secret), 'the secret does not appear');
}

/** Every object reference in a key has non-empty related and resource_name (the Python client requires it). */
export function assertReferencesComplete(key: WireKey): void {
  for (const ref of [key.spec.owner, key.spec.resource]) {
    assert.ok(ref, 'reference present');
    assert.equal(typeof ref.related, 'string');
    assert.ok(ref.related.length > 0, `related of ${ref.id}`);
    assert.equal(typeof ref.resource_name, 'string');
    assert.ok(ref.resource_name.length > 0, `resource_name of ${ref.id}`);
  }
}

/** Text holding a NUL character, which some databases cannot store as text. */
export const NUL_TEXT = 'before\u0000after';

/**
 * The answer to a body field holding NUL_TEXT: either kept exactly (in the response and on re-read)
 * or refused with 422 at `pointer`. Never a 5xx, and the same on every database.
 */
export async function assertKeptOrRefused(t: TestApp, res: Res, pointer: string, field: (key: WireKey) => string): Promise<void> {
  if (res.statusCode === 422) {
    assertFailure(res, { status: 422, code: 'invalid_configuration', pointer });
    return;
  }
  assert.ok(res.statusCode === 200 || res.statusCode === 202, `expected success or 422 at ${pointer}, got ${res.statusCode} ${res.body}`);
  assert.equal(field(res.json()), NUL_TEXT);
  assert.equal(field((await getKey(t, res.json().id)).json()), NUL_TEXT);
}
