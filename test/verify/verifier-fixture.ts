// A keyward on a fresh SQLite store, plus what it takes to build more Verifiers on that store.
import { SecretHasher } from '../../src/core/key-material.js';
import { deriveServerKeys, loadOrCreateServerSecret } from '../../src/core/server-keys.js';
import { Verifier, type VerifierOptions } from '../../src/core/verifier.js';
import type { Store } from '../../src/store/store.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

export interface VerifierFixture {
  t: TestApp;
  hasher: SecretHasher;
  /** A started Verifier on the app's store (closed by `close`). */
  verifier(options?: VerifierOptions, store?: Store): Promise<Verifier>;
  close(): Promise<void>;
}

export async function verifierFixture(env: Record<string, string> = {}): Promise<VerifierFixture> {
  const t = await createTestApp('sqlite', env);
  const hasher = new SecretHasher(deriveServerKeys(loadOrCreateServerSecret(t.config.dataDir)).secretHashKey);
  const opened: Verifier[] = [];
  return {
    t, hasher,
    async verifier(options = {}, store = t.store) {
      const verifier = new Verifier(store, hasher, options);
      opened.push(verifier);
      await verifier.start();
      return verifier;
    },
    async close() {
      for (const v of opened) await v.close();
      await t.close();
    },
  };
}

export function flip(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
}
