// The only reader of the environment and the command line. Everything is validated at start-up;
// a bad value stops keyward with a one-line reason. Precedence: flags, then env, then defaults.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { checkBootstrapCredentials, type BootstrapCredentials } from '../core/bootstrap.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Base of `metadata.self` and `related` links, without a trailing slash. */
  publicUrl: string;
  /** PostgreSQL URL; absent means embedded SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema holding keyward's tables (created if missing). */
  databaseSchema: string;
  databasePoolSize: number;
  databaseStatementTimeoutMs: number;
  bootstrap: BootstrapCredentials | undefined;
  /**
   * Hex server secret shared by every instance (hash and page-token keys derive from it); absent
   * means the one kept in `dataDir`, created at first start.
   */
  serverSecret: Buffer | undefined;
  quota: { perOrg: number; perOwner: number };
  rateLimitPerMinute: number;
  logLevel: string;
  bodyLimitBytes: number;
  /** Key verification (the management API's authentication and /keyward/v1): limits and cache. */
  verify: VerifyConfig;
  /**
   * Fastify `trustProxy`: addresses or CIDRs of proxies whose `X-Forwarded-For` names the client
   * (for per-address failure limits); absent means the peer address is the client.
   */
  trustProxy: string | undefined;
}

export interface VerifyConfig {
  /** Failed verifications allowed per key id and per source address per minute; 0 means no limit. */
  failuresPerMinute: number;
  /** Most credentials cached per instance; 0 turns the cache off. */
  cacheSize: number;
  cacheTtlMs: number;
  /** Principals besides OrganizationAdmins allowed to call `POST /keyward/v1/verify`. */
  principals: readonly string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  databasePoolSize: 10,
  databaseStatementTimeoutMs: 5000,
  databaseSchema: 'public',
  apikeysPerOrg: 10000,
  apikeysPerOwner: 1000,
  rateLimitPerMinute: 3000,
  logLevel: 'info',
  bodyLimitBytes: 64 * 1024,
  verifyFailuresPerMinute: 60,
  verifyCacheSize: 100_000,
  verifyCacheTtlSeconds: 30,
} as const;

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'public-url': { type: 'string' },
  'database-url': { type: 'string' },
  'log-level': { type: 'string' },
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv, argv: string[] = []): Readonly<Config> {
  let flags: Partial<Record<keyof typeof FLAGS, string>>;
  try {
    flags = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const pick = (flag: keyof typeof FLAGS | undefined, name: string): string | undefined => {
    const value = (flag && flags[flag]) ?? env[name];
    return value === '' ? undefined : value;
  };

  const host = pick('host', 'KEYWARD_HOST') ?? DEFAULTS.host;
  const port = integer(pick('port', 'KEYWARD_PORT'), 'port (--port / KEYWARD_PORT)', DEFAULTS.port, 0, 65535);
  const linkHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const publicUrl = url(pick('public-url', 'KEYWARD_PUBLIC_URL') ?? `http://${linkHost}:${port}`, 'KEYWARD_PUBLIC_URL', ['http:', 'https:']);
  const databaseUrl = pick('database-url', 'KEYWARD_DATABASE_URL');
  if (databaseUrl !== undefined) url(databaseUrl, 'KEYWARD_DATABASE_URL', ['postgres:', 'postgresql:']);

  const bootstrapKey = pick(undefined, 'KEYWARD_BOOTSTRAP_API_KEY');
  const bootstrapSecret = pick(undefined, 'KEYWARD_BOOTSTRAP_API_SECRET');
  if ((bootstrapKey === undefined) !== (bootstrapSecret === undefined)) {
    throw new ConfigError('KEYWARD_BOOTSTRAP_API_KEY and KEYWARD_BOOTSTRAP_API_SECRET must be set together');
  }
  const bootstrap = bootstrapKey && bootstrapSecret ? { apiKey: bootstrapKey, apiSecret: bootstrapSecret } : undefined;
  if (bootstrap) {
    try { checkBootstrapCredentials(bootstrap); } catch (err) { throw new ConfigError((err as Error).message); }
  }

  const serverSecretHex = pick(undefined, 'KEYWARD_SERVER_SECRET');
  if (serverSecretHex !== undefined && !/^[0-9a-fA-F]{64}$/.test(serverSecretHex)) {
    throw new ConfigError('KEYWARD_SERVER_SECRET must be 64 hexadecimal characters (32 random bytes)');
  }
  const databaseSchema = pick(undefined, 'KEYWARD_DATABASE_SCHEMA') ?? DEFAULTS.databaseSchema;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    throw new ConfigError(`KEYWARD_DATABASE_SCHEMA must be a lowercase SQL identifier, got '${databaseSchema}'`);
  }

  const logLevel = pick('log-level', 'KEYWARD_LOG_LEVEL') ?? DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`log level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);

  return Object.freeze({
    host,
    port,
    dataDir: resolve(pick('data-dir', 'KEYWARD_DATA_DIR') ?? DEFAULTS.dataDir),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    databaseUrl,
    databaseSchema,
    databasePoolSize: integer(env.KEYWARD_DATABASE_POOL_SIZE, 'KEYWARD_DATABASE_POOL_SIZE', DEFAULTS.databasePoolSize, 1, 1000),
    databaseStatementTimeoutMs: integer(env.KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS, 'KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS',
      DEFAULTS.databaseStatementTimeoutMs, 1, 3_600_000),
    bootstrap,
    serverSecret: serverSecretHex === undefined ? undefined : Buffer.from(serverSecretHex, 'hex'),
    quota: Object.freeze({
      perOrg: integer(env.KEYWARD_APIKEYS_PER_ORG, 'KEYWARD_APIKEYS_PER_ORG', DEFAULTS.apikeysPerOrg, 1, 100_000_000),
      perOwner: integer(env.KEYWARD_APIKEYS_PER_OWNER, 'KEYWARD_APIKEYS_PER_OWNER', DEFAULTS.apikeysPerOwner, 1, 100_000_000),
    }),
    rateLimitPerMinute: integer(env.KEYWARD_RATE_LIMIT_PER_MINUTE, 'KEYWARD_RATE_LIMIT_PER_MINUTE', DEFAULTS.rateLimitPerMinute, 1, 100_000_000),
    logLevel,
    bodyLimitBytes: DEFAULTS.bodyLimitBytes,
    verify: verifyConfig(env),
    trustProxy: pick(undefined, 'KEYWARD_TRUST_PROXY')?.trim() || undefined,
  });
}

function verifyConfig(env: NodeJS.ProcessEnv): VerifyConfig {
  const principals = (env.KEYWARD_VERIFY_PRINCIPALS ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const bad = principals.find((p) => !/^(u|sa)-[a-z0-9]+$/.test(p));
  if (bad !== undefined) throw new ConfigError(`KEYWARD_VERIFY_PRINCIPALS must list user (u-…) or service account (sa-…) ids, got '${bad}'`);
  return Object.freeze({
    failuresPerMinute: integer(env.KEYWARD_VERIFY_FAILURES_PER_MINUTE, 'KEYWARD_VERIFY_FAILURES_PER_MINUTE',
      DEFAULTS.verifyFailuresPerMinute, 0, 100_000_000),
    cacheSize: integer(env.KEYWARD_VERIFY_CACHE_SIZE, 'KEYWARD_VERIFY_CACHE_SIZE', DEFAULTS.verifyCacheSize, 0, 10_000_000),
    cacheTtlMs: 1000 * integer(env.KEYWARD_VERIFY_CACHE_TTL_SECONDS, 'KEYWARD_VERIFY_CACHE_TTL_SECONDS',
      DEFAULTS.verifyCacheTtlSeconds, 1, 3600),
    principals: Object.freeze(principals),
  });
}

function integer(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(raw: string, name: string, protocols: string[]): string {
  let parsed: URL;
  try { parsed = new URL(raw); } catch { throw new ConfigError(`${name} is not a valid URL`); }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got '${parsed.protocol}'`);
  }
  return raw;
}
