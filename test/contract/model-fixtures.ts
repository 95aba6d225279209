// Confluent-shaped wire payloads (as the documents and Confluent's own responses show them) shared by
// the model tests. Functions, not constants, so a test can mutate its copy freely.

const BASE = 'https://api.confluent.cloud';
const ORG = 'crn://confluent.cloud/organization=9bb441c4-edef-46ac-8a41-c49e44a3fd9a';

/** A service-account owner reference as Confluent returns it. */
export function saOwner(id = 'sa-abc123') {
  return {
    id,
    related: `${BASE}/iam/v2/service-accounts/${id}`,
    resource_name: `${ORG}/service-account=${id}`,
    api_version: 'iam/v2',
    kind: 'ServiceAccount',
  };
}

/** `metadata` of an object at `{BASE}/iam/v2/{collection}/{id}` with CRN segment `{crn}={id}`. */
function objectMeta(collection: string, crn: string, id: string, createdAt: string, updatedAt = createdAt) {
  return {
    self: `${BASE}/iam/v2/${collection}/${id}`,
    resource_name: `${ORG}/${crn}=${id}`,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

function keyMetadata(id: string) {
  return objectMeta('api-keys', 'api-key', id, '2024-05-01T10:00:00Z', '2024-05-02T08:30:00Z');
}

/** The create response of a Cloud key: secret shown once, resource `cloud`. */
export function cloudKeyCreated() {
  return {
    api_version: 'iam/v2',
    kind: 'ApiKey',
    id: 'MB4XXHRE5T2RHBWZ',
    metadata: keyMetadata('MB4XXHRE5T2RHBWZ'),
    spec: {
      secret: 'cfltR15hoiDIq8Nxu/lY4mPO3DwAVIfU5W7OI+efsB607mLgHTnVW5XJGVqX2yQw',
      display_name: 'terraform-cloud',
      description: '',
      created_by: 'u-a83k9b',
      owner: saOwner(),
      resource: {
        id: 'cloud',
        related: `${BASE}/org/v2/organizations/9bb441c4-edef-46ac-8a41-c49e44a3fd9a`,
        resource_name: ORG,
        api_version: 'iam/v2',
        kind: 'Cloud',
      },
    },
  };
}

/** A Kafka cluster key as GET returns it: env-scoped resource, expiry date, no secret. */
export function kafkaKey(id = 'KF7QZ2LPD4XNA3RT') {
  return {
    api_version: 'iam/v2',
    kind: 'ApiKey',
    id,
    metadata: keyMetadata(id),
    spec: {
      display_name: 'CI kafka access key',
      description: 'This API key provides kafka access to cluster x',
      expires_at: '2026-01-01',
      created_by: 'u-a83k9b',
      owner: {
        id: 'u-a83k9b',
        related: `${BASE}/iam/v2/users/u-a83k9b`,
        resource_name: `${ORG}/user=u-a83k9b`,
        api_version: 'iam/v2',
        kind: 'User',
      },
      resource: {
        id: 'lkc-c29js0',
        environment: 'env-abc123',
        related: `${BASE}/cmk/v2/clusters/lkc-c29js0`,
        resource_name: `${ORG}/environment=env-abc123/cloud-cluster=lkc-c29js0`,
        api_version: 'cmk/v2',
        kind: 'Cluster',
      },
    },
  };
}

/** A key tied to no resource: `spec.resource` is an explicit `null`. */
export function unboundKey() {
  const key = kafkaKey('NR0RESOURCEKEY01');
  return { ...key, spec: { ...key.spec, resource: null } };
}

/** A first page with more to come. */
export function apiKeyPage() {
  return {
    api_version: 'iam/v2',
    kind: 'ApiKeyList',
    metadata: {
      first: `${BASE}/iam/v2/api-keys?page_size=2`,
      next: `${BASE}/iam/v2/api-keys?page_size=2&page_token=UvmDWOB1iwfAIBPj6EYb`,
      total_size: 3,
    },
    data: [kafkaKey(), unboundKey()],
  };
}

/** A last page as the documents allow it: links explicitly `null`. */
export function lastApiKeyPageWithNulls() {
  return {
    api_version: 'iam/v2',
    kind: 'ApiKeyList',
    metadata: { first: `${BASE}/iam/v2/api-keys?page_size=2`, prev: null, next: null },
    data: [kafkaKey('LASTPAGEKEY00001')],
  };
}

/** A PATCH body for an API key. */
export function apiKeyUpdate() {
  return { spec: { display_name: 'renamed', description: '' } };
}

export function serviceAccount(id = 'sa-abc123') {
  return {
    api_version: 'iam/v2',
    kind: 'ServiceAccount',
    id,
    metadata: objectMeta('service-accounts', 'service-account', id, '2024-04-01T09:00:00Z'),
    display_name: 'DeLorean_auto_repair',
    description: "Doc's repair bot for the DeLorean",
  };
}

export function serviceAccountPage() {
  return {
    api_version: 'iam/v2',
    kind: 'ServiceAccountList',
    metadata: { first: `${BASE}/iam/v2/service-accounts`, total_size: 2 },
    data: [serviceAccount(), { ...serviceAccount('sa-x7k2m9'), display_name: 'ingest', description: '' }],
  };
}

export function user(id = 'u-a83k9b') {
  return {
    api_version: 'iam/v2',
    kind: 'User',
    id,
    metadata: objectMeta('users', 'user', id, '2023-11-20T16:45:12Z', '2024-02-03T11:00:00Z'),
    email: 'marty.mcfly@example.com',
    full_name: 'Marty McFly',
    auth_type: 'AUTH_TYPE_SSO',
  };
}

export function userPage() {
  return {
    api_version: 'iam/v2',
    kind: 'UserList',
    metadata: {
      first: `${BASE}/iam/v2/users`,
      next: `${BASE}/iam/v2/users?page_token=bcAOehAY8F16YD84Z1wT`,
    },
    data: [user()],
  };
}

/** A 400 as keyward and Confluent render it, pointing into the request body. */
export function validationFailure() {
  return {
    errors: [
      {
        id: '8d5c3a1e-4f2b-4c61-9a0e-2f1b7c9d0e11',
        status: '400',
        code: 'invalid_input',
        title: 'Validation Failed',
        detail: 'spec.owner.id must not be empty',
        source: { pointer: '/spec/owner/id' },
      },
    ],
  };
}

/** A 402 quota error, with a query-parameter source on a second error. */
export function quotaFailure() {
  return {
    errors: [
      {
        status: '402',
        code: 'quota_exceeded',
        title: 'Quota Exceeded',
        detail: 'Number of API keys in organization is currently limited to 3000',
      },
      { status: '400', code: 'invalid_input', detail: 'page_size must be at most 100', source: { parameter: 'page_size' } },
    ],
  };
}
