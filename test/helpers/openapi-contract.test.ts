import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMatchesOpenApi, isDocumentedPath } from './openapi-contract.js';

const BASE = 'https://api.confluent.cloud';
const ORG = '9bb441c4-edef-46ac-8a41-c49e44a3fd9a';
const CRN = `crn://confluent.cloud/organization=${ORG}`;
const KEY_ID = 'ABCDEFGHIJKLMNOP'; // 16 characters of [A-Z0-9]
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-1' };

function apiKey(overrides: { spec?: Record<string, unknown> } & Record<string, unknown> = {}) {
  const { spec, ...top } = overrides;
  return {
    api_version: 'iam/v2',
    kind: 'ApiKey',
    id: KEY_ID,
    metadata: {
      self: `${BASE}/iam/v2/api-keys/${KEY_ID}`,
      resource_name: `${CRN}/api-key=${KEY_ID}`,
      created_at: '2026-01-02T03:04:05Z',
      updated_at: '2026-01-02T03:04:05Z',
    },
    spec: {
      secret: 'cflt' + 'A'.repeat(54) + 'AbCdEf',
      display_name: 'CI key',
      description: '',
      created_by: 'u-a83k9b',
      owner: {
        id: 'sa-abc123',
        related: `${BASE}/iam/v2/service-accounts/sa-abc123`,
        resource_name: `${CRN}/service-account=sa-abc123`,
        kind: 'ServiceAccount',
        api_version: 'iam/v2',
      },
      resource: {
        id: 'cloud',
        related: `${BASE}/iam/v2/api-keys`,
        resource_name: CRN,
        kind: 'Cloud',
        api_version: 'iam/v2',
      },
      ...spec,
    },
    ...top,
  };
}

function apiKeyList(metadata: Record<string, unknown> = { first: `${BASE}/iam/v2/api-keys` }) {
  const { secret: _secret, ...spec } = apiKey().spec;
  return { api_version: 'iam/v2', kind: 'ApiKeyList', metadata, data: [{ ...apiKey(), spec }] };
}

const failure401 = {
  errors: [
    {
      id: 'ed42afdc-f0d5-4c0d-b428-9fc6ed6e279d',
      status: '401',
      code: 'user_unauthenticated',
      title: 'Authentication Required',
      detail: 'Valid authentication credentials must be provided',
    },
  ],
};

/** Asserts that `fn` throws an AssertionError whose message contains every one of `fragments`. */
function assertContractFailure(fn: () => void, ...fragments: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof assert.AssertionError, `expected an AssertionError, got ${String(err)}`);
    for (const fragment of fragments) {
      assert.ok(err.message.includes(fragment), `message lacks ${JSON.stringify(fragment)}:\n${err.message}`);
    }
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Valid bodies

test('a realistic ApiKey 202 create response passes', () => {
  assertMatchesOpenApi('POST', '/iam/v2/api-keys', 202, apiKey(), JSON_HEADERS);
});

test('expires_at follows the document: an ISO date, not nullable (omit it for a key that never expires)', () => {
  assertMatchesOpenApi('POST', '/iam/v2/api-keys', 202, apiKey({ spec: { expires_at: '2027-01-01' } }));
  assertContractFailure(
    () => assertMatchesOpenApi('POST', '/iam/v2/api-keys', 202, apiKey({ spec: { expires_at: null } })),
    '/spec/expires_at',
  );
  assertContractFailure(
    () => assertMatchesOpenApi('POST', '/iam/v2/api-keys', 202, apiKey({ spec: { expires_at: '2027-01-01T00:00:00Z' } })),
    '/spec/expires_at',
    'format',
  );
});

test('spec.resource is nullable (OpenAPI 3.0 nullable beside allOf)', () => {
  assertMatchesOpenApi('GET', `/iam/v2/api-keys/${KEY_ID}`, 200, apiKey({ spec: { resource: null } }));
});

test('an ApiKey GET/PATCH 200 passes, also given as the raw JSON text, and the query string is ignored', () => {
  const { secret: _secret, ...spec } = apiKey().spec;
  const body = { ...apiKey(), spec };
  assertMatchesOpenApi('GET', `/iam/v2/api-keys/${KEY_ID}`, 200, body, JSON_HEADERS);
  assertMatchesOpenApi('patch', `/iam/v2/api-keys/${KEY_ID}?x=1`, 200, JSON.stringify(body));
  assertMatchesOpenApi('GET', `http://127.0.0.1:8080/iam/v2/api-keys/${KEY_ID}`, 200, Buffer.from(JSON.stringify(body)));
});

