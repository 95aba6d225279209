import type { ServiceAccount } from '../../contract/schemas/service-account.js';
import type { User } from '../../contract/schemas/user.js';
import type { Environment } from '../../contract/schemas/environment.js';
import type { EnvironmentRecord, ServiceAccountRecord, UserRecord } from '../../store/records.js';
import type { Links } from './links.js';
import { objectMeta } from './object-meta.js';

export function presentServiceAccount(sa: ServiceAccountRecord, links: Links): ServiceAccount {
  return {
    api_version: 'iam/v2',
    kind: 'ServiceAccount',
    id: sa.id,
    metadata: objectMeta(links.principalPath('ServiceAccount', sa.id), links.principalCrn('ServiceAccount', sa.id), sa),
    display_name: sa.displayName,
    description: sa.description,
  };
}

export function presentUser(user: UserRecord, links: Links): User {
  return {
    api_version: 'iam/v2',
    kind: 'User',
    id: user.id,
    metadata: objectMeta(links.principalPath('User', user.id), links.principalCrn('User', user.id), user),
    email: user.email,
    full_name: user.fullName,
    auth_type: user.authType,
  };
}

export function presentEnvironment(env: EnvironmentRecord, links: Links): Environment {
  return {
    api_version: 'org/v2',
    kind: 'Environment',
    id: env.id,
    metadata: objectMeta(`${links.base}/org/v2/environments/${env.id}`, links.crn(`environment=${env.id}`), env),
    display_name: env.displayName,
    ...(env.streamGovernancePackage !== null && { stream_governance_config: { package: env.streamGovernancePackage } }),
  };
}
