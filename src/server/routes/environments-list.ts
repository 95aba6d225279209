import { EnvironmentList, ListEnvironmentsQuery } from '../../contract/schemas/environment.js';
import { callerOf } from '../plugins/authenticate.js';
import { listMeta } from '../presenters/list-meta.js';
import { presentEnvironment } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

/** Any valid Cloud or Global key may list environments: Terraform polls here to see a new key work. */
export function environmentsList(app: App, deps: RouteDeps): void {
  app.get('/org/v2/environments', {
    schema: { operationId: 'listOrgV2Environments', tags: ['Environments (org/v2)'], querystring: ListEnvironmentsQuery, response: { 200: EnvironmentList } },
  }, async (request) => {
    const { page_size: pageSize = 10, page_token: pageToken } = request.query;
    const result = await deps.environments.list(callerOf(request), { pageSize, pageToken: pageToken || undefined });
    return {
      api_version: 'org/v2' as const,
      kind: 'EnvironmentList' as const,
      metadata: listMeta(deps.links.base, request.url, result.nextPageToken),
      data: result.items.map((env) => presentEnvironment(env, deps.links)),
    };
  });
}
