import { ApiKey, ApiKeyCreateRequest } from '../../contract/schemas/api-key.js';
import { utcToday } from '../../core/clock.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentApiKey } from '../presenters/api-key-presenter.js';
import type { App, RouteDeps } from '../app-types.js';

export function apiKeysCreate(app: App, deps: RouteDeps): void {
  app.post('/iam/v2/api-keys', {
    schema: { operationId: 'createIamV2ApiKey', tags: ['API Keys (iam/v2)'], body: ApiKeyCreateRequest, response: { 202: ApiKey } },
  }, async (request, reply) => {
    const { spec } = request.body;
    const { key, secret } = await deps.apiKeys.create(callerOf(request), {
      displayName: spec.display_name ?? '',
      description: spec.description ?? '',
      ownerId: spec.owner.id,
      resource: spec.resource,
      expiresAt: spec.expires_at,
    });
    reply.code(202).header('Location', `${deps.links.base}/iam/v2/api-keys/${key.id}`);
    return presentApiKey(key, deps.links, utcToday(deps.clock), secret);
  });
}
