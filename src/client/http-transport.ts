// Sends one API call: authentication, timeout per attempt, retries with backoff, and turning every
// failure into an ApiClientError. The client above it only maps operations to paths and models.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClientError } from './api-client-error.js';
import type { KeywardClientOptions, RequestOptions } from './client-options.js';
import { isRetryable, networkErrorReason, parseRetryAfter, provablyNotSent, retryDelayMs, type AttemptOutcome } from './retry-policy.js';

/** Query parameters; arrays repeat the parameter, `undefined` leaves it out. @example { page_size: 100, display_name: ['a', 'b'] } */
export type QueryParams = Record<string, string | number | boolean | readonly string[] | undefined>;

/** One API call as the client describes it. @example { method: 'GET', path: '/iam/v2/api-keys', query: { page_size: 10 } } */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the base URL, starting with `/`. */
  path: string;
  /** Parameters, or the exact query string of a `metadata.next` link. */
  query?: QueryParams | URLSearchParams;
  body?: unknown;
  options?: RequestOptions | undefined;
}

/** A successful answer: the parsed JSON body (`undefined` for an empty one, as after DELETE). @example const { body } = await transport.send(req); */
export interface HttpResponse {
  status: number;
  body: unknown;
  requestId: string | undefined;
}

type Attempt = { ok: true; response: HttpResponse } | { ok: false; outcome: AttemptOutcome; error: ApiClientError };

const DEFAULTS = { maxRetries: 3, timeoutMs: 30_000, retryBaseDelayMs: 500, maxRetryDelayMs: 30_000 };

/**
 * The HTTP layer of {@link KeywardClient}; use the client rather than this.
 * @example const { body } = await new HttpTransport(options).send({ method: 'GET', path: '/org/v2/environments' });
 */
export class HttpTransport {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly settings: typeof DEFAULTS;
  private readonly fetch: typeof fetch;
  private readonly userAgent: string;

  constructor(options: KeywardClientOptions) {
    if (!options.baseUrl || !options.apiKey || !options.apiSecret) {
      throw new TypeError('KeywardClient needs baseUrl, apiKey and apiSecret');
    }
    // Fail at construction on a malformed URL, not on the first call.
    if (!URL.canParse(options.baseUrl)) throw new TypeError(`baseUrl is not a valid URL: ${options.baseUrl}`);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`, 'utf8').toString('base64')}`;
    this.settings = {
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULTS.retryBaseDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULTS.maxRetryDelayMs,
    };
    this.fetch = options.fetch ?? globalThis.fetch;
    this.userAgent = options.userAgent ?? 'keyward-sdk';
  }

  /** Sends the request, retrying what may be retried; resolves with a 2xx answer or throws ApiClientError. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const signal = request.options?.signal;
    const maxRetries = request.options?.maxRetries ?? this.settings.maxRetries;
    for (let retry = 0; ; retry++) {
      signal?.throwIfAborted();
      const attempt = await this.attempt(request);
      if (attempt.ok) return attempt.response;
      const delay = retry < maxRetries && isRetryable(request.method, attempt.outcome)
        ? retryDelayMs(retry, attempt.error.retryAfterMs, this.settings.retryBaseDelayMs, this.settings.maxRetryDelayMs)
        : undefined;
      if (delay === undefined) throw attempt.error;
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        throw signal?.reason; // cancelled while waiting: report the caller's reason, like fetch does
      }
    }
  }

  private async attempt(request: HttpRequest): Promise<Attempt> {
    const timeoutMs = request.options?.timeoutMs ?? this.settings.timeoutMs;
    const userSignal = request.options?.signal;
    const timeout = AbortSignal.timeout(timeoutMs);
    const url = this.url(request);
    try {
      const res = await this.fetch(url, {
        method: request.method,
        headers: this.headers(request.body !== undefined),
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: userSignal ? AbortSignal.any([userSignal, timeout]) : timeout,
      });
      const text = await res.text(); // read under the same signal, so a stalled body times out too
      const requestId = res.headers.get('x-request-id') ?? undefined;
      if (!res.ok) {
        const error = ApiClientError.fromResponse(res.status, text, requestId, parseRetryAfter(res.headers.get('retry-after')));
        return { ok: false, outcome: { kind: 'response', status: res.status }, error };
      }
      return { ok: true, response: { status: res.status, body: parseBody(text, res.status, requestId), requestId } };
    } catch (err) {
      if (err instanceof ApiClientError) throw err; // an unparseable 2xx: retrying would not change it
      if (userSignal?.aborted) throw userSignal.reason;
      const origin = new URL(url).origin;
      if (timeout.aborted) {
        const error = new ApiClientError({ status: 0, code: 'timeout', detail: `${origin} did not answer within ${timeoutMs} ms`, cause: err });
        return { ok: false, outcome: { kind: 'timeout' }, error };
      }
      const reason = networkErrorReason(err);
      const error = new ApiClientError({ status: 0, code: 'connection_failed', detail: `could not reach ${origin}: ${reason}`, cause: err });
      return { ok: false, outcome: { kind: 'network', reachedServer: !provablyNotSent(err) }, error };
    }
  }

  private url(request: HttpRequest): string {
    const query = request.query instanceof URLSearchParams ? request.query : toSearchParams(request.query ?? {});
    const qs = query.toString();
    return `${this.baseUrl}${request.path}${qs ? `?${qs}` : ''}`;
  }

  private headers(hasBody: boolean): Record<string, string> {
    return {
      authorization: this.authorization,
      accept: 'application/json',
      'user-agent': this.userAgent,
      ...(hasBody && { 'content-type': 'application/json' }),
    };
  }
}

function toSearchParams(query: QueryParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(name, v);
    else params.append(name, String(value));
  }
  return params;
}

function parseBody(text: string, status: number, requestId: string | undefined): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiClientError({ status, code: 'invalid_response', detail: `the server answered ${status} with a body that is not JSON`, requestId, cause: err });
  }
}
