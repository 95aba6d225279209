// Where the tests read Confluent's official OpenAPI documents. The project's copies live in
// test/contracts/confluent, so a clone anywhere tests against them; the originals are kept in
// ../shared/confluent beside the repository, and test/contract/contract-copies.test.ts fails when
// the copies differ from them (wherever that folder is present).

export const CONTRACTS_DIR = new URL('../contracts/confluent/', import.meta.url);

/** The shared originals, beside the repository (present on the team's machines and in its CI). */
export const SHARED_CONTRACTS_DIR = new URL('../../../shared/confluent/', import.meta.url);

export const CONTRACT_DOCUMENTS = [
  'iam-v2-api-keys.openapi.yaml',
  'iam-v2-users-service-accounts.openapi.yaml',
  'org-v2.openapi.yaml',
] as const;
