// `--resource` as Confluent's CLI takes it, turned into the reference the API expects, and back
// into the short resource type the list shows.
import { ObjectReference } from '../contract/models/index.js';
import { CliError, ExitCode } from './exit-codes.js';

export interface ResourceFlags {
  resource?: string;
  cloud?: string;
  region?: string;
  environment?: string;
}

/** `flink` needs `--cloud`, `--region` and `--environment` and becomes `<cloud>.<region>`; names are lower-cased. */
export function resourceId(flags: ResourceFlags): string | undefined {
  const resource = flags.resource?.trim();
  if (!resource) return undefined;
  if (resource.toLowerCase() === 'flink') {
    if (!flags.cloud || !flags.region) throw new CliError('--resource flink needs --cloud and --region', ExitCode.usage);
    return `${flags.cloud.toLowerCase()}.${flags.region.toLowerCase()}`;
  }
  return /^(cloud|global|tableflow)$/i.test(resource) ? resource.toLowerCase() : resource;
}

export function resourceReference(flags: ResourceFlags): ObjectReference {
  const id = resourceId(flags);
  if (id === undefined) throw new CliError('--resource is required (a cluster id, cloud, global, tableflow or flink)', ExitCode.usage);
  if (id.includes('.') && !flags.environment) throw new CliError('a Flink API key needs --environment', ExitCode.usage);
  return new ObjectReference({ id, ...(flags.environment && { environment: flags.environment }) });
}

const TYPES: Record<string, string> = {
  Cluster: 'kafka',
  SchemaRegistry: 'schema-registry',
  ksqlDB: 'ksql',
  Cloud: 'cloud',
  Global: 'global',
  Tableflow: 'tableflow',
  Region: 'flink',
};

/** The word the list's "Resource Type" column shows, as Confluent's CLI does. */
export function resourceType(resource: ObjectReference | null | undefined): string {
  if (!resource) return 'cloud';
  return TYPES[resource.kind ?? ''] ?? (resource.kind ?? '').toLowerCase();
}
