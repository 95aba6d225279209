import { Environment, EnvironmentCreateRequest } from '../../contract/schemas/environment.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentEnvironment } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function environmentsCreate(app: App, deps: RouteDeps): void {
  app.post('/org/v2/environments', {
    schema: { operationId: 'createOrgV2Environment', tags: ['Environments (org/v2)'], body: EnvironmentCreateRequest, response: { 201: Environment } },
  }, async (request, reply) => {
    const env = await deps.environments.create(callerOf(request), {
      displayName: request.body.display_name,
      streamGovernancePackage: request.body.stream_governance_config?.package ?? null,
    });
    reply.code(201).header('Location', `${deps.links.base}/org/v2/environments/${env.id}`);
    return presentEnvironment(env, deps.links);
  });
}
