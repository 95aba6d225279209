// `POST /keyward/v1/verify`: for services that verify a key on a client's behalf. The caller
// authenticates like any management call and must be an OrganizationAdmin or listed in
// KEYWARD_VERIFY_PRINCIPALS. The answer is the Verifier's, as JSON; the secret is never echoed
// (the response schema has no field for it). Failures count against the verified key id and,
// when the caller says who its client is (`client_address`), against that address; the caller's
// own address is not used, or its clients' failures would lock the caller out.
//
// Node's HTTP server answers the usual request itself (keyward-verify-fast.ts); the route below
// serves the rest. Both end in verifyOnBehalf().
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../core/api-error.js';
import type { Principal } from '../../core/principal.js';
import { MANAGEMENT_RESOURCE, type Verification } from '../../core/verifier.js';
import type { App, RouteDeps, VerificationDeps } from '../app-types.js';
import { callerOf } from '../plugins/authenticate.js';
import { andThen, sourceAddress, verifyWithinBudget, type GuardedVerification } from '../plugins/verification-guard.js';

export const VERIFY_PATH = '/keyward/v1/verify';

export const VerifyRequest = Type.Object({
  api_key: Type.String({ minLength: 1, maxLength: 256 }),
  api_secret: Type.String({ minLength: 1, maxLength: 1024 }),
  resource: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "Resource id accessed; default 'cloud' (the management API)" })),
  client_address: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "The client's address, for per-address failure limits" })),
});

const Reference = Type.Object({ id: Type.String(), kind: Type.String() });

export const VerifyResponse = Type.Object({
  valid: Type.Boolean(),
  reason: Type.Optional(Type.Union(['unknown_key', 'wrong_secret', 'expired', 'wrong_resource', 'owner_deleted'].map((r) => Type.Literal(r)))),
  key_id: Type.String(),
  /** Present only when the secret was right. */
  owner: Type.Optional(Reference),
  resource: Type.Optional(Type.Object({ id: Type.String(), kind: Type.String(), environment: Type.Optional(Type.String()) })),
  expires_at: Type.Optional(Type.String({ format: 'date' })),
});
type VerifyResponse = Static<typeof VerifyResponse>;
export type VerifyRequest = Static<typeof VerifyRequest>;

/** The answer for a caller already admitted to the management API: the 200 body or a refusal. */
export type VerifyOutcome =
  | { body: VerifyResponse; refused?: undefined }
  | { refused: ApiError; headers: Record<string, number> };

export function keywardVerify(app: App, deps: RouteDeps): void {
  app.post(VERIFY_PATH, {
    schema: { operationId: 'verifyKeywardV1ApiKey', tags: ['Verification (keyward/v1)'], body: VerifyRequest, response: { 200: VerifyResponse } },
  }, async (request, reply) => {
    const outcome = await verifyOnBehalf(deps.verification, callerOf(request), request.body);
    if (outcome.refused) {
      reply.headers(outcome.headers);
      throw outcome.refused;
    }
    return outcome.body;
  });
}

/** Synchronous when the credential cache can answer, as on the authenticate endpoint. */
export function verifyOnBehalf(verification: VerificationDeps, caller: Principal, request: VerifyRequest): VerifyOutcome | Promise<VerifyOutcome> {
  const { verifier, failures, principals } = verification;
  if (!caller.isAdmin && !principals.has(caller.id)) {
    const refused = new ApiError('user_unauthorized', `'${caller.id}' may not verify API keys: it needs the OrganizationAdmin role or a verification grant`);
    return { refused, headers: {} };
  }
  const { api_key: keyId, api_secret: secret, resource, client_address: client } = request;
  const guarded = verifyWithinBudget(verifier, failures, { keyId, secret }, resource ?? MANAGEMENT_RESOURCE, sourceAddress(client));
  return andThen(guarded, (answer: GuardedVerification): VerifyOutcome =>
    answer.refused ? answer : { body: presentVerification(answer.verification) });
}

export function presentVerification(answer: Verification): VerifyResponse {
  const body: VerifyResponse = { valid: answer.valid, ...(!answer.valid && { reason: answer.reason }), key_id: answer.keyId };
  if ('owner' in answer) {
    body.owner = { id: answer.owner.id, kind: answer.owner.kind };
    const { id, kind, environment } = answer.resource;
    body.resource = { id, kind, ...(environment !== null && { environment }) };
    if (answer.expiresAt !== null) body.expires_at = answer.expiresAt;
  }
  return body;
}
