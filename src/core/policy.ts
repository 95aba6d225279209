// Who may do what. OrganizationAdmins manage everything in their organization; everyone else
// manages only their own keys and may read environments and their own user.
import type { ApiKeyRecord } from '../store/records.js';
import { ApiError } from './api-error.js';
import type { Principal } from './principal.js';

export function requireAdmin(principal: Principal, action: string): void {
  if (!principal.isAdmin) {
    throw new ApiError('user_unauthorized', `'${principal.id}' is not allowed to ${action}: it needs the OrganizationAdmin role`);
  }
}

/** A key is visible to its owner and to admins; to anyone else it does not exist. */
export function canAccessKey(principal: Principal, key: ApiKeyRecord): boolean {
  return principal.isAdmin || key.ownerId === principal.id;
}
