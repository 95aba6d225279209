import { ServiceAccount, ServiceAccountCreateRequest } from '../../contract/schemas/service-account.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentServiceAccount } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function serviceAccountsCreate(app: App, deps: RouteDeps): void {
  app.post('/iam/v2/service-accounts', {
    schema: { operationId: 'createIamV2ServiceAccount', tags: ['Service Accounts (iam/v2)'], body: ServiceAccountCreateRequest, response: { 201: ServiceAccount } },
  }, async (request, reply) => {
    const sa = await deps.serviceAccounts.create(callerOf(request), {
      displayName: request.body.display_name,
      description: request.body.description ?? '',
    });
    reply.code(201).header('Location', `${deps.links.base}/iam/v2/service-accounts/${sa.id}`);
    return presentServiceAccount(sa, deps.links);
  });
}
