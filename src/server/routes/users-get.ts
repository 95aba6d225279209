import { IdParams } from '../../contract/schemas/common.js';
import { User } from '../../contract/schemas/user.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentUser } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function usersGet(app: App, deps: RouteDeps): void {
  app.get('/iam/v2/users/:id', {
    schema: { operationId: 'getIamV2User', tags: ['Users (iam/v2)'], params: IdParams, response: { 200: User } },
  }, async (request) => presentUser(await deps.users.get(callerOf(request), request.params.id), deps.links));
}
