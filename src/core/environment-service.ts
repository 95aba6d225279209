import type { EnvironmentRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { ApiError, invalidField, notFound } from './api-error.js';
import { auditOf } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { newId } from './ids.js';
import type { PageTokens } from './page-token.js';
import { paginate, type ListResult, type PageInput } from './paging.js';
import { requireAdmin } from './policy.js';
import type { Principal } from './principal.js';

function duplicateName(name: string): ApiError {
  return new ApiError('resource_already_exists', `An environment named '${name}' already exists`, { pointer: '/display_name' });
}

/** Environments scope cluster keys. Anyone may read them; only admins change them. */
export class EnvironmentService {
  constructor(private readonly store: Store, private readonly pageTokens: PageTokens, private readonly clock: Clock) {}

  async create(caller: Principal, input: { displayName: string; streamGovernancePackage: string | null }): Promise<EnvironmentRecord> {
    requireAdmin(caller, 'create environments');
    const now = isoNow(this.clock);
    const env: EnvironmentRecord = {
      id: newId('env'), orgId: caller.orgId, displayName: input.displayName,
      streamGovernancePackage: input.streamGovernancePackage, createdAt: now, updatedAt: now, deletedAt: null,
    };
    const created = await this.store.createEnvironment(env,
      auditOf(caller, 'environment.create', 'Environment', env.id, now, { display_name: env.displayName }));
    if (created === 'conflict') throw duplicateName(env.displayName);
    return env;
  }

  async list(caller: Principal, input: PageInput): Promise<ListResult<EnvironmentRecord>> {
    return paginate(this.pageTokens, ['environments', caller.id], input, (page) => this.store.listEnvironments(caller.orgId, page));
  }

  async get(caller: Principal, id: string): Promise<EnvironmentRecord> {
    const env = await this.store.getEnvironment(caller.orgId, id);
    if (!env || env.deletedAt !== null) throw notFound('Environment', id);
    return env;
  }

  async update(caller: Principal, id: string, changes: { displayName?: string; streamGovernancePackage?: string }): Promise<EnvironmentRecord> {
    requireAdmin(caller, 'update environments');
    const current = await this.get(caller, id);
    if (changes.streamGovernancePackage !== undefined && changes.streamGovernancePackage !== current.streamGovernancePackage) {
      throw invalidField('/stream_governance_config/package', 'keyward does not change the Stream Governance package of an environment');
    }
    // Nothing to change (an empty PATCH, or only the package it has): no write and no audit row.
    if (changes.displayName === undefined) return current;
    const now = isoNow(this.clock);
    const updated = await this.store.updateEnvironment(caller.orgId, id,
      { displayName: changes.displayName, updatedAt: now },
      auditOf(caller, 'environment.update', 'Environment', id, now, { display_name: changes.displayName }));
    if (updated === 'conflict') throw duplicateName(changes.displayName ?? '');
    if (!updated) throw notFound('Environment', id);
    return updated;
  }

  async delete(caller: Principal, id: string): Promise<void> {
    requireAdmin(caller, 'delete environments');
    await this.get(caller, id);
    const now = isoNow(this.clock);
    const deleted = await this.store.deleteEnvironment(caller.orgId, id, now,
      auditOf(caller, 'environment.delete', 'Environment', id, now));
    if (deleted === 'in_use') {
      throw new ApiError('resource_in_use', `Environment '${id}' is still referenced by API keys; delete them first`);
    }
    if (!deleted) throw notFound('Environment', id);
  }
}
