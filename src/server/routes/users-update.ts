import { IdParams } from '../../contract/schemas/common.js';
import { User, UserUpdateRequest } from '../../contract/schemas/user.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentUser } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function usersUpdate(app: App, deps: RouteDeps): void {
  app.patch('/iam/v2/users/:id', {
    schema: { operationId: 'updateIamV2User', tags: ['Users (iam/v2)'], params: IdParams, body: UserUpdateRequest, response: { 200: User } },
  }, async (request) => {
    const { full_name: fullName } = request.body;
    const user = await deps.users.update(callerOf(request), request.params.id, fullName !== undefined ? { fullName } : {});
    return presentUser(user, deps.links);
  });
}
