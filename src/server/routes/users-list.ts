import { ListUsersQuery, UserList } from '../../contract/schemas/user.js';
import { callerOf } from '../plugins/authenticate.js';
import { listMeta } from '../presenters/list-meta.js';
import { presentUser } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function usersList(app: App, deps: RouteDeps): void {
  app.get('/iam/v2/users', {
    schema: { operationId: 'listIamV2Users', tags: ['Users (iam/v2)'], querystring: ListUsersQuery, response: { 200: UserList } },
  }, async (request) => {
    const { page_size: pageSize = 10, page_token: pageToken } = request.query;
    const result = await deps.users.list(callerOf(request), { pageSize, pageToken: pageToken || undefined });
    return {
      api_version: 'iam/v2' as const,
      kind: 'UserList' as const,
      metadata: listMeta(deps.links.base, request.url, result.nextPageToken),
      data: result.items.map((user) => presentUser(user, deps.links)),
    };
  });
}
