// When a failed attempt may be repeated, and how long to wait first. Kept apart from the transport
// so the rules can be read (and tested) in one place.

/** What one attempt ended with. @example const outcome: AttemptOutcome = { kind: 'response', status: 503 }; */
export type AttemptOutcome =
  | { kind: 'response'; status: number }
  /** No answer; `reachedServer` is false only when the request provably never left (connection refused). */
  | { kind: 'network'; reachedServer: boolean }
  | { kind: 'timeout' };

// POST creates something each time. The other methods keyward and Confluent use are idempotent:
// GET and DELETE by definition, and every PATCH sets fields to given values, so repeating one
// changes nothing.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether an attempt that ended with `outcome` may be repeated. 429 is always retried: the rate
 * limiter refused the request before any work was done. A 5xx, a timeout or a dropped connection
 * may come after the server acted, so a POST is retried only when it provably never reached it.
 *
 * @example isRetryable('POST', { kind: 'response', status: 503 }); // false
 */
export function isRetryable(method: string, outcome: AttemptOutcome): boolean {
  const idempotent = IDEMPOTENT.has(method.toUpperCase());
  switch (outcome.kind) {
    case 'response':
      if (outcome.status === 429) return true;
      // 501 and 505 say the server will never do this; repeating cannot help.
      return outcome.status >= 500 && outcome.status !== 501 && outcome.status !== 505 && idempotent;
    case 'network':
      return !outcome.reachedServer || idempotent;
    case 'timeout':
      return idempotent;
  }
}

/**
 * Milliseconds to wait before retry number `retry` (0 for the first retry), or `undefined` to stop:
 * `Retry-After` is honoured exactly, and when it asks for more than `maxMs` waiting is pointless for
 * an interactive caller, so the error is returned instead. Otherwise exponential backoff with
 * "equal jitter" (half fixed, half random) so that many clients do not retry in lockstep.
 *
 * @example retryDelayMs(2, undefined, 500, 30_000); // between 1000 and 2000
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= maxMs ? retryAfterMs : undefined;
  const ceiling = Math.min(maxMs, baseMs * 2 ** retry);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/**
 * Parses `Retry-After` (delay seconds or an HTTP date) into milliseconds from `now`.
 * @example parseRetryAfter('3'); // 3000
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Error codes that mean the connection was never established, so no request bytes were sent.
const NOT_SENT_CODES = new Set(['ECONNREFUSED']);

/**
 * Whether a `fetch` rejection proves the request never reached the server. Node's fetch reports
 * connection errors as `TypeError('fetch failed')` whose `cause` carries the socket error code (an
 * `AggregateError` of them when several addresses were tried).
 *
 * @example provablyNotSent(new TypeError('fetch failed', { cause: Object.assign(new Error(), { code: 'ECONNREFUSED' }) })); // true
 */
export function provablyNotSent(err: unknown): boolean {
  const cause = (err as { cause?: unknown } | null)?.cause;
  const causes = cause instanceof AggregateError ? cause.errors : [cause];
  return causes.length > 0 && causes.every((c) => NOT_SENT_CODES.has((c as { code?: string } | null)?.code ?? ''));
}

/**
 * Why a `fetch` failed, for messages: the socket error code (`ECONNREFUSED`), else the message of
 * the cause (`bad port`), else the error's own message (`fetch failed`).
 * @example networkErrorReason(err); // 'ECONNRESET'
 */
export function networkErrorReason(err: unknown): string {
  const cause = (err as { cause?: unknown } | null)?.cause;
  const first = (cause instanceof AggregateError ? cause.errors[0] : cause) as { code?: unknown; message?: unknown } | null | undefined;
  if (typeof first?.code === 'string') return first.code;
  if (typeof first?.message === 'string' && first.message) return first.message;
  return err instanceof Error ? err.message : String(err);
}
