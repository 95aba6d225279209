// Row <-> record mapping for the SQLite store: the shared mapping (../rows.ts), and the audit row,
// whose details SQLite keeps as JSON text.
import type { AuditRecord } from '../records.js';
import type { AuditRowOf } from '../rows.js';

export * from '../rows.js';

export type AuditRow = AuditRowOf<string>;

export const toAudit = (r: AuditRow): AuditRecord => ({
  orgId: r.org_id,
  actorId: r.actor_id,
  action: r.action,
  targetKind: r.target_kind,
  targetId: r.target_id,
  at: r.at,
  details: JSON.parse(r.details) as Record<string, unknown>,
});
