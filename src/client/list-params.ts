// The filters and paging of each list operation, in camelCase, and their wire query parameters.
// Type imports only, as audit-event.ts has them: the SDK never loads TypeBox at run time.
import type { ListAuditEventsQuery } from '../contract/schemas/audit.js';
import type { QueryParams } from './http-transport.js';

/** Paging of every list. @example { pageSize: 100 } */
export interface PageParams {
  /** Items per page, 1–100 (the server's default is 10). */
  pageSize?: number;
  /** The `page_token` of a `metadata.next` link. */
  pageToken?: string;
}

/** Filters of `listIamV2ApiKeys`. @example { owner: 'sa-abc123', resource: 'lkc-xyz', pageSize: 100 } */
export interface ListApiKeysParams extends PageParams {
  /** Only keys owned by this user or service account id. */
  owner?: string;
  /** Only keys for this resource id (`lkc-…`, `cloud`, `global`, `tableflow` …). */
  resource?: string;
  /** Include keys past their `expires_at` (keyward and Confluent's 2026 API). */
  showExpired?: boolean;
}

/** Filters of `listIamV2ServiceAccounts`. @example { displayName: ['ci-bot', 'deployer'] } */
export interface ListServiceAccountsParams extends PageParams {
  /** Only accounts with one of these display names. */
  displayName?: readonly string[];
}

/** Filters of `listKeywardV1AuditEvents`; each given must match exactly. @example { targetId: 'ABCDEF0123456789', action: 'api_key.delete' } */
export interface ListAuditEventsParams extends PageParams {
  /** Only changes made with keys of this user or service account id. */
  actorId?: string;
  /** Only this action, e.g. `api_key.create`. */
  action?: string;
  /** Only changes to this object id (a key, a service account, a user, an environment). */
  targetId?: string;
  /** `newest_first` runs through the log from its latest change; the default is oldest first. */
  order?: ListAuditEventsQuery['order'];
}

/** @example pageQuery({ pageSize: 5 }) // { page_size: 5, page_token: undefined } */
export function pageQuery(params: PageParams): QueryParams {
  return { page_size: params.pageSize, page_token: params.pageToken };
}

/** @example apiKeysQuery({ owner: 'u-1' }) */
export function apiKeysQuery(params: ListApiKeysParams): QueryParams {
  return { 'spec.owner': params.owner, 'spec.resource': params.resource, show_expired: params.showExpired, ...pageQuery(params) };
}

/** @example serviceAccountsQuery({ displayName: ['a'] }) */
export function serviceAccountsQuery(params: ListServiceAccountsParams): QueryParams {
  return { display_name: params.displayName, ...pageQuery(params) };
}

/** @example auditEventsQuery({ action: 'api_key.create' }) */
export function auditEventsQuery(params: ListAuditEventsParams): QueryParams {
  return { actor_id: params.actorId, action: params.action, target_id: params.targetId, order: params.order, ...pageQuery(params) };
}
