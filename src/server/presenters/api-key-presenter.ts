import type { ApiKey } from '../../contract/schemas/api-key.js';
import { isExpired } from '../../core/clock.js';
import type { ApiKeyRecord } from '../../store/records.js';
import type { Links } from './links.js';
import { objectMeta } from './object-meta.js';

/** The wire form of a key. `secret` is passed only by create, the one time it is shown. */
export function presentApiKey(key: ApiKeyRecord, links: Links, today: string, secret?: string): ApiKey {
  const resourceLinks = links.resource(key.resource);
  return {
    api_version: 'iam/v2',
    kind: 'ApiKey',
    id: key.id,
    metadata: objectMeta(`${links.base}/iam/v2/api-keys/${key.id}`, links.crn(`api-key=${key.id}`), key),
    spec: {
      ...(secret !== undefined && { secret }),
      display_name: key.displayName,
      description: key.description,
      ...(key.expiresAt !== null && { expires_at: key.expiresAt }),
      created_by: key.createdBy,
      owner: {
        id: key.ownerId,
        related: links.principalPath(key.ownerKind, key.ownerId),
        resource_name: links.principalCrn(key.ownerKind, key.ownerId),
        api_version: 'iam/v2',
        kind: key.ownerKind,
      },
      resource: {
        id: key.resource.id,
        ...(key.resource.environment !== null && { environment: key.resource.environment }),
        related: resourceLinks.related,
        resource_name: resourceLinks.resourceName,
        api_version: key.resource.apiVersion,
        kind: key.resource.kind,
      },
    },
    status: { phase: isExpired(key.expiresAt, today) ? 'EXPIRED' : 'ACTIVE' },
  };
}
