// Builds the Fastify application from its dependencies. It never listens: main.ts does that, and
// tests drive it in-process with `app.inject`.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { levels } from 'pino';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ApiKeyService } from '../core/api-key-service.js';
import { AuditLogService } from '../core/audit-log-service.js';
import type { Clock } from '../core/clock.js';
import { EnvironmentService } from '../core/environment-service.js';
import { FailureLimiter } from '../core/failure-limiter.js';
import { SecretHasher } from '../core/key-material.js';
import { PageTokens } from '../core/page-token.js';
import type { ServerKeys } from '../core/server-keys.js';
import { ServiceAccountService } from '../core/service-account-service.js';
import { UserService } from '../core/user-service.js';
import { Verifier } from '../core/verifier.js';
import type { Store } from '../store/store.js';
import type { App, RouteDeps } from './app-types.js';
import { DEFAULTS, type Config } from './config.js';
import { registerErrorHandling } from './plugins/error-handling.js';
import { managementAuth } from './plugins/management-auth.js';
import { registerNotFound } from './plugins/not-found.js';
import { lazyRequestLogger } from './plugins/request-logger.js';
import { rejectNul } from './plugins/reject-nul.js';
import { RateLimiter } from './plugins/rate-limiter.js';
import { serializerCompiler } from './plugins/serializers.js';
import { validatorCompiler } from './plugins/validators.js';
import { Links } from './presenters/links.js';
import { health } from './routes/health.js';
import { managementRoutes } from './routes/index.js';
import { authenticateEndpoint, keywardAuthenticate } from './routes/keyward-authenticate.js';
import { FastPaths } from './fast-paths.js';
import { trustedProxies } from './trusted-proxies.js';
import { keywardVerify } from './routes/keyward-verify.js';
import { verifyFastEndpoint } from './routes/keyward-verify-fast.js';

export interface AppDependencies {
  config: Pick<Config, 'publicUrl' | 'quota' | 'rateLimitPerMinute' | 'bodyLimitBytes'> & Partial<Pick<Config, 'verify' | 'trustProxy'>>;
  store: Store;
  serverKeys: ServerKeys;
  clock: Clock;
  organizationId: string;
  /** A pino logger, or false for none (tests). */
  logger: FastifyBaseLogger | false;
  /**
   * The Verifier behind authentication (made here when absent). The app starts it and closes it
   * with itself; its revocation bus is where the services announce deletes.
   */
  verifier?: Verifier;
}

/** Paths pino must never write: credentials and anything that could hold a secret. */
export const REDACTED_LOG_PATHS = ['req.headers.authorization', 'headers.authorization', 'spec.secret', 'secret', 'apiSecret', 'api_secret'];

export async function buildApp(deps: AppDependencies): Promise<App> {
  const trustProxy = deps.config.trustProxy === undefined ? undefined : trustedProxies(deps.config.trustProxy);
  const fastPaths = new FastPaths(trustProxy);
  const app = Fastify({
    serverFactory: fastPaths.serverFactory,
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    childLoggerFactory: lazyRequestLogger,
    // Ids may be up to 255 characters (Confluent's limit); the IdParams schema enforces it.
    routerOptions: { maxParamLength: 512 },
    ...(trustProxy && { trustProxy }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Unknown query parameters and body properties are ignored (Confluent's MUST IGNORE rule):
  // no schema sets additionalProperties to false.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies are accepted; anything else is 415 rather than parsed as text.
  app.removeContentTypeParser('text/plain');

  app.decorateRequest('principal', null);
  // Callback style: one promise less on every request, which the proxies' auth endpoint feels.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  registerErrorHandling(app);
  registerNotFound(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'keyward', version: '0.1.0', description: "Confluent Cloud's iam/v2 API keys, service accounts, users and org/v2 environments, self-hosted" },
      components: { securitySchemes: { 'cloud-api-key': { type: 'http', scheme: 'basic' } } },
      security: [{ 'cloud-api-key': [] }],
    },
  });

  const hasher = new SecretHasher(deps.serverKeys.secretHashKey);
  const pageTokens = new PageTokens(deps.serverKeys.pageTokenKey);
  const verify = deps.config.verify;
  const verifier = deps.verifier ?? new Verifier(deps.store, hasher, {
    clock: deps.clock, cacheSize: verify?.cacheSize, cacheTtlMs: verify?.cacheTtlMs,
  });
  const failures = new FailureLimiter(verify?.failuresPerMinute ?? DEFAULTS.verifyFailuresPerMinute);
  const revocations = verifier.revocations;
  const routeDeps: RouteDeps = {
    apiKeys: new ApiKeyService(deps.store, hasher, pageTokens, deps.clock, deps.config.quota, revocations),
    serviceAccounts: new ServiceAccountService(deps.store, pageTokens, deps.clock, revocations),
    users: new UserService(deps.store, pageTokens, deps.clock, revocations),
    environments: new EnvironmentService(deps.store, pageTokens, deps.clock),
    auditLog: new AuditLogService(deps.store, pageTokens),
    links: new Links(deps.config.publicUrl, deps.organizationId),
    clock: deps.clock,
    store: deps.store,
    verification: { verifier, failures, principals: new Set(verify?.principals ?? []) },
  };
  const rateLimiter = new RateLimiter(deps.config.rateLimitPerMinute);

  health(app, routeDeps);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  const authenticate = authenticateEndpoint(routeDeps, app.log);
  await keywardAuthenticate(app, authenticate);
  // Fastify's routes serve both when every request is to be logged (info and below).
  if (!logsEveryRequest(deps.logger)) fastPaths.enable(authenticate, verifyFastEndpoint(app, routeDeps, rateLimiter));
  await app.register(async (api) => {
    api.addHook('onRequest', managementAuth({ verifier, failures, rateLimiter }));
    api.addHook('preValidation', rejectNul);
    for (const register of managementRoutes) register(api, routeDeps);
    keywardVerify(api, routeDeps);
  });
  // Last, so that nothing after it can fail and leave the revocation feed's connection open.
  await verifier.start();
  app.addHook('onClose', async () => verifier.close());
  return app;
}

function logsEveryRequest(logger: FastifyBaseLogger | false): boolean {
  return logger !== false && (levels.values[logger.level] ?? Infinity) <= levels.values.info!;
}
