// Builds the Fastify application from its dependencies. It never listens: main.ts does that, and
// tests drive it in-process with `app.inject`.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ApiKeyService } from '../core/api-key-service.js';
import { Authenticator } from '../core/authenticator.js';
import type { Clock } from '../core/clock.js';
import { EnvironmentService } from '../core/environment-service.js';
import { SecretHasher } from '../core/key-material.js';
import { PageTokens } from '../core/page-token.js';
import type { ServerKeys } from '../core/server-keys.js';
import { ServiceAccountService } from '../core/service-account-service.js';
import { UserService } from '../core/user-service.js';
import type { Store } from '../store/store.js';
import type { App, RouteDeps } from './app-types.js';
import type { Config } from './config.js';
import { managementAuthHook } from './plugins/authenticate.js';
import { registerErrorHandling } from './plugins/error-handling.js';
import { registerNotFound } from './plugins/not-found.js';
import { RateLimiter } from './plugins/rate-limiter.js';
import { validatorCompiler } from './plugins/validators.js';
import { Links } from './presenters/links.js';
import { health } from './routes/health.js';
import { managementRoutes } from './routes/index.js';

export interface AppDependencies {
  config: Pick<Config, 'publicUrl' | 'quota' | 'rateLimitPerMinute' | 'bodyLimitBytes'>;
  store: Store;
  serverKeys: ServerKeys;
  clock: Clock;
  organizationId: string;
  /** A pino logger, or false for none (tests). */
  logger: FastifyBaseLogger | false;
}

/** Paths pino must never write: credentials and anything that could hold a secret. */
export const REDACTED_LOG_PATHS = ['req.headers.authorization', 'headers.authorization', 'spec.secret', 'secret', 'apiSecret'];

export async function buildApp(deps: AppDependencies): Promise<App> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Unknown query parameters and body properties are ignored (Confluent's MUST IGNORE rule):
  // no schema sets additionalProperties to false.
  app.setValidatorCompiler(validatorCompiler);
  // Only JSON bodies are accepted; anything else is 415 rather than parsed as text.
  app.removeContentTypeParser('text/plain');

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
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
  const routeDeps: RouteDeps = {
    apiKeys: new ApiKeyService(deps.store, hasher, pageTokens, deps.clock, deps.config.quota),
    serviceAccounts: new ServiceAccountService(deps.store, pageTokens, deps.clock),
    users: new UserService(deps.store, pageTokens, deps.clock),
    environments: new EnvironmentService(deps.store, pageTokens, deps.clock),
    links: new Links(deps.config.publicUrl, deps.organizationId),
    clock: deps.clock,
    store: deps.store,
  };
  const authenticator = new Authenticator(deps.store, hasher, deps.clock);
  const rateLimiter = new RateLimiter(deps.config.rateLimitPerMinute);

  health(app, routeDeps);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(async (api) => {
    api.addHook('onRequest', managementAuthHook(authenticator, rateLimiter));
    for (const register of managementRoutes) register(api, routeDeps);
  });
  return app;
}
