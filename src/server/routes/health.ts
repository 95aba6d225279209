import type { App, RouteDeps } from '../app-types.js';
import { ApiError } from '../../core/api-error.js';

/** `/healthz`: the process answers. `/readyz`: the database answers too (503 otherwise). */
export function health(app: App, deps: RouteDeps): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async () => {
    try {
      await deps.store.ping();
    } catch {
      throw new ApiError('service_unavailable', 'The database is unreachable');
    }
    return { status: 'ready' };
  });
}
