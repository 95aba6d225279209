// Checks a secret against the credential the Verifier found for its key id (or found none for).
// Every failure costs the same work (a fingerprint and an HMAC, see SecretHasher.verifyRemembered),
// so unknown ids and wrong secrets cannot be told apart by timing.
import type { ApiKeyRecord, CredentialRecord } from '../store/records.js';
import { isExpired, utcToday, type Clock } from './clock.js';
import type { SecretHasher, SeenSecret } from './key-material.js';
import type { Principal } from './principal.js';

export type AuthFailure = 'unknown_key' | 'wrong_secret' | 'expired' | 'owner_deleted';

export type AuthResult =
  | { ok: true; principal: Principal; key: ApiKeyRecord }
  /** `key` only when the secret was right (expired, owner deleted): the caller proved it holds the key. */
  | { ok: false; reason: AuthFailure; key?: ApiKeyRecord };

export class Authenticator {
  constructor(
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
  ) {}

  /** `seen`: kept beside the credential while it is cached, so that a secret seen before is checked sooner. */
  check(credential: CredentialRecord | undefined, secret: string, seen: SeenSecret = { verifiedFingerprint: undefined }): AuthResult {
    // A key deleted on its own is unknown from then on; one deleted together with its owner still
    // lets the holder of its secret learn why it stopped working (owner_deleted).
    const candidate = credential && (credential.key.deletedAt === null || !credential.ownerLive) ? credential : undefined;
    const secretMatches = this.hasher.verifyRemembered(secret, candidate?.key.secretHash, seen);
    if (!candidate) return { ok: false, reason: 'unknown_key' };
    if (!secretMatches) return { ok: false, reason: candidate.key.deletedAt === null ? 'wrong_secret' : 'unknown_key' };
    const { key } = candidate;
    if (!candidate.ownerLive) return { ok: false, reason: 'owner_deleted', key };
    // Most keys never expire: today's date (a clock reading) is only needed for those that do.
    if (key.expiresAt !== null && isExpired(key.expiresAt, utcToday(this.clock))) return { ok: false, reason: 'expired', key };
    const principal: Principal = {
      orgId: key.orgId,
      id: key.ownerId,
      kind: key.ownerKind,
      isAdmin: candidate.ownerRole === 'OrganizationAdmin',
      keyId: key.id,
    };
    return { ok: true, principal, key };
  }
}