test('an ApiKeyList 200 without metadata.next passes (and with a next URL)', () => {
  assertMatchesOpenApi('GET', '/iam/v2/api-keys?spec.owner=&spec.resource=', 200, apiKeyList(), JSON_HEADERS);
  assertMatchesOpenApi('GET', '/iam/v2/api-keys', 200, apiKeyList({ next: `${BASE}/iam/v2/api-keys?page_token=abc` }));
  assertMatchesOpenApi('GET', '/iam/v2/api-keys', 200, { ...apiKeyList(), data: [] });
});

test('ListMeta.next is nullable in the document, so null passes here (COMPATIBILITY.md wants it absent: assert that separately)', () => {
  assertMatchesOpenApi('GET', '/iam/v2/api-keys', 200, apiKeyList({ next: null }));
});

test('a 401 Failure body passes', () => {
  assertMatchesOpenApi('GET', '/iam/v2/api-keys', 401, failure401, JSON_HEADERS);
  assertMatchesOpenApi('DELETE', `/iam/v2/api-keys/${KEY_ID}`, 404, {
    errors: [{ id: 'x', status: '404', title: 'Not Found', detail: 'API key not found', source: { pointer: '/id' } }],
  });
});

test('a ServiceAccount 201 passes', () => {
  assertMatchesOpenApi(
    'POST',
    '/iam/v2/service-accounts',
    201,
    {
      api_version: 'iam/v2',
      kind: 'ServiceAccount',
      id: 'sa-abc123',
      metadata: {
        self: `${BASE}/iam/v2/service-accounts/sa-abc123`,
        resource_name: `${CRN}/service-account=sa-abc123`,
        created_at: '2026-01-02T03:04:05Z',
        updated_at: '2026-01-02T03:04:05.123Z',
      },
      display_name: 'ci-runner',
      description: '',
    },
    JSON_HEADERS,
  );
});

test('a User 200 passes', () => {
  assertMatchesOpenApi(
    'GET',
    '/iam/v2/users/u-abc123',
    200,
    {
      api_version: 'iam/v2',
      kind: 'User',
      id: 'u-abc123',
      metadata: {
        self: `${BASE}/iam/v2/users/u-abc123`,
        resource_name: `${CRN}/user=u-abc123`,
        created_at: '2026-01-02T03:04:05Z',
        updated_at: '2026-01-02T03:04:05Z',
      },
      email: 'ada@example.com',
      full_name: 'Ada Lovelace',
      auth_type: 'AUTH_TYPE_LOCAL',
    },
    JSON_HEADERS,
  );
});

test('an Environment (org/v2) 201 passes', () => {
  assertMatchesOpenApi(
    'POST',
    '/org/v2/environments',
    201,
    {
      api_version: 'org/v2',
      kind: 'Environment',
      id: 'env-abc123',
      metadata: {
        self: `${BASE}/org/v2/environments/env-abc123`,
        resource_name: `${CRN}/environment=env-abc123`,
        created_at: '2026-01-02T03:04:05Z',
        updated_at: '2026-01-02T03:04:05Z',
      },
      display_name: 'prod-finance01',
      stream_governance_config: { package: 'ESSENTIALS' },
    },
    JSON_HEADERS,
  );
});

test('documented no-content responses (204, 429) must have an empty body', () => {
  assertMatchesOpenApi('DELETE', `/iam/v2/api-keys/${KEY_ID}`, 204, '');
  assertMatchesOpenApi('DELETE', '/org/v2/environments/env-abc123', 204, undefined, {});
  assertMatchesOpenApi('GET', '/iam/v2/api-keys', 429, Buffer.alloc(0));
  assertContractFailure(
    () => assertMatchesOpenApi('DELETE', `/iam/v2/api-keys/${KEY_ID}`, 204, '{}'),
    'declares no content',
  );
  assertContractFailure(() => assertMatchesOpenApi('GET', '/iam/v2/api-keys', 429, failure401), '429');
});

// ---------------------------------------------------------------------------------------------
// Invalid bodies and undocumented operations

test('a wrong kind enum fails, naming the instance path', () => {
  assertContractFailure(
    () => assertMatchesOpenApi('POST', '/iam/v2/api-keys', 202, apiKey({ kind: 'Apikey' })),
    'POST /iam/v2/api-keys -> 202',
    '/kind',
    'ApiKey',
  );
});

