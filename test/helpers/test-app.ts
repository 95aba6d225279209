// Builds a real keyward (real store, real Fastify app) on a fresh database for one test, with an
// admin whose credentials are known and a clock the test can move.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { generateKeyId, generateSecret } from '../../src/core/key-material.js';
import type { Clock } from '../../src/core/clock.js';
import { loadConfig, type Config } from '../../src/server/config.js';
import { startKeyward, type Keyward } from '../../src/server/keyward.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './dialects.js';

export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date { return new Date(Date.now() + this.offsetMs); }
  advanceDays(days: number): void { this.offsetMs += days * 86_400_000; }
}

export interface Credentials {
  keyId: string;
  secret: string;
  /** The owner of the key. */
  principalId: string;
}

export function basicAuth(keyId: string, secret: string): string {
  return `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`;
}

export interface TestApp {
  keyward: Keyward;
  store: Store;
  db: TestDatabase;
  clock: TestClock;
  config: Readonly<Config>;
  admin: Credentials;
  /** `app.inject` with the given credentials (admin by default; `null` sends none). */
  request(options: InjectOptions & { as?: Credentials | null }): Promise<LightMyRequestResponse>;
  /** Creates a non-admin user with a Cloud key of its own. */
  createUserWithKey(name?: string, resource?: Record<string, unknown>): Promise<Credentials>;
  /** Creates a service account with a key (resource defaults to Cloud). */
  createServiceAccountWithKey(name?: string, resource?: Record<string, unknown>): Promise<Credentials>;
  /** Creates a key owned by `ownerId` through the API as admin and returns its credentials. */
  createKey(ownerId: string, spec?: Record<string, unknown>): Promise<Credentials>;
  close(): Promise<void>;
}

let counter = 0;

export async function createTestApp(dialect: Dialect, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase(dialect);
  const admin = { keyId: generateKeyId(), secret: generateSecret() };
  const config = loadConfig({
    KEYWARD_DATA_DIR: db.dataDir,
    KEYWARD_PUBLIC_URL: 'https://keyward.test',
    KEYWARD_BOOTSTRAP_API_KEY: admin.keyId,
    KEYWARD_BOOTSTRAP_API_SECRET: admin.secret,
    KEYWARD_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  const clock = new TestClock();
  const keyward = await startKeyward(config, { logger: false, clock, store: db.store });
  const adminPrincipal = (await db.store.getCredential(admin.keyId))!.key.ownerId;
  const adminCreds: Credentials = { ...admin, principalId: adminPrincipal };

  const request: TestApp['request'] = ({ as, headers, ...options }) => {
    const who = as === undefined ? adminCreds : as;
    return keyward.app.inject({
      ...options,
      headers: { ...(who && { authorization: basicAuth(who.keyId, who.secret) }), ...headers },
    });
  };

  const createKey: TestApp['createKey'] = async (ownerId, spec = {}) => {
    const res = await request({ method: 'POST', url: '/iam/v2/api-keys', payload: { spec: { owner: { id: ownerId }, ...spec } } });
    if (res.statusCode !== 202) throw new Error(`key create failed: ${res.statusCode} ${res.body}`);
    const body = res.json();
    return { keyId: body.id, secret: body.spec.secret, principalId: ownerId };
  };

  return {
    keyward, store: db.store, db, clock, config, admin: adminCreds, request, createKey,
    async createUserWithKey(name = `user${++counter}`, resource) {
      const res = await request({ method: 'POST', url: '/iam/v2/users', payload: { email: `${name}-${counter++}@example.com`, full_name: name } });
      if (res.statusCode !== 201) throw new Error(`user create failed: ${res.statusCode} ${res.body}`);
      return createKey(res.json().id, resource ? { resource } : {});
    },
    async createServiceAccountWithKey(name = `sa${++counter}`, resource) {
      const res = await request({ method: 'POST', url: '/iam/v2/service-accounts', payload: { display_name: `${name}-${counter++}` } });
      if (res.statusCode !== 201) throw new Error(`service account create failed: ${res.statusCode} ${res.body}`);
      return createKey(res.json().id, resource ? { resource } : {});
    },
    async close() {
      await keyward.app.close();
      await db.destroy();
    },
  };
}
