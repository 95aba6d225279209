import { IdParams } from '../../contract/schemas/common.js';
import { ServiceAccount } from '../../contract/schemas/service-account.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentServiceAccount } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function serviceAccountsGet(app: App, deps: RouteDeps): void {
  app.get('/iam/v2/service-accounts/:id', {
    schema: { operationId: 'getIamV2ServiceAccount', tags: ['Service Accounts (iam/v2)'], params: IdParams, response: { 200: ServiceAccount } },
  }, async (request) => presentServiceAccount(await deps.serviceAccounts.get(callerOf(request), request.params.id), deps.links));
}
