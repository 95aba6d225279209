import { ApiKeyList, ListApiKeysQuery } from '../../contract/schemas/api-key.js';
import { utcToday } from '../../core/clock.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentApiKey } from '../presenters/api-key-presenter.js';
import { listMeta } from '../presenters/list-meta.js';
import type { App, RouteDeps } from '../app-types.js';

export function apiKeysList(app: App, deps: RouteDeps): void {
  app.get('/iam/v2/api-keys', {
    schema: { operationId: 'listIamV2ApiKeys', tags: ['API Keys (iam/v2)'], querystring: ListApiKeysQuery, response: { 200: ApiKeyList } },
  }, async (request) => {
    const query = request.query;
    // The CLI always sends spec.owner= and spec.resource=; empty means no filter.
    const result = await deps.apiKeys.list(callerOf(request), {
      ownerId: query['spec.owner'] || undefined,
      resourceId: query['spec.resource'] || undefined,
      showExpired: query.show_expired ?? false,
      pageSize: query.page_size ?? 10,
      pageToken: query.page_token || undefined,
    });
    const today = utcToday(deps.clock);
    return {
      api_version: 'iam/v2' as const,
      kind: 'ApiKeyList' as const,
      metadata: listMeta(deps.links.base, request.url, result.nextPageToken),
      data: result.items.map((key) => presentApiKey(key, deps.links, today)),
    };
  });
}
