// The one error type the SDK throws for a failed call, whether the server answered with an error
// or no usable answer arrived at all. Callers branch on `status` and `code`, print `detail`.
import { Failure, type ModelError } from '../contract/models/index.js';

/**
 * Codes the SDK itself uses when there is no HTTP error body to take one from.
 * @example if (err.code === 'timeout') console.error('keyward did not answer in time');
 */
export type ClientErrorCode = 'connection_failed' | 'timeout' | 'invalid_response' | 'http_error';

/**
 * A failed API call. `status` is the HTTP status (0 when no response arrived), `code` Confluent's
 * error code (`not_found`, `quota_exceeded` …) or one of {@link ClientErrorCode}, `detail` the
 * server's explanation (what Confluent's clients print), `requestId` the `X-Request-Id` to quote
 * when reporting a problem.
 *
 * @example
 * try {
 *   await client.getIamV2ApiKey('NOPE');
 * } catch (err) {
 *   if (err instanceof ApiClientError && err.status === 404) console.error(err.detail, err.requestId);
 * }
 */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  /** HTTP status of the answer; 0 when none arrived (connection failure, timeout). */
  readonly status: number;
  /** Confluent error code from the body, or a {@link ClientErrorCode}. */
  readonly code: string;
  /** Human-readable explanation: `errors[0].detail` of the body, or the SDK's own words. */
  readonly detail: string;
  /** The server's `X-Request-Id` (or `errors[0].id`), when the server answered. */
  readonly requestId: string | undefined;
  /** Every error object of the `Failure` body (usually one). */
  readonly errors: readonly ModelError[];
  /** How long the server asked the client to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  /** @example new ApiClientError({ status: 0, code: 'timeout', detail: 'no answer within 30000 ms' }) */
  constructor(init: {
    status: number;
    code: string;
    detail: string;
    requestId?: string | undefined;
    errors?: readonly ModelError[];
    retryAfterMs?: number | undefined;
    cause?: unknown;
  }) {
    super(init.requestId ? `${init.detail} (request id ${init.requestId})` : init.detail, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
    this.retryAfterMs = init.retryAfterMs;
  }

  /**
   * Builds the error for an HTTP error answer from its body, which is Confluent's `Failure` when the
   * server follows the contract; anything else still yields a usable error.
   * @example const err = ApiClientError.fromResponse(404, '{"errors":[{"code":"not_found","detail":"gone"}]}', 'req-1');
   */
  static fromResponse(status: number, bodyText: string, requestId: string | undefined, retryAfterMs?: number): ApiClientError {
    let errors: ModelError[] = [];
    try {
      errors = Failure.fromJson(bodyText).errors;
    } catch {
      // Not a Failure body (a proxy's HTML page, an empty 502 …): fall back to the status alone.
    }
    const first = errors[0];
    return new ApiClientError({
      status,
      code: first?.code ?? 'http_error',
      detail: first?.detail ?? first?.title ?? `HTTP ${status}${bodyText ? `: ${bodyText.slice(0, 200)}` : ''}`,
      requestId: requestId ?? first?.id,
      errors,
      retryAfterMs,
    });
  }
}
