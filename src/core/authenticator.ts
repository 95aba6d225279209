// Checks an API key id and secret against the store. Every outcome costs one store read and one
// HMAC, so unknown ids and wrong secrets cannot be told apart by timing.
import type { ApiKeyRecord, CredentialRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { isExpired, utcToday, type Clock } from './clock.js';
import { KEY_ID_PATTERN, type SecretHasher } from './key-material.js';
import type { Principal } from './principal.js';

export type AuthFailure = 'unknown_key' | 'wrong_secret' | 'expired' | 'owner_deleted';

export type AuthResult =
  | { ok: true; principal: Principal; key: ApiKeyRecord }
  | { ok: false; reason: AuthFailure };

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
  ) {}

  async authenticate(keyId: string, secret: string): Promise<AuthResult> {
    const credential = KEY_ID_PATTERN.test(keyId) ? await this.store.getCredential(keyId) : undefined;
    return this.check(credential, secret);
  }

  check(credential: CredentialRecord | undefined, secret: string): AuthResult {
    const live = credential && credential.key.deletedAt === null ? credential : undefined;
    const secretMatches = this.hasher.verify(secret, live?.key.secretHash);
    if (!live) return { ok: false, reason: 'unknown_key' };
    if (!secretMatches) return { ok: false, reason: 'wrong_secret' };
    if (!live.ownerLive) return { ok: false, reason: 'owner_deleted' };
    const { key } = live;
    if (isExpired(key.expiresAt, utcToday(this.clock))) return { ok: false, reason: 'expired' };
    const principal: Principal = {
      orgId: key.orgId,
      id: key.ownerId,
      kind: key.ownerKind,
      isAdmin: live.ownerRole === 'OrganizationAdmin',
      keyId: key.id,
    };
    return { ok: true, principal, key };
  }
}
