// The audit log as the organization's administrators read it: every change keyward made, who made
// it and when, oldest or newest first, optionally only one actor's, one action's or one
// target's. Rows carry names and ids, never secrets (audit.ts).
import type { AuditEvent, AuditOrder, Store } from '../store/store.js';
import type { PageTokens } from './page-token.js';
import { paginate, type ListResult, type PageInput } from './paging.js';
import { requireAdmin } from './policy.js';
import type { Principal } from './principal.js';

export interface ListAuditInput extends PageInput {
  actorId?: string;
  action?: string;
  targetId?: string;
  /** Default oldest first. */
  order?: AuditOrder;
}

export class AuditLogService {
  constructor(private readonly store: Store, private readonly pageTokens: PageTokens) {}

  async list(caller: Principal, input: ListAuditInput): Promise<ListResult<AuditEvent>> {
    requireAdmin(caller, 'read the audit log');
    const { actorId, action, targetId, order = 'oldest_first' } = input;
    // A page token is good only for the listing that issued it: same caller, same filters, same
    // order (the id it carries is where that listing stopped, in its direction).
    const scope = ['audit', caller.id, actorId ?? '', action ?? '', targetId ?? '', order];
    return paginate(this.pageTokens, scope, input, (page) =>
      this.store.pageAudit({ orgId: caller.orgId, actorId, action, targetId }, page, order));
  }
}
