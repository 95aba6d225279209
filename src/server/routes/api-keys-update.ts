import { ApiKey, ApiKeyUpdateRequest } from '../../contract/schemas/api-key.js';
import { IdParams } from '../../contract/schemas/common.js';
import { utcToday } from '../../core/clock.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentApiKey } from '../presenters/api-key-presenter.js';
import type { App, RouteDeps } from '../app-types.js';

export function apiKeysUpdate(app: App, deps: RouteDeps): void {
  app.patch('/iam/v2/api-keys/:id', {
    schema: { operationId: 'updateIamV2ApiKey', tags: ['API Keys (iam/v2)'], params: IdParams, body: ApiKeyUpdateRequest, response: { 200: ApiKey } },
  }, async (request) => {
    const spec = request.body.spec ?? {};
    const key = await deps.apiKeys.update(callerOf(request), request.params.id, {
      displayName: spec.display_name,
      description: spec.description,
      // Clients may echo immutable fields; a null resource is how a Cloud key reads in some clients.
      immutable: {
        ownerId: spec.owner === undefined ? undefined : spec.owner?.id ?? null,
        resourceId: spec.resource === undefined ? undefined : spec.resource?.id ?? 'cloud',
        expiresAt: spec.expires_at,
      },
    });
    return presentApiKey(key, deps.links, utcToday(deps.clock));
  });
}
