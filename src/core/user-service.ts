import type { UserRecord } from '../store/records.js';
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

export interface CreateUserInput {
  email: string;
  fullName: string;
  role: UserRecord['role'];
}

/** Users: admins manage all of them; anyone may read (only) their own user. */
export class UserService {
  constructor(private readonly store: Store, private readonly pageTokens: PageTokens, private readonly clock: Clock,
    /** Told of every committed delete, so this process's credential cache forgets the keys at once. */
    private readonly revocations?: RevocationSink) {}

  /** keyward extension: Confluent only invites users, keyward lets an admin create them. */
  async create(caller: Principal, input: CreateUserInput): Promise<UserRecord> {
    requireAdmin(caller, 'create users');
    const now = isoNow(this.clock);
    const user: UserRecord = {
      id: newId('u'), orgId: caller.orgId, email: input.email, fullName: input.fullName, authType: 'AUTH_TYPE_LOCAL',
      role: input.role, createdAt: now, updatedAt: now, deletedAt: null,
    };
    const created = await this.store.createUser(user,
      auditOf(caller, 'user.create', 'User', user.id, now, { role: user.role }));
    if (created === 'conflict') {
      throw new ApiError('resource_already_exists', `A user with email '${input.email}' already exists`, { pointer: '/email' });
    }
    return user;
  }

  async list(caller: Principal, input: PageInput): Promise<ListResult<UserRecord>> {
    requireAdmin(caller, 'list users');
    return paginate(this.pageTokens, ['users', caller.id], input, (page) => this.store.listUsers(caller.orgId, page));
  }

  async get(caller: Principal, id: string): Promise<UserRecord> {
    if (id !== caller.id) requireAdmin(caller, 'read other users');
    const user = await this.store.getUser(caller.orgId, id);
    if (!user || user.deletedAt !== null) throw notFound('User', id);
    return user;
  }

  async update(caller: Principal, id: string, changes: { fullName?: string }): Promise<UserRecord> {
    requireAdmin(caller, 'update users');
    const current = await this.get(caller, id);
    // Nothing to change (an empty PATCH): the user as it is, with no write and no audit row.
    if (changes.fullName === undefined) return current;
    const now = isoNow(this.clock);
    const updated = await this.store.updateUser(caller.orgId, id, { ...changes, updatedAt: now },
      auditOf(caller, 'user.update', 'User', id, now, { fields: ['full_name'] }));
    if (!updated) throw notFound('User', id);
    return updated;
  }

  /** Deletes the user and, in the same transaction, every key it owns. */
  async delete(caller: Principal, id: string): Promise<void> {
    requireAdmin(caller, 'delete users');
    await this.get(caller, id);
    if (id === caller.id) {
      throw new ApiError('user_unauthorized', 'An administrator cannot delete its own user; ask another OrganizationAdmin');
    }
    const now = isoNow(this.clock);
    const deleted = await this.store.deleteUser(caller.orgId, id, now, auditOf(caller, 'user.delete', 'User', id, now));
    if (!deleted) throw notFound('User', id);
    this.revocations?.publish({ type: 'owner', id });
  }
}
