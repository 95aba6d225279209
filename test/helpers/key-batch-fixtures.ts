// Records and seeding shared by the stores' batched-write suites (SQLite group commit, PostgreSQL
// key batches): one organization with an admin, two service accounts, and keys numbered K000….
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ApiKeyRecord, AuditRecord, CreateKeyResult, KeyQuota, ServiceAccountRecord, Store } from '../../src/store/store.js';

export const ORG = 'org-acme';
export const T0 = '2025-03-01T10:00:00.000Z';
export const roomy: KeyQuota = { perOrg: 100_000, perOwner: 100_000 };
export const ok: CreateKeyResult = { ok: true };

export const keyId = (n: number) => `K${String(n).padStart(15, '0')}`;

export const apiKey = (id: string, ownerId: string, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id, orgId: ORG, secretHash: createHash('sha256').update(id).digest(), displayName: `key ${id}`, description: '',
  ownerId, ownerKind: ownerId.startsWith('sa-') ? 'ServiceAccount' : 'User',
  resource: { id: 'cloud', kind: 'Cloud', apiVersion: 'iam/v2', environment: null },
  expiresAt: null, createdBy: 'u-admin', createdAt: T0, updatedAt: T0, deletedAt: null, ...over,
});

export const serviceAccount = (id: string, displayName = `name-${id}`): ServiceAccountRecord => ({
  id, orgId: ORG, displayName, description: '', createdAt: T0, updatedAt: T0, deletedAt: null,
});

export const audit = (action: string, targetId: string): AuditRecord => ({
  orgId: ORG, actorId: 'u-admin', action, targetKind: action.split('.')[0] ?? '', targetId, at: T0, details: {},
});

export const createKey = (store: Store, id: string, ownerId: string, quota = roomy, over: Partial<ApiKeyRecord> = {}) =>
  store.createApiKey(apiKey(id, ownerId, over), quota, audit('api_key.create', id));

/** Bootstraps the organization (its admin key counts towards the org quota) and service accounts sa-1 and sa-2. */
export async function seedOrganization(store: Store): Promise<void> {
  assert.equal(await store.bootstrap({
    organization: { id: ORG, displayName: 'Acme', createdAt: T0 },
    admin: { id: 'u-admin', orgId: ORG, email: 'admin@example.com', fullName: 'Admin', authType: 'AUTH_TYPE_LOCAL',
      role: 'OrganizationAdmin', createdAt: T0, updatedAt: T0, deletedAt: null },
    adminKey: apiKey('ADMINKEY00000000', 'u-admin'),
    defaultEnvironment: { id: 'env-default', orgId: ORG, displayName: 'default', streamGovernancePackage: null,
      createdAt: T0, updatedAt: T0, deletedAt: null },
  }, audit('organization.bootstrap', ORG)), true);
  assert.equal(await store.createServiceAccount(serviceAccount('sa-1'), audit('service_account.create', 'sa-1')), true);
  assert.equal(await store.createServiceAccount(serviceAccount('sa-2'), audit('service_account.create', 'sa-2')), true);
}
