import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ApiKeyService } from '../core/api-key-service.js';
import type { AuditLogService } from '../core/audit-log-service.js';
import type { Clock } from '../core/clock.js';
import type { EnvironmentService } from '../core/environment-service.js';
import type { FailureLimiter } from '../core/failure-limiter.js';
import type { Verifier } from '../core/verifier.js';
import type { ServiceAccountService } from '../core/service-account-service.js';
import type { UserService } from '../core/user-service.js';
import type { Store } from '../store/store.js';
import type { Links } from './presenters/links.js';

/** The Fastify instance routes are registered on, typed by the TypeBox schemas. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression,
  FastifyBaseLogger, TypeBoxTypeProvider>;

/** What route handlers call: services for behaviour, links for presenting, the clock for "today". */
export interface RouteDeps {
  apiKeys: ApiKeyService;
  serviceAccounts: ServiceAccountService;
  users: UserService;
  environments: EnvironmentService;
  auditLog: AuditLogService;
  links: Links;
  clock: Clock;
  store: Store;
  /** Key verification shared by the management API's auth hook and the /keyward/v1 endpoints. */
  verification: VerificationDeps;
}

export interface VerificationDeps {
  verifier: Verifier;
  failures: FailureLimiter;
  /** Principals besides OrganizationAdmins allowed to call `POST /keyward/v1/verify`. */
  principals: ReadonlySet<string>;
}
