import { IdParams } from '../../contract/schemas/common.js';
import { ServiceAccount, ServiceAccountUpdateRequest } from '../../contract/schemas/service-account.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentServiceAccount } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function serviceAccountsUpdate(app: App, deps: RouteDeps): void {
  app.patch('/iam/v2/service-accounts/:id', {
    schema: { operationId: 'updateIamV2ServiceAccount', tags: ['Service Accounts (iam/v2)'], params: IdParams, body: ServiceAccountUpdateRequest, response: { 200: ServiceAccount } },
  }, async (request) => {
    const { display_name: displayName, description } = request.body;
    const sa = await deps.serviceAccounts.update(callerOf(request), request.params.id, {
      ...(displayName !== undefined && { displayName }),
      ...(description !== undefined && { description }),
    });
    return presentServiceAccount(sa, deps.links);
  });
}
