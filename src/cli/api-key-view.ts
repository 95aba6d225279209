// How an API key is shown: one flat row (the same keys in json and yaml as Confluent's CLI uses),
// the table columns of `list`, and the fields of `describe`.
import type { IamV2ApiKey } from '../contract/models/index.js';
import { resourceType } from './api-key-resource.js';
import type { Column } from './output/output-format.js';

export interface ApiKeyRow {
  key: string;
  display_name: string;
  description: string;
  owner_resource_id: string;
  owner_email: string;
  resource_type: string;
  resource_id: string;
  environment: string;
  created_by: string;
  created: string;
  expires: string;
}

/** `emails` maps user ids to addresses; service accounts have none. */
export function apiKeyRow(key: IamV2ApiKey, emails: ReadonlyMap<string, string> = new Map()): ApiKeyRow {
  const spec = key.spec;
  const ownerId = spec?.owner?.id ?? '';
  return {
    key: key.id ?? '',
    display_name: spec?.displayName ?? '',
    description: spec?.description ?? '',
    owner_resource_id: ownerId,
    owner_email: emails.get(ownerId) ?? '',
    resource_type: resourceType(spec?.resource),
    resource_id: spec?.resource?.id ?? 'cloud',
    environment: spec?.resource?.environment ?? '',
    created_by: spec?.createdBy ?? '',
    created: key.metadata?.createdAt ?? '',
    expires: spec?.expiresAt ?? '',
  };
}

/**
 * The table columns of `keyward api-key list`: dates only, and the key, owner and dates kept whole
 * while the free text shrinks, so eight columns fit 80 characters.
 */
export const API_KEY_COLUMNS = [
  ['Key', 'key', 16], ['Description', 'description'], ['Owner', 'owner_resource_id', 10], ['Owner Email', 'owner_email'],
  ['Resource Type', 'resource_type'], ['Resource', 'resource_id'], ['Created', 'created', 10], ['Expires', 'expires', 10],
] as const satisfies ReadonlyArray<Column<ApiKeyRow>>;

export const API_KEY_FIELDS = [
  ['Key', 'key'], ['Display Name', 'display_name'], ['Description', 'description'], ['Owner', 'owner_resource_id'],
  ['Owner Email', 'owner_email'], ['Resource Type', 'resource_type'], ['Resource', 'resource_id'],
  ['Environment', 'environment'], ['Created By', 'created_by'], ['Created', 'created'], ['Expires', 'expires'],
] as const satisfies ReadonlyArray<readonly [string, keyof ApiKeyRow]>;

/** A row for a table: timestamps shortened to their date. */
export function withShortDates(row: ApiKeyRow): ApiKeyRow {
  return { ...row, created: row.created.slice(0, 10) };
}