test('an owner without related fails', () => {
  const { related: _related, ...owner } = apiKey().spec.owner;
  assertContractFailure(
    () => assertMatchesOpenApi('POST', '/iam/v2/api-keys', 202, apiKey({ spec: { owner } })),
    '/spec/owner',
    'related',
  );
});

test('metadata.next: 123 fails', () => {
  assertContractFailure(
    () => assertMatchesOpenApi('GET', '/iam/v2/api-keys', 200, apiKeyList({ next: 123 })),
    '/metadata/next',
  );
});

test('a Failure without errors fails', () => {
  assertContractFailure(
    () => assertMatchesOpenApi('GET', `/iam/v2/api-keys/${KEY_ID}`, 404, { error: 'not found' }),
    "must have required property 'errors'",
  );
});

test('an undocumented path fails', () => {
  assertContractFailure(
    () => assertMatchesOpenApi('POST', `/iam/v2/api-keys/${KEY_ID}/rotate`, 200, {}),
    'no path template',
  );
  assertContractFailure(() => assertMatchesOpenApi('GET', '/keyward/v1/health', 200, {}), 'no path template');
  assertContractFailure(() => assertMatchesOpenApi('GET', '/iam/v2/api-keys/', 200, {}), 'no path template');
});

test('an undocumented method fails', () => {
  assertContractFailure(
    () => assertMatchesOpenApi('PUT', `/iam/v2/api-keys/${KEY_ID}`, 200, apiKey()),
    'PUT is not documented',
  );
  assertContractFailure(() => assertMatchesOpenApi('POST', '/iam/v2/users', 201, {}), 'POST is not documented');
});

test('an undocumented status fails', () => {
  assertContractFailure(
    () => assertMatchesOpenApi('GET', `/iam/v2/api-keys/${KEY_ID}`, 409, failure401),
    'status 409 is not documented',
  );
  assertContractFailure(() => assertMatchesOpenApi('DELETE', `/iam/v2/api-keys/${KEY_ID}`, 200, ''), 'status 200');
});

test('a body response needs a JSON Content-Type when headers are given, and a non-empty body', () => {
  assertContractFailure(
    () => assertMatchesOpenApi('GET', '/iam/v2/api-keys', 401, failure401, { 'Content-Type': 'text/plain' }),
    'Content-Type',
  );
  assertContractFailure(() => assertMatchesOpenApi('GET', '/iam/v2/api-keys', 401, failure401, {}), 'missing');
  assertMatchesOpenApi('GET', '/iam/v2/api-keys', 401, failure401, new Headers({ 'Content-Type': 'application/json' }));
  assertMatchesOpenApi('GET', '/iam/v2/api-keys', 401, failure401, { 'Content-Type': ['application/json'] });
  assertContractFailure(() => assertMatchesOpenApi('GET', '/iam/v2/api-keys', 401, ''), 'body is empty');
  assertContractFailure(() => assertMatchesOpenApi('GET', '/iam/v2/api-keys', 401, '{nope'), 'not valid JSON');
});

test('format uri accepts crn:// URIs and rejects non-URIs', () => {
  const withName = (resource_name: string) =>
    apiKey({ metadata: { self: `${BASE}/iam/v2/api-keys/${KEY_ID}`, resource_name } });
  for (const crn of [
    `${CRN}/environment=env-abc123/cloud-cluster=lkc-c29js0`,
    `${CRN}/environment=env-abc123/flink-region=aws.us-east-2`,
    'crn://localhost:8080/organization=o-1/api-key=ABC',
  ]) {
    assertMatchesOpenApi('POST', '/iam/v2/api-keys', 202, withName(crn));
  }
  assertContractFailure(
    () => assertMatchesOpenApi('POST', '/iam/v2/api-keys', 202, withName('not a uri')),
    '/metadata/resource_name',
  );
});

test('isDocumentedPath', () => {
  assert.equal(isDocumentedPath('GET', '/iam/v2/api-keys'), true);
  assert.equal(isDocumentedPath('delete', `/iam/v2/api-keys/${KEY_ID}?x=1`), true);
  assert.equal(isDocumentedPath('GET', '/org/v2/environments/env-1'), true);
  assert.equal(isDocumentedPath('PATCH', '/iam/v2/users/u-1'), true);
  assert.equal(isDocumentedPath('POST', '/iam/v2/users'), false);
  assert.equal(isDocumentedPath('PUT', `/iam/v2/api-keys/${KEY_ID}`), false);
  assert.equal(isDocumentedPath('GET', '/keyward/v1/keys'), false);
});
