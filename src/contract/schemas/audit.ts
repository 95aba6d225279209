// keyward's own audit log (`GET /keyward/v1/audit-events`): not a Confluent API, so it lives under
// /keyward/v1 and says so in its api_version.
import { Type, type Static } from '@sinclair/typebox';
import { listOf, PageQuery } from './common.js';

export const AuditEvent = Type.Object({
  api_version: Type.Literal('keyward/v1'),
  kind: Type.Literal('AuditEvent'),
  /** Increases in the order the events happened. */
  id: Type.String(),
  at: Type.String(),
  /** The user or service account whose key made the change. */
  actor_id: Type.String(),
  /** e.g. `api_key.create`, `service_account.delete`, `user.update`. */
  action: Type.String(),
  target_kind: Type.String(),
  target_id: Type.String(),
  /** Names and ids of what changed; never a secret. */
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditEventList = listOf('keyward/v1', 'AuditEventList', AuditEvent);
export type AuditEventList = Static<typeof AuditEventList>;

/**
 * Each filter given must match exactly; an empty one means no filter, as in the iam/v2 lists.
 * `order` runs through the log oldest first (the default) or newest first.
 */
export const ListAuditEventsQuery = Type.Object({
  actor_id: Type.Optional(Type.String({ maxLength: 255 })),
  action: Type.Optional(Type.String({ maxLength: 255 })),
  target_id: Type.Optional(Type.String({ maxLength: 255 })),
  order: Type.Optional(Type.Union([Type.Literal('oldest_first'), Type.Literal('newest_first')])),
  ...PageQuery,
});
export type ListAuditEventsQuery = Static<typeof ListAuditEventsQuery>;
