import { IdParams } from '../../contract/schemas/common.js';
import { callerOf } from '../plugins/authenticate.js';
import type { App, RouteDeps } from '../app-types.js';

export function apiKeysDelete(app: App, deps: RouteDeps): void {
  app.delete('/iam/v2/api-keys/:id', {
    schema: { operationId: 'deleteIamV2ApiKey', tags: ['API Keys (iam/v2)'], params: IdParams },
  }, async (request, reply) => {
    await deps.apiKeys.delete(callerOf(request), request.params.id);
    return reply.code(204).send();
  });
}
