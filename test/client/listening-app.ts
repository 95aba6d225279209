// A real keyward listening on a loopback port, for SDK and CLI tests that must go over the network.
// The app's public URL stays https://keyward.test on purpose: clients must follow `metadata.next`
// through their configured base URL, never through the host the server names.
import type { AddressInfo } from 'node:net';
import { KeywardClient, type KeywardClientOptions } from '../../src/index.js';
import type { Dialect } from '../helpers/dialects.js';
import { createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

export interface ListeningApp {
  t: TestApp;
  baseUrl: string;
  /** A client authenticated as the organization admin. */
  client: KeywardClient;
  /** A client for other credentials or options. */
  clientFor(creds: Credentials, options?: Partial<KeywardClientOptions>): KeywardClient;
  close(): Promise<void>;
}

export async function startListeningApp(dialect: Dialect, env: Record<string, string> = {}): Promise<ListeningApp> {
  const t = await createTestApp(dialect, env);
  await t.keyward.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.keyward.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const clientFor = (creds: Credentials, options: Partial<KeywardClientOptions> = {}) =>
    new KeywardClient({ baseUrl, apiKey: creds.keyId, apiSecret: creds.secret, ...options });
  return { t, baseUrl, client: clientFor(t.admin), clientFor, close: () => t.close() };
}

/** A `fetch` that records each request's method and URL before sending it. */
export function recordingFetch(): { fetch: typeof fetch; calls: Array<{ method: string; url: string }> } {
  const calls: Array<{ method: string; url: string }> = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push({ method: init?.method ?? 'GET', url: String(input) });
      return fetch(input, init);
    },
  };
}
