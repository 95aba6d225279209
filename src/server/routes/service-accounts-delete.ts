import { IdParams } from '../../contract/schemas/common.js';
import { callerOf } from '../plugins/authenticate.js';
import type { App, RouteDeps } from '../app-types.js';

export function serviceAccountsDelete(app: App, deps: RouteDeps): void {
  app.delete('/iam/v2/service-accounts/:id', {
    schema: { operationId: 'deleteIamV2ServiceAccount', tags: ['Service Accounts (iam/v2)'], params: IdParams },
  }, async (request, reply) => {
    await deps.serviceAccounts.delete(callerOf(request), request.params.id);
    return reply.code(204).send();
  });
}
