// The models against their sources of truth: Confluent's OpenAPI documents (field names, readOnly,
// nullable, required, enums) and keyward's server schemas (what the server emits parses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import * as schemas from '../../src/contract/schemas/index.js';
import { ErrorSource, Failure, IamV2ApiKey, IamV2ApiKeyList, IamV2ApiKeySpec, IamV2ApiKeySpecUpdate, IamV2ApiKeyUpdate, IamV2ServiceAccount, IamV2ServiceAccountList, IamV2User, IamV2UserList, ListMeta, ModelError, ModelValidationError, ObjectMeta, ObjectReference, type Field } from '../../src/contract/models/index.js';
import { CONTRACTS_DIR } from '../helpers/contracts.js';
import { assertMatchesOpenApi } from '../helpers/openapi-contract.js';
import * as fx from './model-fixtures.js';

type Json = Record<string, unknown>;

const documents = {
  keys: loadSchemas('iam-v2-api-keys.openapi.yaml'),
  principals: loadSchemas('iam-v2-users-service-accounts.openapi.yaml'),
};

function loadSchemas(file: string): Record<string, Json> {
  const doc = parseYaml(readFileSync(new URL(file, CONTRACTS_DIR), 'utf8')) as { components: { schemas: Record<string, Json> } };
  return doc.components.schemas;
}

interface ModelUnderTest {
  name: string;
  fields: Record<string, Field<unknown>>;
  fromDict(obj: unknown): { toDict(): Json };
}

// [model, document, component, a valid sample]
const components: Array<[ModelUnderTest, keyof typeof documents, string, Json]> = [
  [ObjectMeta, 'keys', 'ObjectMeta', fx.kafkaKey().metadata],
  [ListMeta, 'keys', 'ListMeta', fx.apiKeyPage().metadata],
  [ObjectReference, 'keys', 'ObjectReference', fx.kafkaKey().spec.resource],
  [IamV2ApiKeySpec, 'keys', 'iam.v2.ApiKeySpec', fx.kafkaKey().spec],
  [IamV2ApiKey, 'keys', 'iam.v2.ApiKey', fx.kafkaKey()],
  [IamV2ApiKeyList, 'keys', 'iam.v2.ApiKeyList', fx.apiKeyPage()],
  [IamV2ApiKeySpecUpdate, 'keys', 'iam.v2.ApiKeySpecUpdate', fx.apiKeyUpdate().spec],
  [IamV2ApiKeyUpdate, 'keys', 'iam.v2.ApiKeyUpdate', { api_version: 'iam/v2', kind: 'ApiKey', ...fx.apiKeyUpdate() }],
  [Failure, 'keys', 'Failure', fx.validationFailure()],
  [ModelError, 'keys', 'Error', fx.validationFailure().errors[0]!],
  [ErrorSource, 'keys', 'Error_source', { pointer: '/spec' }],
  [IamV2ServiceAccount, 'principals', 'iam.v2.ServiceAccount', fx.serviceAccount()],
  [IamV2ServiceAccountList, 'principals', 'iam.v2.ServiceAccountList', fx.serviceAccountPage()],
  [IamV2User, 'principals', 'iam.v2.User', fx.user()],
  [IamV2UserList, 'principals', 'iam.v2.UserList', fx.userPage()],
];

/**
 * Required in the documents but not enforced by fromDict, on purpose: these are read-only, so a
 * request reference is `{id}` alone (see ObjectReference's TSDoc).
 */
const LENIENT_REQUIRED: Record<string, string[]> = { ObjectReference: ['related', 'resource_name'] };

/** A property is read-only if it says so or its `$ref`/`allOf` target does (ObjectMeta is). */
function isReadOnly(prop: Json, schemasOfDoc: Record<string, Json>): boolean {
  if (prop.readOnly === true) return true;
  const ref = (prop.$ref ?? (prop.allOf as Json[] | undefined)?.[0]?.$ref) as string | undefined;
  return ref !== undefined && schemasOfDoc[ref.replace('#/components/schemas/', '')]?.readOnly === true;
}

for (const [Model, doc, name, sample] of components) {
  test(`${Model.name} declares exactly the fields of ${name}, with its readOnly, nullable and required`, () => {
    const schemasOfDoc = documents[doc];
    const component = schemasOfDoc[name]!;
    const props = component.properties as Record<string, Json>;
    const fields = Object.values(Model.fields);
    const summary = (list: Array<[string, boolean]>) => list.filter(([, on]) => on).map(([wire]) => wire).sort();

    assert.deepEqual(fields.map((f) => f.wire).sort(), Object.keys(props).sort());
    assert.deepEqual(summary(fields.map((f) => [f.wire, f.readOnly])), summary(Object.entries(props).map(([w, p]) => [w, isReadOnly(p, schemasOfDoc)])));
    assert.deepEqual(summary(fields.map((f) => [f.wire, f.nullable])), summary(Object.entries(props).map(([w, p]) => [w, p.nullable === true])));
    const documented = ((component.required as string[] | undefined) ?? []).filter((w) => !LENIENT_REQUIRED[Model.name]?.includes(w));
    assert.deepEqual(summary(fields.map((f) => [f.wire, f.required])), [...documented].sort());
  });

  test(`${Model.name} enforces the enums of ${name} and no others`, () => {
    const props = documents[doc][name]!.properties as Record<string, Json>;
    for (const [wire, prop] of Object.entries(props)) {
      if (prop.type !== 'string') continue;
      const parse = () => Model.fromDict({ ...sample, [wire]: 'not-a-documented-value' });
      if (Array.isArray(prop.enum)) {
        assert.throws(parse, (e: unknown) => e instanceof ModelValidationError && e.path === wire, `${wire} must be one of ${prop.enum.join(', ')}`);
      } else {
        assert.doesNotThrow(parse, `${wire} is not an enum (auth_type is only an x-extensible-enum)`);
      }
    }
  });
}

