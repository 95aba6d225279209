import { IdParams } from '../../contract/schemas/common.js';
import { Environment, EnvironmentUpdateRequest } from '../../contract/schemas/environment.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentEnvironment } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function environmentsUpdate(app: App, deps: RouteDeps): void {
  app.patch('/org/v2/environments/:id', {
    schema: { operationId: 'updateOrgV2Environment', tags: ['Environments (org/v2)'], params: IdParams, body: EnvironmentUpdateRequest, response: { 200: Environment } },
  }, async (request) => {
    const { display_name: displayName, stream_governance_config: governance } = request.body;
    const env = await deps.environments.update(callerOf(request), request.params.id, {
      ...(displayName !== undefined && { displayName }),
      ...(governance !== undefined && { streamGovernancePackage: governance.package }),
    });
    return presentEnvironment(env, deps.links);
  });
}
