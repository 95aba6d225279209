import { User, UserCreateRequest } from '../../contract/schemas/user.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentUser } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

/** keyward extension (not in Confluent's API, where users arrive by invitation). */
export function usersCreate(app: App, deps: RouteDeps): void {
  app.post('/iam/v2/users', {
    schema: { operationId: 'createIamV2User', tags: ['Users (iam/v2)'], description: 'keyward extension: create a user directly', body: UserCreateRequest, response: { 201: User } },
  }, async (request, reply) => {
    const user = await deps.users.create(callerOf(request), {
      email: request.body.email,
      fullName: request.body.full_name,
      role: request.body.role ?? null,
    });
    reply.code(201).header('Location', `${deps.links.base}/iam/v2/users/${user.id}`);
    return presentUser(user, deps.links);
  });
}
