// Building models from camelCase objects, and the request form (read-only fields left out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorSource, Failure, IamV2ApiKey, IamV2ApiKeyList, IamV2ApiKeySpec, IamV2ApiKeySpecUpdate, IamV2ApiKeyUpdate, IamV2ServiceAccount, IamV2User, ListMeta, ModelError, ObjectMeta, ObjectReference } from '../../src/contract/models/index.js';
import * as fx from './model-fixtures.js';

test('a create body is built from camelCase objects and written in snake_case', () => {
  const key = new IamV2ApiKey({
    spec: new IamV2ApiKeySpec({ displayName: 'x', owner: new ObjectReference({ id: 'u-1' }) }),
  });
  assert.equal(key.spec?.displayName, 'x');
  assert.deepEqual(key.toDict(), { spec: { display_name: 'x', owner: { id: 'u-1' } } });
  assert.deepEqual(key.toRequestDict(), { spec: { display_name: 'x', owner: { id: 'u-1' } } });
  assert.equal(JSON.stringify(key), '{"spec":{"display_name":"x","owner":{"id":"u-1"}}}');
});

test('a model built by hand equals the same model parsed from the wire', () => {
  const built = new IamV2ApiKey({
    apiVersion: 'iam/v2',
    kind: 'ApiKey',
    id: 'NR0RESOURCEKEY01',
    metadata: new ObjectMeta({
      self: 'https://api.confluent.cloud/iam/v2/api-keys/NR0RESOURCEKEY01',
      resourceName: 'crn://confluent.cloud/organization=9bb441c4-edef-46ac-8a41-c49e44a3fd9a/api-key=NR0RESOURCEKEY01',
      createdAt: '2024-05-01T10:00:00Z',
      updatedAt: '2024-05-02T08:30:00Z',
    }),
    spec: new IamV2ApiKeySpec({
      displayName: 'CI kafka access key',
      description: 'This API key provides kafka access to cluster x',
      expiresAt: '2026-01-01',
      createdBy: 'u-a83k9b',
      owner: new ObjectReference({
        id: 'u-a83k9b',
        related: 'https://api.confluent.cloud/iam/v2/users/u-a83k9b',
        resourceName: 'crn://confluent.cloud/organization=9bb441c4-edef-46ac-8a41-c49e44a3fd9a/user=u-a83k9b',
        apiVersion: 'iam/v2',
        kind: 'User',
      }),
      resource: null,
    }),
  });
  assert.deepEqual(built.toDict(), fx.unboundKey());
  assert.deepEqual(IamV2ApiKey.fromDict(fx.unboundKey()), built);
});

test('constructors take only camelCase properties, typed; required ones must be given', () => {
  assert.deepEqual(new ListMeta().toDict(), {});
  assert.deepEqual(new ListMeta({ next: null, totalSize: 0 }).toDict(), { next: null, total_size: 0 });
  const page = new IamV2ApiKeyList({ apiVersion: 'iam/v2', kind: 'ApiKeyList', metadata: new ListMeta(), data: [] });
  assert.deepEqual(page.toDict(), { api_version: 'iam/v2', kind: 'ApiKeyList', metadata: {}, data: [] });
  const failure = new Failure({ errors: [new ModelError({ status: '404', source: new ErrorSource({ pointer: '/spec' }) })] });
  assert.deepEqual(failure.toDict(), { errors: [{ status: '404', source: { pointer: '/spec' } }] });

  // Compile-time checks, also run: the type checker (tsc over test/) proves these are rejected.
  // @ts-expect-error ObjectReference requires id
  assert.deepEqual(new ObjectReference({ environment: 'env-1' }).toDict(), { environment: 'env-1' });
  // @ts-expect-error kind is exactly 'ApiKey'
  assert.equal(new IamV2ApiKey({ kind: 'User' }).kind, 'User');
  // @ts-expect-error wire (snake_case) names are not properties
  assert.deepEqual(new IamV2ApiKeySpec({ display_name: 'x' }).toDict(), {});
  // @ts-expect-error a list needs apiVersion, kind, metadata and data
  assert.ok(new IamV2ApiKeyList({ data: [] }));
});

test('properties can be set after construction, and undefined ones are omitted', () => {
  const spec = new IamV2ApiKeySpec({ owner: new ObjectReference({ id: 'sa-abc123' }) });
  spec.description = '';
  spec.displayName = undefined;
  assert.deepEqual(spec.toDict(), { description: '', owner: { id: 'sa-abc123' } });
});

