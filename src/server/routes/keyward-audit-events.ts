// `GET /keyward/v1/audit-events`: the organization's audit log, for its administrators.
import { AuditEventList, ListAuditEventsQuery } from '../../contract/schemas/audit.js';
import { callerOf } from '../plugins/authenticate.js';
import { presentAuditEvent } from '../presenters/audit-event-presenter.js';
import { listMeta } from '../presenters/list-meta.js';
import type { App, RouteDeps } from '../app-types.js';

const AUDIT_EVENTS_PATH = '/keyward/v1/audit-events';

export function keywardAuditEvents(app: App, deps: RouteDeps): void {
  app.get(AUDIT_EVENTS_PATH, {
    schema: { operationId: 'listKeywardV1AuditEvents', tags: ['Audit (keyward/v1)'], querystring: ListAuditEventsQuery, response: { 200: AuditEventList } },
  }, async (request) => {
    const { actor_id: actorId, action, target_id: targetId, order, page_size: pageSize = 10, page_token: pageToken } = request.query;
    const result = await deps.auditLog.list(callerOf(request), {
      actorId: actorId || undefined, action: action || undefined, targetId: targetId || undefined, order,
      pageSize, pageToken: pageToken || undefined,
    });
    return {
      api_version: 'keyward/v1' as const,
      kind: 'AuditEventList' as const,
      metadata: listMeta(deps.links.base, request.url, result.nextPageToken),
      data: result.items.map(presentAuditEvent),
    };
  });
}
