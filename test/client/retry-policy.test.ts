// The retry rules on their own: which outcomes are retried for which method, and how long to wait.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isRetryable, parseRetryAfter, provablyNotSent, retryDelayMs } from '../../src/client/retry-policy.js';

describe('retry policy', () => {
  it('retries 429 for every method, 5xx and timeouts only for idempotent ones', () => {
    for (const method of ['GET', 'PATCH', 'DELETE', 'POST']) assert.equal(isRetryable(method, { kind: 'response', status: 429 }), true);
    assert.equal(isRetryable('GET', { kind: 'response', status: 503 }), true);
    assert.equal(isRetryable('DELETE', { kind: 'timeout' }), true);
    assert.equal(isRetryable('POST', { kind: 'response', status: 503 }), false);
    assert.equal(isRetryable('POST', { kind: 'timeout' }), false);
    assert.equal(isRetryable('POST', { kind: 'network', reachedServer: true }), false);
    assert.equal(isRetryable('POST', { kind: 'network', reachedServer: false }), true);
    assert.equal(isRetryable('GET', { kind: 'response', status: 501 }), false);
    assert.equal(isRetryable('GET', { kind: 'response', status: 404 }), false);
  });

  it('backs off exponentially with jitter, capped, and honours Retry-After unless it is too long', () => {
    assert.equal(retryDelayMs(0, undefined, 500, 30_000, () => 0), 250);
    assert.equal(retryDelayMs(3, undefined, 500, 30_000, () => 1), 4000);
    assert.equal(retryDelayMs(10, undefined, 500, 30_000, () => 1), 30_000);
    assert.equal(retryDelayMs(0, 2000, 500, 30_000), 2000);
    assert.equal(retryDelayMs(0, 60_000, 500, 30_000), undefined);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('7'), 7000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2099 00:00:10 GMT', Date.parse('Thu, 01 Jan 2099 00:00:00 GMT')), 10_000);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  it('counts only a refused connection as provably not sent', () => {
    const failed = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
    assert.equal(provablyNotSent(failed('ECONNREFUSED')), true);
    assert.equal(provablyNotSent(failed('ECONNRESET')), false);
    assert.equal(provablyNotSent(new TypeError('fetch failed', { cause: new AggregateError([failed('x').cause, Object.assign(new Error(), { code: 'ECONNREFUSED' })]) })), false);
    assert.equal(provablyNotSent(new Error('no cause')), false);
  });
});
