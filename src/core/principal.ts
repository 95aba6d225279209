import type { PrincipalKind } from '../store/records.js';

/** Who is calling: the owner of the API key that authenticated the request. */
export interface Principal {
  orgId: string;
  id: string;
  kind: PrincipalKind;
  isAdmin: boolean;
  /** The API key the request authenticated with. */
  keyId: string;
}
