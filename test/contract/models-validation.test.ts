// fromDict/fromJson reject the first invalid value with its path; unknown properties are ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Failure, IamV2ApiKey, IamV2ApiKeyList, IamV2ServiceAccount, IamV2User, IamV2UserList, ListMeta, ModelValidationError, ObjectReference } from '../../src/contract/models/index.js';
import * as fx from './model-fixtures.js';

/** Asserts that `fn` throws a ModelValidationError at `path` whose reason matches `reason`. */
function assertRejects(fn: () => unknown, path: string, reason: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ModelValidationError, `expected a ModelValidationError, got ${String(err)}`);
    assert.equal(err.path, path);
    assert.match(err.reason, reason);
    assert.equal(err.message, `${path}: ${err.reason}`);
    return true;
  });
}

test('ModelValidationError is an Error with a name, a path and a reason', () => {
  const err = new ModelValidationError('spec.owner.id', 'is required');
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'ModelValidationError');
  assert.equal(err.message, 'spec.owner.id: is required');
});

test('wrong kind is rejected at `kind`', () => {
  assertRejects(() => IamV2ApiKey.fromDict({ ...fx.kafkaKey(), kind: 'ApiKeyList' }), 'kind', /expected "ApiKey", got "ApiKeyList"/);
  assertRejects(() => IamV2ServiceAccount.fromDict({ ...fx.serviceAccount(), kind: 'User' }), 'kind', /expected "ServiceAccount"/);
  assertRejects(() => IamV2UserList.fromDict({ ...fx.userPage(), kind: 'User' }), 'kind', /expected "UserList", got "User"/);
});

test('wrong api_version is rejected at `api_version`', () => {
  assertRejects(() => IamV2ApiKey.fromDict({ ...fx.kafkaKey(), api_version: 'iam/v1' }), 'api_version', /expected "iam\/v2", got "iam\/v1"/);
  assertRejects(() => IamV2User.fromDict({ ...fx.user(), api_version: 'IAM/V2' }), 'api_version', /expected "iam\/v2"/);
});

test('a wrong enum inside a list item is rejected at its item path', () => {
  const page = fx.apiKeyPage();
  page.data[1]!.kind = 'ServiceAccount';
  assertRejects(() => IamV2ApiKeyList.fromDict(page), 'data[1].kind', /expected "ApiKey", got "ServiceAccount"/);
});

test('a wrong type deep in a list is rejected with the full path', () => {
  const page: Record<string, unknown> = fx.apiKeyPage();
  (page.data as Array<{ spec: { owner: { id: unknown } } }>)[1]!.spec.owner.id = 42;
  assertRejects(() => IamV2ApiKeyList.fromDict(page), 'data[1].spec.owner.id', /expected a string, got number/);
});

test('a resource that is not an object is rejected at spec.resource', () => {
  const key = { ...fx.kafkaKey(), spec: { ...fx.kafkaKey().spec, resource: 'lkc-c29js0' } };
  assertRejects(() => IamV2ApiKey.fromDict(key), 'spec.resource', /expected an object, got "lkc-c29js0"/);
  const page = { ...fx.apiKeyPage(), data: [fx.kafkaKey(), fx.kafkaKey(), fx.kafkaKey(), { spec: { resource: [] } }] };
  assertRejects(() => IamV2ApiKeyList.fromDict(page), 'data[3].spec.resource', /expected an object, got array/);
});

test('null is accepted only where the documents make a field nullable', () => {
  assertRejects(() => IamV2ApiKey.fromDict({ spec: { owner: null } }), 'spec.owner', /expected an object, got null/);
  assertRejects(() => IamV2ApiKey.fromDict({ spec: { display_name: null } }), 'spec.display_name', /expected a string, got null/);
  assertRejects(() => ListMeta.fromDict({ total_size: null }), 'total_size', /expected an integer, got null/);
  assert.equal(ListMeta.fromDict({ first: null, last: null, prev: null, next: null }).last, null);
});

