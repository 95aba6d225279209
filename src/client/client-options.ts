// How a client is configured: where keyward (or Confluent) is, the credentials, and the limits of
// its retries and timeouts.

/**
 * Options of {@link KeywardClient}. Only `baseUrl`, `apiKey` and `apiSecret` are required.
 *
 * @example
 * const options: KeywardClientOptions = { baseUrl: 'https://keyward.example.com', apiKey: 'ABC…', apiSecret: 'cflt…', maxRetries: 5 };
 */
export interface KeywardClientOptions {
  /** Where the API lives, e.g. `https://keyward.example.com` or `https://api.confluent.cloud`; a path prefix is kept. */
  baseUrl: string;
  /** A Cloud API key id. */
  apiKey: string;
  /** Its secret. */
  apiSecret: string;
  /** Retries after the first attempt for 429, 5xx and connection failures. Default 3. */
  maxRetries?: number;
  /** Time allowed for one attempt, response body included. Default 30 000 ms. */
  timeoutMs?: number;
  /** First backoff step; each retry doubles it (with jitter). Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest wait before a retry; a `Retry-After` asking for more ends the retries instead. Default 30 000 ms. */
  maxRetryDelayMs?: number;
  /** The `fetch` to use (a proxy-aware one, for example). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Sent as `User-Agent`. */
  userAgent?: string;
}

/**
 * Per-call options every operation accepts.
 *
 * @example
 * await client.listIamV2ApiKeys({}, { signal: AbortSignal.timeout(5000), maxRetries: 0 });
 */
export interface RequestOptions {
  /** Cancels the call, including any backoff wait; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
}

/**
 * Reads `KEYWARD_URL`, `KEYWARD_API_KEY` and `KEYWARD_API_SECRET`; throws naming the ones missing.
 *
 * @example
 * const client = new KeywardClient(clientOptionsFromEnv(process.env));
 */
export function clientOptionsFromEnv(env: Record<string, string | undefined>): KeywardClientOptions {
  const baseUrl = env.KEYWARD_URL;
  const apiKey = env.KEYWARD_API_KEY;
  const apiSecret = env.KEYWARD_API_SECRET;
  if (!baseUrl || !apiKey || !apiSecret) {
    const missing = [!baseUrl && 'KEYWARD_URL', !apiKey && 'KEYWARD_API_KEY', !apiSecret && 'KEYWARD_API_SECRET'].filter(Boolean);
    throw new Error(`missing ${missing.join(', ')}`);
  }
  return { baseUrl, apiKey, apiSecret };
}
