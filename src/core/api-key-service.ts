import type { ApiKeyRecord } from '../store/records.js';
import type { KeyQuota, Store } from '../store/store.js';
import { ApiError, invalidField, notFound } from './api-error.js';
import { auditOf } from './audit.js';
import { isoNow, utcToday, type Clock } from './clock.js';
import { principalKindOf } from './ids.js';
import { generateKeyId, generateSecret, type SecretHasher } from './key-material.js';
import { resolveKeyResource, type ResourceInput } from './key-resources.js';
import type { PageTokens } from './page-token.js';
import { paginate, type ListResult, type PageInput } from './paging.js';
import { canAccessKey } from './policy.js';
import type { Principal } from './principal.js';
import type { RevocationSink } from './revocations.js';

export interface CreateApiKeyInput {
  displayName: string;
  description: string;
  ownerId: string;
  resource: ResourceInput | null | undefined;
  expiresAt: string | undefined;
}

export interface ListApiKeysInput extends PageInput {
  ownerId: string | undefined;
  resourceId: string | undefined;
  showExpired: boolean;
}

/** Immutable fields a client may echo back on update; each must equal the stored value. */
export interface UpdateApiKeyInput {
  displayName?: string;
  description?: string;
  immutable: {
    ownerId?: string | null;
    resourceId?: string | null;
    expiresAt?: string | null;
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class ApiKeyService {
  constructor(
    private readonly store: Store,
    private readonly hasher: SecretHasher,
    private readonly pageTokens: PageTokens,
    private readonly clock: Clock,
    private readonly quota: KeyQuota,
    /** Told of every committed delete, so this process's credential cache forgets the key at once. */
    private readonly revocations?: RevocationSink,
  ) {}

  /** Creates a key; the returned secret is the only copy that will ever exist. */
  async create(caller: Principal, input: CreateApiKeyInput): Promise<{ key: ApiKeyRecord; secret: string }> {
    const ownerKind = principalKindOf(input.ownerId);
    if (!ownerKind) {
      throw invalidField('/spec/owner/id', `Owner '${input.ownerId}' is not a user (u-…) or service account (sa-…) id`);
    }
    if (!caller.isAdmin && input.ownerId !== caller.id) {
      throw new ApiError('user_unauthorized', `'${caller.id}' may create API keys only for itself`);
    }
    const resource = resolveKeyResource(input.resource);
    const expiresAt = input.expiresAt === undefined ? null : this.checkExpiry(input.expiresAt);

    const secret = generateSecret();
    const now = isoNow(this.clock);
    const key: ApiKeyRecord = {
      id: generateKeyId(),
      orgId: caller.orgId,
      secretHash: this.hasher.hash(secret),
      displayName: input.displayName,
      description: input.description,
      ownerId: input.ownerId,
      ownerKind,
      resource,
      expiresAt,
      createdBy: caller.id,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    const audit = auditOf(caller, 'api_key.create', 'ApiKey', key.id, now,
      { owner: key.ownerId, resource: resource.id, expires_at: expiresAt });
    const result = await this.store.createApiKey(key, this.quota, audit);
    if (!result.ok && 'missing' in result) {
      // Checked by the store inside the insert's transaction (not before it, where a delete could
      // still slip in between), with the owner first and the quotas last.
      throw result.missing === 'owner'
        ? invalidField('/spec/owner/id', `Owner '${input.ownerId}' does not exist in this organization`)
        : invalidField('/spec/resource/environment', `Environment '${resource.environment}' does not exist in this organization`);
    }
    if (!result.ok) {
      const scope = result.quota === 'apikeys_per_org' ? 'organization' : `owner '${key.ownerId}'`;
      throw new ApiError('quota_exceeded',
        `The number of API keys for the ${scope} (${result.quota}) is currently limited to ${result.limit}`);
    }
    return { key, secret };
  }

  async list(caller: Principal, input: ListApiKeysInput): Promise<ListResult<ApiKeyRecord>> {
    const resourceId = input.resourceId ? canonicalResourceId(input.resourceId) : undefined;
    const scope = ['api-keys', caller.id, input.ownerId ?? '', resourceId ?? '', input.showExpired];
    // Non-admins see only their own keys; asking for someone else's is an empty list, not an error.
    let ownerIds: string[] | undefined = input.ownerId ? [input.ownerId] : undefined;
    if (!caller.isAdmin) {
      if (input.ownerId && input.ownerId !== caller.id) return { items: [], nextPageToken: undefined };
      ownerIds = [caller.id];
    }
    const filter = { orgId: caller.orgId, ownerIds, resourceId, showExpired: input.showExpired, today: utcToday(this.clock) };
    return paginate(this.pageTokens, scope, input, (page) => this.store.listApiKeys(filter, page));
  }

  async get(caller: Principal, id: string): Promise<ApiKeyRecord> {
    const key = await this.store.getApiKey(caller.orgId, id);
    if (!key || key.deletedAt !== null || !canAccessKey(caller, key)) throw notFound('API key', id);
    return key;
  }

  async update(caller: Principal, id: string, input: UpdateApiKeyInput): Promise<ApiKeyRecord> {
    const current = await this.get(caller, id);
    checkUnchanged('/spec/owner', input.immutable.ownerId, current.ownerId);
    checkUnchanged('/spec/resource', input.immutable.resourceId, current.resource.id, canonicalResourceId);
    checkUnchanged('/spec/expires_at', input.immutable.expiresAt, current.expiresAt);
    const changed = Object.keys({ ...(input.displayName !== undefined && { display_name: 1 }),
      ...(input.description !== undefined && { description: 1 }) });
    // Nothing to change (an empty PATCH): the key as it is, with no write and no audit row.
    if (changed.length === 0) return current;
    const now = isoNow(this.clock);
    const updated = await this.store.updateApiKey(caller.orgId, id,
      { displayName: input.displayName, description: input.description, updatedAt: now },
      auditOf(caller, 'api_key.update', 'ApiKey', id, now, { fields: changed }));
    if (!updated) throw notFound('API key', id);
    return updated;
  }

  async delete(caller: Principal, id: string): Promise<void> {
    await this.get(caller, id);
    const now = isoNow(this.clock);
    const deleted = await this.store.deleteApiKey(caller.orgId, id, now, auditOf(caller, 'api_key.delete', 'ApiKey', id, now));
    if (!deleted) throw notFound('API key', id);
    this.revocations?.publish({ type: 'api_key', id });
  }

  private checkExpiry(value: string): string {
    const match = DATE.exec(value);
    const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      throw invalidField('/spec/expires_at', `expires_at '${value}' is not a date of the form YYYY-MM-DD`);
    }
    const today = utcToday(this.clock);
    if (value < today) {
      throw invalidField('/spec/expires_at', `expires_at '${value}' is in the past; the earliest allowed is today (${today})`);
    }
    return value;
  }
}

/** `cloud`, `global` and `tableflow` are case-insensitive; cluster and region ids are not. */
export function canonicalResourceId(id: string): string {
  const lower = id.toLowerCase();
  return lower === 'cloud' || lower === 'global' || lower === 'tableflow' ? lower : id;
}

function checkUnchanged(pointer: string, sent: string | null | undefined, current: string | null,
  normalise: (v: string) => string = (v) => v): void {
  if (sent === undefined) return;
  const same = sent === null ? current === null : current !== null && normalise(sent) === current;
  if (!same) throw invalidField(pointer, `${pointer.slice(1).replace('/', '.')} cannot be changed after the key is created`);
}
