// Every model parses every realistic payload and writes it back unchanged: fromDict/toDict,
// fromJson/toJson and JSON.stringify all give the same wire form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as models from '../../src/contract/models/index.js';
import { ErrorSource, Failure, IamV2ApiKey, IamV2ApiKeyList, IamV2ApiKeySpec, IamV2ApiKeySpecUpdate, IamV2ApiKeyUpdate, IamV2ServiceAccount, IamV2ServiceAccountList, IamV2User, IamV2UserList, ListMeta, ModelError, ObjectMeta, ObjectReference } from '../../src/contract/models/index.js';
import * as fx from './model-fixtures.js';

interface Parser {
  name: string;
  fromDict(obj: unknown): models.ModelMethods;
  fromJson(text: string): models.ModelMethods;
}

// [model, case name, payload]: at least one realistic payload per model.
const cases: Array<[Parser, string, Record<string, unknown>]> = [
  [ObjectMeta, 'api key metadata', fx.kafkaKey().metadata],
  [ObjectMeta, 'self only', { self: 'https://api.confluent.cloud/iam/v2/users/u-1' }],
  [ListMeta, 'first page with next', fx.apiKeyPage().metadata],
  [ListMeta, 'last page with null links', fx.lastApiKeyPageWithNulls().metadata],
  [ListMeta, 'empty', {}],
  [ObjectReference, 'service-account owner', fx.saOwner()],
  [ObjectReference, 'env-scoped Kafka resource', fx.kafkaKey().spec.resource],
  [ObjectReference, 'request reference (id only)', { id: 'u-a83k9b' }],
  [IamV2ApiKeySpec, 'Cloud key spec with secret', fx.cloudKeyCreated().spec],
  [IamV2ApiKeySpec, 'spec with resource null', fx.unboundKey().spec],
  [IamV2ApiKey, 'Cloud key (create response)', fx.cloudKeyCreated()],
  [IamV2ApiKey, 'Kafka key with environment', fx.kafkaKey()],
  [IamV2ApiKey, 'key with resource: null', fx.unboundKey()],
  [IamV2ApiKey, 'create request body', { spec: { owner: { id: 'u-1' } } }],
  [IamV2ApiKeyList, 'page with metadata.next', fx.apiKeyPage()],
  [IamV2ApiKeyList, 'page with next: null', fx.lastApiKeyPageWithNulls()],
  [IamV2ApiKeyList, 'empty page', { api_version: 'iam/v2', kind: 'ApiKeyList', metadata: {}, data: [] }],
  [IamV2ApiKeySpecUpdate, 'rename', fx.apiKeyUpdate().spec],
  [IamV2ApiKeyUpdate, 'PATCH body', fx.apiKeyUpdate()],
  [IamV2ApiKeyUpdate, 'PATCH body echoing read-only fields', { api_version: 'iam/v2', kind: 'ApiKey', id: 'KF7QZ2LPD4XNA3RT', ...fx.apiKeyUpdate() }],
  [IamV2ServiceAccount, 'service account', fx.serviceAccount()],
  [IamV2ServiceAccountList, 'service account page', fx.serviceAccountPage()],
  [IamV2User, 'user', fx.user()],
  [IamV2UserList, 'user page with next', fx.userPage()],
  [ErrorSource, 'pointer', { pointer: '/spec/owner/id' }],
  [ErrorSource, 'parameter', { parameter: 'page_size' }],
  [ModelError, 'error with source.pointer', fx.validationFailure().errors[0]!],
  [Failure, 'validation failure with source.pointer', fx.validationFailure()],
  [Failure, 'quota failure', fx.quotaFailure()],
  [Failure, 'no errors', { errors: [] }],
];

for (const [Model, name, payload] of cases) {
  test(`${Model.name} round-trips: ${name}`, () => {
    const model = Model.fromDict(payload);
    assert.ok(model instanceof (Model as unknown as new () => object), 'fromDict returns an instance of the class');
    assert.deepEqual(model.toDict(), payload);

    const text = JSON.stringify(payload);
    const fromJson = Model.fromJson(text);
    assert.deepEqual(fromJson, model);
    assert.deepEqual(JSON.parse(fromJson.toJson()), payload);
    assert.equal(JSON.stringify(model), model.toJson());
    assert.deepEqual(model.toJSON(), payload);
  });
}

test('every exported model class has a round-trip case', () => {
  const covered = new Set(cases.map(([Model]) => Model.name));
  const exported = Object.entries(models)
    .filter(([alias, value]) => typeof value === 'function' && 'fromDict' in value && alias === value.name)
    .map(([alias]) => alias);
  assert.equal(exported.length, 15);
  assert.deepEqual(exported.filter((name) => !covered.has(name)), []);
});

test('nested values are model instances with camelCase properties', () => {
  const page = IamV2ApiKeyList.fromDict(fx.apiKeyPage());
  assert.ok(page.metadata instanceof ListMeta);
  assert.equal(page.metadata.next, 'https://api.confluent.cloud/iam/v2/api-keys?page_size=2&page_token=UvmDWOB1iwfAIBPj6EYb');
  assert.equal(page.metadata.totalSize, 3);
  const [kafka, unbound] = page.data;
  assert.ok(kafka instanceof IamV2ApiKey && unbound instanceof IamV2ApiKey);
  assert.equal(kafka.apiVersion, 'iam/v2');
  assert.ok(kafka.metadata instanceof ObjectMeta);
  assert.equal(kafka.metadata.createdAt, '2024-05-01T10:00:00Z');
  assert.ok(kafka.spec instanceof IamV2ApiKeySpec);
  assert.equal(kafka.spec.displayName, 'CI kafka access key');
  assert.equal(kafka.spec.expiresAt, '2026-01-01');
  assert.ok(kafka.spec.resource instanceof ObjectReference);
  assert.equal(kafka.spec.resource.environment, 'env-abc123');
  assert.equal(kafka.spec.resource.resourceName, 'crn://confluent.cloud/organization=9bb441c4-edef-46ac-8a41-c49e44a3fd9a/environment=env-abc123/cloud-cluster=lkc-c29js0');
  assert.equal(unbound.spec?.resource, null);

  const failure = Failure.fromDict(fx.validationFailure());
  assert.ok(failure.errors[0] instanceof ModelError);
  assert.ok(failure.errors[0].source instanceof ErrorSource);
  assert.equal(failure.errors[0].source.pointer, '/spec/owner/id');
  assert.equal(IamV2User.fromDict(fx.user()).authType, 'AUTH_TYPE_SSO');
});

test('absent and null stay distinct: next absent is omitted, next null is written as null', () => {
  assert.equal('next' in ListMeta.fromDict({}).toDict(), false);
  assert.deepEqual(ListMeta.fromDict({ next: null }).toDict(), { next: null });
  assert.equal('resource' in IamV2ApiKeySpec.fromDict({}).toDict(), false);
  assert.deepEqual(IamV2ApiKeySpec.fromDict({ resource: null }).toJson(), '{"resource":null}');
});

test('empty strings round-trip as given (Terraform sends display_name and description "")', () => {
  const spec = { display_name: '', description: '', owner: { id: 'sa-abc123', related: '', resource_name: '' } };
  assert.deepEqual(IamV2ApiKeySpec.fromDict(spec).toDict(), spec);
});

test('ApiErrorObject is ModelError under the name the SDK uses', () => {
  assert.equal(models.ApiErrorObject, ModelError);
  assert.ok(models.ApiErrorObject.fromDict({ detail: 'x' }) instanceof ModelError);
});
