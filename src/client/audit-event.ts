// keyward/v1 audit events have no model class: their wire types come straight from the schemas
// (type imports only, so the SDK never loads TypeBox at run time), as environments' do.
import type { AuditEvent as AuditEventSchema, AuditEventList as AuditEventListSchema } from '../contract/schemas/audit.js';
import { asPlainList, isObject } from './plain-bodies.js';

/** One change keyward made (snake_case wire form). @example for await (const e of client.listAllKeywardV1AuditEvents()) console.log(e.action, e.target_id); */
export type AuditEvent = AuditEventSchema;
/** One page of audit events. @example const page: AuditEventList = await client.listKeywardV1AuditEvents({ targetId: 'ABCDEF0123456789' }); */
export type AuditEventList = AuditEventListSchema;

/**
 * Checks the few things code relies on (an object with an `id` and an `action`; a list with
 * `data` and `metadata`), since there is no model class to parse with.
 * @example const event = asAuditEvent(body);
 */
export function asAuditEvent(body: unknown): AuditEvent {
  if (!isObject(body) || typeof body.id !== 'string' || typeof body.action !== 'string') {
    throw new TypeError('expected an AuditEvent object with an id and an action');
  }
  return body as unknown as AuditEvent;
}

/** @see asAuditEvent @example const page = asAuditEventList(body); */
export function asAuditEventList(body: unknown): AuditEventList {
  return asPlainList<AuditEventList>(body, 'AuditEventList', asAuditEvent);
}