/** The writable part of fx.kafkaKey().spec, as a create request carries it. */
const kafkaRequestSpec = {
  display_name: 'CI kafka access key',
  description: 'This API key provides kafka access to cluster x',
  expires_at: '2026-01-01',
  owner: { id: 'u-a83k9b' },
  resource: { id: 'lkc-c29js0', environment: 'env-abc123' },
};

test('request form of a key response drops every read-only field', () => {
  assert.deepEqual(IamV2ApiKey.fromDict(fx.kafkaKey()).toRequestDict(), { spec: kafkaRequestSpec });
});

test('request form drops the secret and created_by, and keeps resource: null', () => {
  const created = IamV2ApiKey.fromDict(fx.cloudKeyCreated()).toRequestDict();
  assert.deepEqual(created, {
    spec: { display_name: 'terraform-cloud', description: '', owner: { id: 'sa-abc123' }, resource: { id: 'cloud' } },
  });
  assert.deepEqual(IamV2ApiKey.fromDict(fx.unboundKey()).toRequestDict(), { spec: { ...kafkaRequestSpec, resource: null } });
});

test('client reference shapes parse and reduce to id (+ environment) in the request form', () => {
  const shapes = [
    { id: 'sa-abc123' }, // CLI, Python client
    { id: 'sa-abc123', kind: 'ServiceAccount' }, // Terraform
    { id: 'sa-abc123', related: '', resource_name: '' }, // Go SDK
  ];
  for (const owner of shapes) {
    const body = IamV2ApiKey.fromDict({ spec: { owner, resource: { id: 'lkc-c29js0', environment: 'env-abc123', kind: 'Cluster' } } });
    assert.deepEqual(body.toRequestDict(), { spec: { owner: { id: 'sa-abc123' }, resource: { id: 'lkc-c29js0', environment: 'env-abc123' } } });
  }
});

test('a PATCH body keeps only spec in the request form', () => {
  const echoed = { api_version: 'iam/v2', kind: 'ApiKey', id: 'KF7QZ2LPD4XNA3RT', metadata: fx.kafkaKey().metadata, ...fx.apiKeyUpdate() };
  assert.deepEqual(IamV2ApiKeyUpdate.fromDict(echoed).toRequestDict(), { spec: { display_name: 'renamed', description: '' } });
  const built = new IamV2ApiKeyUpdate({ spec: new IamV2ApiKeySpecUpdate({ description: '' }) });
  assert.deepEqual(built.toRequestDict(), { spec: { description: '' } });
});

test('service-account and user request forms keep only writable fields', () => {
  assert.deepEqual(IamV2ServiceAccount.fromDict(fx.serviceAccount()).toRequestDict(), {
    display_name: 'DeLorean_auto_repair',
    description: "Doc's repair bot for the DeLorean",
  });
  // auth_type is read-only; email is immutable but not read-only in the documents.
  assert.deepEqual(IamV2User.fromDict(fx.user()).toRequestDict(), { email: 'marty.mcfly@example.com', full_name: 'Marty McFly' });
});

test('request form of models without read-only fields equals the wire form', () => {
  assert.deepEqual(Failure.fromDict(fx.validationFailure()).toRequestDict(), fx.validationFailure());
  assert.deepEqual(ObjectMeta.fromDict(fx.kafkaKey().metadata).toRequestDict(), {});
  const page = IamV2ApiKeyList.fromDict(fx.apiKeyPage()).toRequestDict();
  assert.equal('api_version' in page || 'kind' in page, false);
  assert.deepEqual(page.metadata, fx.apiKeyPage().metadata);
});

test('every field marked readOnly in the documents is read-only in the models', () => {
  const readOnly = (fields: Record<string, { wire: string; readOnly: boolean }>) =>
    Object.values(fields).filter((f) => f.readOnly).map((f) => f.wire);
  assert.deepEqual(readOnly(IamV2ApiKey.fields), ['api_version', 'kind', 'id', 'metadata']);
  assert.deepEqual(readOnly(IamV2ApiKeySpec.fields), ['secret', 'created_by']);
  assert.deepEqual(readOnly(ObjectReference.fields), ['related', 'resource_name', 'api_version', 'kind']);
  assert.deepEqual(readOnly(ObjectMeta.fields), ['self', 'resource_name', 'created_at', 'updated_at', 'deleted_at']);
  assert.deepEqual(readOnly(IamV2User.fields), ['api_version', 'kind', 'id', 'metadata', 'auth_type']);
  assert.deepEqual(readOnly(IamV2ServiceAccount.fields), ['api_version', 'kind', 'id', 'metadata']);
});
