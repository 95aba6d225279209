import type { AuditRecord } from '../store/records.js';
import type { Principal } from './principal.js';

/** An audit row for a change made by `actor`. Callers pass only names and ids, never secrets. */
export function auditOf(actor: Principal, action: string, targetKind: string, targetId: string, at: string,
  details: Record<string, unknown> = {}): AuditRecord {
  return { orgId: actor.orgId, actorId: actor.id, action, targetKind, targetId, at, details };
}
