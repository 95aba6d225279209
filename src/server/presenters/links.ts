// Links and Confluent Resource Names for responses. Every reference keyward returns carries a
// non-empty `related` and `resource_name`: Confluent's Python client refuses references without.
import type { KeyResource, PrincipalKind } from '../../store/records.js';

export class Links {
  readonly authority: string;

  constructor(readonly base: string, readonly orgId: string) {
    this.authority = new URL(base).host;
  }

  crn(...segments: string[]): string {
    return [`crn://${this.authority}/organization=${this.orgId}`, ...segments].join('/');
  }

  principalPath(kind: PrincipalKind, id: string): string {
    return `${this.base}/iam/v2/${kind === 'User' ? 'users' : 'service-accounts'}/${id}`;
  }

  principalCrn(kind: PrincipalKind, id: string): string {
    return this.crn(`${kind === 'User' ? 'user' : 'service-account'}=${id}`);
  }

  /** `related` and `resource_name` of a key's resource, per its kind. */
  resource(resource: KeyResource): { related: string; resourceName: string } {
    const env = resource.environment ? [`environment=${resource.environment}`] : [];
    switch (resource.kind) {
      case 'Cluster':
        return { related: `${this.base}/cmk/v2/clusters/${resource.id}`, resourceName: this.crn(...env, `cloud-cluster=${resource.id}`) };
      case 'SchemaRegistry':
        return { related: `${this.base}/srcm/v2/clusters/${resource.id}`, resourceName: this.crn(...env, `schema-registry=${resource.id}`) };
      case 'ksqlDB':
        return { related: `${this.base}/ksqldbcm/v2/clusters/${resource.id}`, resourceName: this.crn(...env, `ksql=${resource.id}`) };
      case 'Region': {
        const [cloud, region] = resource.id.split('.', 2);
        return {
          related: `${this.base}/fcpm/v2/regions?cloud=${cloud}&region_name=${region}`,
          resourceName: this.crn(...env, `flink-region=${resource.id}`),
        };
      }
      default:
        // Cloud, Global and Tableflow keys are scoped to the whole organization.
        return { related: `${this.base}/org/v2/organizations/${this.orgId}`, resourceName: this.crn(`${resource.kind.toLowerCase()}=${resource.id}`) };
    }
  }
}