test('required fields are enforced', () => {
  assertRejects(() => IamV2ApiKey.fromDict({ spec: { owner: { kind: 'User' } } }), 'spec.owner.id', /is required/);
  assertRejects(() => IamV2ApiKey.fromDict({ metadata: { created_at: '2024-05-01T10:00:00Z' } }), 'metadata.self', /is required/);
  assertRejects(() => Failure.fromDict({}), 'errors', /is required/);
  assertRejects(() => Failure.fromDict({ errors: {} }), 'errors', /expected an array, got object/);
  const { metadata: _metadata, ...noMetadata } = fx.apiKeyPage();
  assertRejects(() => IamV2ApiKeyList.fromDict(noMetadata), 'metadata', /is required/);
  assertRejects(() => IamV2ApiKeyList.fromDict({ api_version: 'iam/v2', kind: 'ApiKeyList', metadata: {} }), 'data', /is required/);
  assertRejects(() => IamV2ApiKeyList.fromDict({ kind: 'ApiKeyList', metadata: {}, data: [] }), 'api_version', /is required/);
  assertRejects(() => IamV2UserList.fromDict({ api_version: 'iam/v2', metadata: {}, data: [] }), 'kind', /is required/);
});

test('references require only id: related/resource_name may be absent or empty on input', () => {
  assert.equal(IamV2ApiKey.fromDict({ spec: { owner: { id: 'u-1' } } }).spec?.owner?.id, 'u-1');
  const goSdk = ObjectReference.fromDict({ id: 'sa-abc123', related: '', resource_name: '' });
  assert.equal(goSdk.related, '');
  assertRejects(() => ObjectReference.fromDict({ id: 'sa-abc123', related: 7 }), 'related', /expected a string, got number/);
});

test('integers are checked: total_size must be a non-negative integer', () => {
  assertRejects(() => IamV2ApiKeyList.fromDict({ ...fx.apiKeyPage(), metadata: { total_size: 2.5 } }), 'metadata.total_size', /expected an integer, got number/);
  assertRejects(() => ListMeta.fromDict({ total_size: '3' }), 'total_size', /expected an integer, got "3"/);
  assertRejects(() => ListMeta.fromDict({ total_size: -1 }), 'total_size', /must be >= 0, got -1/);
});

test('the first invalid value is reported, in field order', () => {
  assertRejects(() => IamV2ApiKey.fromDict({ api_version: 1, kind: 2 }), 'api_version', /expected a string/);
});

test('a document that is not an object is rejected at $', () => {
  assertRejects(() => IamV2ApiKey.fromDict(null), '$', /expected an object, got null/);
  assertRejects(() => IamV2ApiKey.fromDict([fx.kafkaKey()]), '$', /expected an object, got array/);
  assertRejects(() => Failure.fromJson('"oops"'), '$', /expected an object, got "oops"/);
});

test('invalid JSON is rejected at $', () => {
  assertRejects(() => IamV2ApiKey.fromJson('{"api_version": "iam/v2",'), '$', /^invalid JSON: /);
  assertRejects(() => IamV2ApiKeyList.fromJson(''), '$', /^invalid JSON: /);
});

test('fromJson reports nested paths like fromDict', () => {
  const text = JSON.stringify({ ...fx.kafkaKey(), spec: { ...fx.kafkaKey().spec, expires_at: 20260101 } });
  assertRejects(() => IamV2ApiKey.fromJson(text), 'spec.expires_at', /expected a string, got number/);
});

test('unknown properties are ignored at every level (Confluent MUST IGNORE)', () => {
  const page = fx.apiKeyPage();
  const noisy = {
    ...page,
    future_field: { any: 'thing' },
    metadata: { ...page.metadata, cursor: 'x' },
    data: page.data.map((key) => ({
      ...key,
      extra: true,
      metadata: { ...key.metadata, etag: 'W/"1"' },
      spec: { ...key.spec, rotation: { days: 90 }, owner: { ...key.spec.owner, principal_type: 'USER' } },
    })),
  };
  assert.deepEqual(IamV2ApiKeyList.fromDict(noisy).toDict(), page);
  assert.deepEqual(Failure.fromDict({ errors: [{ detail: 'x', meta: {} }], trace: 'abc' }).toDict(), { errors: [{ detail: 'x' }] });
});

test('inherited properties are not read as wire values', () => {
  const proto = { id: 'from-prototype' };
  assertRejects(() => ObjectReference.fromDict(Object.create(proto) as object), 'id', /is required/);
});
