import { IdParams } from '../../contract/schemas/common.js';
import { callerOf } from '../plugins/authenticate.js';
import type { App, RouteDeps } from '../app-types.js';

export function environmentsDelete(app: App, deps: RouteDeps): void {
  app.delete('/org/v2/environments/:id', {
    schema: { operationId: 'deleteOrgV2Environment', tags: ['Environments (org/v2)'], params: IdParams },
  }, async (request, reply) => {
    await deps.environments.delete(callerOf(request), request.params.id);
    return reply.code(204).send();
  });
}