test('the owner and resource reference shapes are covered by ObjectReference', () => {
  const wires = Object.values(ObjectReference.fields).map((f) => f.wire);
  for (const name of ['TypedGlobalObjectReference', 'TypedEnvScopedObjectReference']) {
    const props = Object.keys(documents.keys[name]!.properties as Json);
    assert.deepEqual(props.filter((p) => !wires.includes(p)), [], name);
  }
});

// What a model writes must be what Confluent documents: validate model output, not just fixtures.
const responses: Array<[string, string, number, () => Json, { fromDict(obj: unknown): { toDict(): Json } }]> = [
  ['POST', '/iam/v2/api-keys', 202, fx.cloudKeyCreated, IamV2ApiKey],
  ['GET', '/iam/v2/api-keys/KF7QZ2LPD4XNA3RT', 200, fx.kafkaKey, IamV2ApiKey],
  ['GET', '/iam/v2/api-keys/NR0RESOURCEKEY01', 200, fx.unboundKey, IamV2ApiKey],
  ['GET', '/iam/v2/api-keys', 200, fx.apiKeyPage, IamV2ApiKeyList],
  ['GET', '/iam/v2/api-keys', 200, fx.lastApiKeyPageWithNulls, IamV2ApiKeyList],
  ['GET', '/iam/v2/service-accounts/sa-abc123', 200, fx.serviceAccount, IamV2ServiceAccount],
  ['GET', '/iam/v2/service-accounts', 200, fx.serviceAccountPage, IamV2ServiceAccountList],
  ['GET', '/iam/v2/users/u-a83k9b', 200, fx.user, IamV2User],
  ['GET', '/iam/v2/users', 200, fx.userPage, IamV2UserList],
  ['POST', '/iam/v2/api-keys', 400, fx.validationFailure, Failure],
  ['POST', '/iam/v2/api-keys', 402, fx.quotaFailure, Failure],
];

for (const [method, path, status, payload, Model] of responses) {
  test(`model output of ${payload.name} matches the documents for ${method} ${path} ${status}`, () => {
    assertMatchesOpenApi(method, path, status, Model.fromDict(payload()).toDict());
  });
}

test('what keyward\'s server schemas accept, the models parse back unchanged', () => {
  FormatRegistry.Set('date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v));
  const emitted: Array<[TSchema, () => Json, { fromDict(obj: unknown): { toDict(): Json } }]> = [
    [schemas.ApiKey, fx.cloudKeyCreated, IamV2ApiKey],
    [schemas.ApiKey, fx.kafkaKey, IamV2ApiKey],
    [schemas.ApiKey, fx.unboundKey, IamV2ApiKey],
    [schemas.ApiKeyList, fx.apiKeyPage, IamV2ApiKeyList],
    [schemas.ServiceAccount, fx.serviceAccount, IamV2ServiceAccount],
    [schemas.ServiceAccountList, fx.serviceAccountPage, IamV2ServiceAccountList],
    [schemas.User, fx.user, IamV2User],
    [schemas.UserList, fx.userPage, IamV2UserList],
    [schemas.Failure, fx.validationFailure, Failure],
    [schemas.Failure, fx.quotaFailure, Failure],
  ];
  for (const [schema, payload, Model] of emitted) {
    assert.equal(Value.Check(schema, payload()), true, `${payload.name} fits the server schema`);
    assert.deepEqual(Model.fromDict(payload()).toDict(), payload());
  }
  // The documents allow `next: null`; keyward never emits it (a null next breaks Terraform's paging).
  assert.equal(Value.Check(schemas.ApiKeyList, fx.lastApiKeyPageWithNulls()), false);
});

test('request bodies the models write are accepted by keyward\'s request schemas', () => {
  const create = IamV2ApiKey.fromDict(fx.kafkaKey()).toRequestDict();
  assert.equal(Value.Check(schemas.ApiKeyCreateRequest, create), true);
  const patch = new IamV2ApiKeyUpdate({ spec: new IamV2ApiKeySpecUpdate({ displayName: 'renamed' }) }).toRequestDict();
  assert.equal(Value.Check(schemas.ApiKeyUpdateRequest, patch), true);
  assert.equal(Value.Check(schemas.ServiceAccountCreateRequest, IamV2ServiceAccount.fromDict(fx.serviceAccount()).toRequestDict()), true);
  assert.equal(Value.Check(schemas.UserUpdateRequest, { full_name: IamV2User.fromDict(fx.user()).fullName }), true);
});
