import { IdParams } from '../../contract/schemas/common.js';
import { Environment } from '../../contract/schemas/environment.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentEnvironment } from '../presenters/principal-presenters.js';
import type { App, RouteDeps } from '../app-types.js';

export function environmentsGet(app: App, deps: RouteDeps): void {
  app.get('/org/v2/environments/:id', {
    schema: { operationId: 'getOrgV2Environment', tags: ['Environments (org/v2)'], params: IdParams, response: { 200: Environment } },
  }, async (request) => presentEnvironment(await deps.environments.get(callerOf(request), request.params.id), deps.links));
}
