// Turns the resource reference a client sends into keyward's canonical form, inferring kind and
// api_version from the id as Confluent does (clients often send only the id; Terraform sends kind
// `Cluster` even for Schema Registry and ksqlDB ids).
import type { KeyResource } from '../store/records.js';
import { invalidField } from './api-error.js';

export interface ResourceInput {
  id: string;
  environment?: string | undefined;
}

export const CLOUD_RESOURCE: KeyResource = { id: 'cloud', kind: 'Cloud', apiVersion: 'iam/v2', environment: null };

const GLOBAL_SCOPES: Record<string, KeyResource> = {
  cloud: CLOUD_RESOURCE,
  global: { id: 'global', kind: 'Global', apiVersion: 'global/v1', environment: null },
  tableflow: { id: 'tableflow', kind: 'Tableflow', apiVersion: 'tableflow/v1', environment: null },
};

const CLUSTER_PREFIXES: Array<[prefix: string, kind: string, apiVersion: string]> = [
  ['lkc-', 'Cluster', 'cmk/v2'],
  ['lsrc-', 'SchemaRegistry', 'srcm/v2'],
  ['lksqlc-', 'ksqlDB', 'ksqldbcm/v2'],
];

const CLUSTER_ID = /^[a-z]+-[a-z0-9]{1,64}$/;
const FLINK_REGION = /^(aws|gcp|azure)\.[a-z0-9-]{1,64}$/;

/** Canonical resource for a create request; a missing or null resource means a Cloud key. */
export function resolveKeyResource(input: ResourceInput | null | undefined): KeyResource {
  if (!input) return CLOUD_RESOURCE;
  const id = input.id.trim();
  const environment = input.environment ? input.environment : null;
  const scope = GLOBAL_SCOPES[id.toLowerCase()];
  if (scope) return scope;
  for (const [prefix, kind, apiVersion] of CLUSTER_PREFIXES) {
    if (id.startsWith(prefix)) {
      if (!CLUSTER_ID.test(id)) break;
      return { id, kind, apiVersion, environment };
    }
  }
  if (FLINK_REGION.test(id)) {
    if (!environment) {
      throw invalidField('/spec/resource/environment', `A Flink region key for '${id}' needs spec.resource.environment`);
    }
    return { id, kind: 'Region', apiVersion: 'fcpm/v2', environment };
  }
  throw invalidField('/spec/resource/id',
    `Unknown resource '${input.id}': expected a Kafka (lkc-), Schema Registry (lsrc-) or ksqlDB (lksqlc-) cluster id, ` +
    `'cloud', 'global', 'tableflow' or a Flink '<cloud>.<region>'`);
}

/** Keys that may call the management API (Confluent accepts only Cloud and Global keys there). */
export function isManagementScope(resource: KeyResource): boolean {
  return resource.kind === 'Cloud' || resource.kind === 'Global';
}
