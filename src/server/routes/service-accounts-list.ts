import { ListServiceAccountsQuery, ServiceAccountList } from '../../contract/schemas/service-account.js';
import { callerOf } from '../plugins/authenticate.js';
import { listMeta } from '../presenters/list-meta.js';
import { presentServiceAccount } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function serviceAccountsList(app: App, deps: RouteDeps): void {
  app.get('/iam/v2/service-accounts', {
    schema: { operationId: 'listIamV2ServiceAccounts', tags: ['Service Accounts (iam/v2)'], querystring: ListServiceAccountsQuery, response: { 200: ServiceAccountList } },
  }, async (request) => {
    const { display_name: displayNames, page_size: pageSize = 10, page_token: pageToken } = request.query;
    const result = await deps.serviceAccounts.list(callerOf(request), displayNames, { pageSize, pageToken: pageToken || undefined });
    return {
      api_version: 'iam/v2' as const,
      kind: 'ServiceAccountList' as const,
      metadata: listMeta(deps.links.base, request.url, result.nextPageToken),
      data: result.items.map((sa) => presentServiceAccount(sa, deps.links)),
    };
  });
}
