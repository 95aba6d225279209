import { IdParams } from '../../contract/schemas/common.js';
import { callerOf } from '../plugins/authenticate.js';
import type { App, RouteDeps } from '../app-types.js';

export function usersDelete(app: App, deps: RouteDeps): void {
  app.delete('/iam/v2/users/:id', {
    schema: { operationId: 'deleteIamV2User', tags: ['Users (iam/v2)'], params: IdParams },
  }, async (request, reply) => {
    await deps.users.delete(callerOf(request), request.params.id);
    return reply.code(204).send();
  });
}
