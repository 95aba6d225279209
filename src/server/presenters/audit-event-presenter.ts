import type { AuditEvent as AuditEventBody } from '../../contract/schemas/audit.js';
import type { AuditEvent } from '../../store/store.js';

/** An audit row on the wire (`GET /keyward/v1/audit-events`). */
export function presentAuditEvent(event: AuditEvent): AuditEventBody {
  return {
    api_version: 'keyward/v1',
    kind: 'AuditEvent',
    id: event.id,
    at: event.at,
    actor_id: event.actorId,
    action: event.action,
    target_kind: event.targetKind,
    target_id: event.targetId,
    details: event.details,
  };
}
