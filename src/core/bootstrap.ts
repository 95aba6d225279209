// First start: one organization, its OrganizationAdmin, a Cloud key for that admin and a default
// environment, written in one transaction so that concurrent first starts create exactly one.
import { randomUUID } from 'node:crypto';
import type { ApiKeyRecord, EnvironmentRecord, OrganizationRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { isoNow, type Clock } from './clock.js';
import { newId } from './ids.js';
import { generateKeyId, generateSecret, isWellFormedSecret, KEY_ID_PATTERN, type SecretHasher } from './key-material.js';
import { CLOUD_RESOURCE } from './key-resources.js';

export interface BootstrapCredentials {
  apiKey: string;
  apiSecret: string;
}

export type BootstrapOutcome =
  /** This start created the organization; `generated` is set when keyward made the secret up. */
  | { created: true; organization: OrganizationRecord; adminKeyId: string; generated?: BootstrapCredentials }
  | { created: false; organization: OrganizationRecord; warning?: string };

/** Throws when configured bootstrap credentials are malformed, before anything is written. */
export function checkBootstrapCredentials(creds: BootstrapCredentials): void {
  if (!KEY_ID_PATTERN.test(creds.apiKey)) {
    throw new Error('KEYWARD_BOOTSTRAP_API_KEY must be 16 characters of A-Z and 0-9');
  }
  if (!isWellFormedSecret(creds.apiSecret)) {
    throw new Error('KEYWARD_BOOTSTRAP_API_SECRET must be 64 characters in a Confluent secret format (cflt… with a valid checksum, or 64 of A-Za-z0-9+/)');
  }
}

export async function bootstrap(store: Store, hasher: SecretHasher, clock: Clock,
  configured: BootstrapCredentials | undefined): Promise<BootstrapOutcome> {
  const existing = await store.getOrganization();
  if (existing) return { created: false, organization: existing, warning: await staleCredentialsWarning(store, hasher, configured) };

  const now = isoNow(clock);
  const organization: OrganizationRecord = { id: randomUUID(), displayName: 'keyward', createdAt: now };
  const admin: UserRecord = {
    id: newId('u'), orgId: organization.id, email: 'admin@keyward.local', fullName: 'keyward administrator',
    authType: 'AUTH_TYPE_LOCAL', role: 'OrganizationAdmin', createdAt: now, updatedAt: now, deletedAt: null,
  };
  const credentials = configured ?? { apiKey: generateKeyId(), apiSecret: generateSecret() };
  const adminKey: ApiKeyRecord = {
    id: credentials.apiKey, orgId: organization.id, secretHash: hasher.hash(credentials.apiSecret),
    displayName: 'bootstrap admin key', description: 'Created at first start', ownerId: admin.id, ownerKind: 'User',
    resource: CLOUD_RESOURCE, expiresAt: null, createdBy: admin.id, createdAt: now, updatedAt: now, deletedAt: null,
  };
  const defaultEnvironment: EnvironmentRecord = {
    id: newId('env'), orgId: organization.id, displayName: 'default', streamGovernancePackage: null,
    createdAt: now, updatedAt: now, deletedAt: null,
  };
  const wrote = await store.bootstrap({ organization, admin, adminKey, defaultEnvironment }, {
    orgId: organization.id, actorId: admin.id, action: 'organization.bootstrap', targetKind: 'Organization',
    targetId: organization.id, at: now, details: { admin: admin.id, admin_key: adminKey.id, default_environment: defaultEnvironment.id },
  });
  if (!wrote) return bootstrap(store, hasher, clock, configured);
  return { created: true, organization, adminKeyId: adminKey.id, ...(configured ? {} : { generated: credentials }) };
}

async function staleCredentialsWarning(store: Store, hasher: SecretHasher,
  configured: BootstrapCredentials | undefined): Promise<string | undefined> {
  if (!configured) return undefined;
  const credential = await store.getCredential(configured.apiKey);
  const usable = credential && credential.key.deletedAt === null && hasher.verify(configured.apiSecret, credential.key.secretHash);
  return usable ? undefined
    : 'KEYWARD_BOOTSTRAP_API_KEY/SECRET do not match a live key in this data; they were ignored (bootstrap runs only on first start)';
}
