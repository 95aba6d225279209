// Assembles a running keyward from its configuration: store, migrations, server keys, first-start
// bootstrap, then the app. Shared by `keyward serve`, `npm start` and the tests.
import type { FastifyBaseLogger } from 'fastify';
import { bootstrap, type BootstrapOutcome } from '../core/bootstrap.js';
import { systemClock, type Clock } from '../core/clock.js';
import { SecretHasher } from '../core/key-material.js';
import { deriveServerKeys, loadOrCreateServerSecret } from '../core/server-keys.js';
import { Verifier } from '../core/verifier.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { buildApp } from './app.js';
import type { App } from './app-types.js';
import type { Config } from './config.js';

export interface Keyward {
  app: App;
  store: Store;
  /** The in-process Verifier the app authenticates with (started; closed with the app). */
  verifier: Verifier;
  bootstrap: BootstrapOutcome;
  close(): Promise<void>;
}

export interface KeywardOptions {
  logger: FastifyBaseLogger | false;
  clock?: Clock;
  /** Use this store instead of opening one from the configuration (tests). */
  store?: Store;
}

export async function startKeyward(config: Readonly<Config>, options: KeywardOptions): Promise<Keyward> {
  const store = options.store ?? openStore(config);
  const clock = options.clock ?? systemClock;
  try {
    await store.migrate();
    const serverKeys = deriveServerKeys(config.serverSecret ?? loadOrCreateServerSecret(config.dataDir));
    const hasher = new SecretHasher(serverKeys.secretHashKey);
    const outcome = await bootstrap(store, hasher, clock, config.bootstrap);
    const verifier = new Verifier(store, hasher, { clock, cacheSize: config.verify.cacheSize, cacheTtlMs: config.verify.cacheTtlMs });
    const app = await buildApp({ config, store, serverKeys, clock, organizationId: outcome.organization.id, logger: options.logger, verifier });
    return {
      app,
      store,
      verifier,
      bootstrap: outcome,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
}
