import { ApiKey } from '../../contract/schemas/api-key.js';
import { IdParams } from '../../contract/schemas/common.js';
import { utcToday } from '../../core/clock.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentApiKey } from '../presenters/api-key-presenter.js';
import type { App, RouteDeps } from '../app-types.js';

export function apiKeysGet(app: App, deps: RouteDeps): void {
  app.get('/iam/v2/api-keys/:id', {
    schema: { operationId: 'getIamV2ApiKey', tags: ['API Keys (iam/v2)'], params: IdParams, response: { 200: ApiKey } },
  }, async (request) => {
    const key = await deps.apiKeys.get(callerOf(request), request.params.id);
    return presentApiKey(key, deps.links, utcToday(deps.clock));
  });
}
