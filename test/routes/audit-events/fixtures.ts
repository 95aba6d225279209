// What the audit-events route tests share: the events as stored, and their wire bodies.
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../../src/store/store.js';
import { call, createServiceAccount, type RouteContext } from '../fixtures-principals.js';

export const COLLECTION = '/keyward/v1/audit-events';

export const eventBody = (event: AuditEvent) => ({
  api_version: 'keyward/v1', kind: 'AuditEvent', id: event.id, at: event.at, actor_id: event.actorId, action: event.action,
  target_kind: event.targetKind, target_id: event.targetId, details: event.details,
});

/** Every audit event of the organization, as stored, oldest first. */
export async function storedEvents(c: RouteContext): Promise<AuditEvent[]> {
  return (await c.t.store.pageAudit({ orgId: c.orgId }, { limit: 10_000 })).items;
}

/** A service account, a key for it (whose secret is returned), a rename and a delete of the key. */
export async function someChanges(c: RouteContext): Promise<{ saId: string; keyId: string; secret: string }> {
  const sa = await createServiceAccount(c, 'robot');
  const created = await call(c, { method: 'POST', url: '/iam/v2/api-keys', payload: { spec: { display_name: 'k', owner: { id: sa.id } } } });
  assert.equal(created.statusCode, 202, created.body);
  const { id: keyId, spec: { secret } } = created.json();
  assert.equal((await call(c, { method: 'PATCH', url: `/iam/v2/api-keys/${keyId}`, payload: { spec: { display_name: 'renamed' } } })).statusCode, 200);
  assert.equal((await call(c, { method: 'DELETE', url: `/iam/v2/api-keys/${keyId}` })).statusCode, 204);
  return { saId: sa.id, keyId, secret };
}
