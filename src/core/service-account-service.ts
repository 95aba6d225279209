import type { ServiceAccountRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { ApiError, notFound } from './api-error.js';
import { auditOf } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { newId } from './ids.js';
import type { PageTokens } from './page-token.js';
import { paginate, type ListResult, type PageInput } from './paging.js';
import { requireAdmin } from './policy.js';
import type { Principal } from './principal.js';
import type { RevocationSink } from './revocations.js';

export interface ServiceAccountChanges {
  displayName?: string;
  description?: string;
}

function duplicateName(name: string): ApiError {
  return new ApiError('resource_already_exists', `A service account named '${name}' already exists`, { pointer: '/display_name' });
}

/** Service accounts: only OrganizationAdmins manage them. */
export class ServiceAccountService {
  constructor(private readonly store: Store, private readonly pageTokens: PageTokens, private readonly clock: Clock,
    /** Told of every committed delete, so this process's credential cache forgets the keys at once. */
    private readonly revocations?: RevocationSink) {}

  async create(caller: Principal, input: { displayName: string; description: string }): Promise<ServiceAccountRecord> {
    requireAdmin(caller, 'create service accounts');
    const now = isoNow(this.clock);
    const sa: ServiceAccountRecord = {
      id: newId('sa'), orgId: caller.orgId, displayName: input.displayName, description: input.description,
      createdAt: now, updatedAt: now, deletedAt: null,
    };
    const created = await this.store.createServiceAccount(sa,
      auditOf(caller, 'service_account.create', 'ServiceAccount', sa.id, now, { display_name: sa.displayName }));
    if (created === 'conflict') throw duplicateName(sa.displayName);
    return sa;
  }

  async list(caller: Principal, displayNames: string[] | undefined, input: PageInput): Promise<ListResult<ServiceAccountRecord>> {
    requireAdmin(caller, 'list service accounts');
    const names = displayNames?.filter((n) => n !== '');
    const scope = ['service-accounts', caller.id, ...(names ?? [])];
    return paginate(this.pageTokens, scope, input, (page) => this.store.listServiceAccounts(caller.orgId, names, page));
  }

  async get(caller: Principal, id: string): Promise<ServiceAccountRecord> {
    requireAdmin(caller, 'read service accounts');
    return this.findLive(caller, id);
  }

  async update(caller: Principal, id: string, changes: ServiceAccountChanges): Promise<ServiceAccountRecord> {
    requireAdmin(caller, 'update service accounts');
    const current = await this.findLive(caller, id);
    const fields = [...(changes.displayName !== undefined ? ['display_name'] : []), ...(changes.description !== undefined ? ['description'] : [])];
    // Nothing to change (an empty PATCH): the account as it is, with no write and no audit row.
    if (fields.length === 0) return current;
    const now = isoNow(this.clock);
    const updated = await this.store.updateServiceAccount(caller.orgId, id, { ...changes, updatedAt: now },
      auditOf(caller, 'service_account.update', 'ServiceAccount', id, now, { fields }));
    if (updated === 'conflict') throw duplicateName(changes.displayName ?? '');
    if (!updated) throw notFound('Service account', id);
    return updated;
  }

  /** Deletes the account and, in the same transaction, every key it owns. */
  async delete(caller: Principal, id: string): Promise<void> {
    requireAdmin(caller, 'delete service accounts');
    await this.findLive(caller, id);
    const now = isoNow(this.clock);
    const deleted = await this.store.deleteServiceAccount(caller.orgId, id, now,
      auditOf(caller, 'service_account.delete', 'ServiceAccount', id, now));
    if (!deleted) throw notFound('Service account', id);
    this.revocations?.publish({ type: 'owner', id });
  }

  private async findLive(caller: Principal, id: string): Promise<ServiceAccountRecord> {
    const sa = await this.store.getServiceAccount(caller.orgId, id);
    if (!sa || sa.deletedAt !== null) throw notFound('Service account', id);
    return sa;
  }
}
