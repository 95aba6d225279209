// The package's main entry: the SDK and the models. Nothing reachable from here may import the
// server or a database driver (test/client/main-entry.test.ts checks the built file).
export { KeywardClient, type CreateUserOptions } from './client/keyward-client.js';
export { ApiClientError, type ClientErrorCode } from './client/api-client-error.js';
export { clientOptionsFromEnv, type KeywardClientOptions, type RequestOptions } from './client/client-options.js';
export type { ListApiKeysParams, ListAuditEventsParams, ListServiceAccountsParams, PageParams } from './client/list-params.js';
export type { ListPage } from './client/paginate.js';
export type { Environment, EnvironmentCreateRequest, EnvironmentList, EnvironmentUpdateRequest } from './client/environment.js';
export type { AuditEvent, AuditEventList } from './client/audit-event.js';
export * from './contract/models/index.js';

// ---- In-process API-key verification for Node services beside keyward (a Kafka or HTTP proxy).
// ---- Loads no database driver until openVerifier() is called.
export { Verifier, MANAGEMENT_RESOURCE, grantsAccess, type Verification, type VerifiedKeyDetails, type VerifyFailureReason, type VerifierOptions } from './core/verifier.js';
export { openVerifier, type OpenVerifierOptions } from './core/open-verifier.js';
