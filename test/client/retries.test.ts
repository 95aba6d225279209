// Retries, timeouts and cancellation against a scripted Confluent-shaped endpoint: keyward itself
// cannot be made to answer 503 or to stall on demand, a plain node:http server can.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClientError, IamV2ServiceAccount, KeywardClient, type KeywardClientOptions } from '../../src/index.js';
import { recordingFetch } from './listening-app.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const failure = (status: number, code: string, detail: string) =>
  JSON.stringify({ errors: [{ id: 'err-1', status: String(status), code, title: code, detail }] });

const envList = JSON.stringify({ api_version: 'org/v2', kind: 'EnvironmentList', metadata: {}, data: [] });

/** Answers each request with the next handler of the script (the last one repeats). */
function scripted(...handlers: Handler[]): Handler {
  let i = 0;
  return (req, res) => handlers[Math.min(i++, handlers.length - 1)]!(req, res);
}

const reply = (status: number, body: string, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req-${status}`, ...headers }).end(body);
};

describe('KeywardClient retries, timeouts and cancellation', () => {
  let server: Server;
  let handler: Handler = reply(200, envList);
  let baseUrl: string;
  const client = (recorder: ReturnType<typeof recordingFetch>, options: Partial<KeywardClientOptions> = {}) =>
    new KeywardClient({ baseUrl, apiKey: 'KEY', apiSecret: 'SECRET', retryBaseDelayMs: 5, fetch: recorder.fetch, ...options });

  before(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => { server.closeAllConnections(); server.close(); });

  it('retries a GET after 503 and succeeds', async () => {
    handler = scripted(reply(503, failure(503, 'service_unavailable', 'down')), reply(200, envList));
    const rec = recordingFetch();
    assert.equal((await client(rec).listOrgV2Environments()).kind, 'EnvironmentList');
    assert.equal(rec.calls.length, 2);
  });

  it('stops after maxRetries and throws the last error', async () => {
    handler = reply(502, '<html>bad gateway</html>');
    const rec = recordingFetch();
    const err = await client(rec, { maxRetries: 2 }).listOrgV2Environments().catch((e: unknown) => e);
    assert.ok(err instanceof ApiClientError);
    assert.equal(err.status, 502);
    assert.equal(err.code, 'http_error');
    assert.match(err.detail, /HTTP 502/);
    assert.equal(rec.calls.length, 3);
  });

  it('never retries a POST after a 5xx: the account may have been created', async () => {
    handler = reply(500, failure(500, 'internal_error', 'boom'));
    const rec = recordingFetch();
    const err = await client(rec).createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'x' })).catch((e: unknown) => e);
    assert.ok(err instanceof ApiClientError);
    assert.deepEqual([err.status, err.code, err.detail, err.requestId], [500, 'internal_error', 'boom', 'req-500']);
    assert.equal(rec.calls.length, 1);
  });

  it('retries a POST after 429, waiting as long as Retry-After says', async () => {
    const created = JSON.stringify({ api_version: 'iam/v2', kind: 'ServiceAccount', id: 'sa-1', display_name: 'x' });
    handler = scripted(reply(429, failure(429, 'too_many_requests', 'slow down'), { 'retry-after': '1' }), reply(201, created));
    const rec = recordingFetch();
    const started = Date.now();
    const sa = await client(rec).createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'x' }));
    assert.equal(sa.id, 'sa-1');
    assert.equal(rec.calls.length, 2);
    assert.ok(Date.now() - started >= 990, `waited ${Date.now() - started} ms for Retry-After: 1`);
  });

  it('never retries a POST whose connection dropped after sending', async () => {
    handler = (req) => req.socket.destroy();
    const rec = recordingFetch();
    const err = await client(rec).createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'x' })).catch((e: unknown) => e);
    assert.ok(err instanceof ApiClientError);
    assert.equal(err.code, 'connection_failed');
    assert.equal(err.status, 0);
    assert.equal(rec.calls.length, 1);
  });

  it('retries a POST when the connection was refused: it never reached a server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const rec = recordingFetch();
    const err = await client(rec, { baseUrl: `http://127.0.0.1:${port}`, maxRetries: 2 })
      .createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'x' })).catch((e: unknown) => e);
    assert.ok(err instanceof ApiClientError);
    assert.equal(err.code, 'connection_failed');
    assert.match(err.detail, /ECONNREFUSED/);
    assert.equal(rec.calls.length, 3);
  });

  it('times out a stalled answer and retries it when the method is idempotent', async () => {
    handler = scripted(() => { /* never answers */ }, reply(200, envList));
    const rec = recordingFetch();
    assert.equal((await client(rec, { timeoutMs: 150 }).listOrgV2Environments()).kind, 'EnvironmentList');
    assert.equal(rec.calls.length, 2);

    handler = () => {};
    const err = await client(recordingFetch(), { timeoutMs: 100, maxRetries: 0 }).listOrgV2Environments().catch((e: unknown) => e);
    assert.ok(err instanceof ApiClientError);
    assert.equal(err.code, 'timeout');
    assert.match(err.detail, /did not answer within 100 ms/);
  });

  it('stops at once when the caller aborts, also during a backoff wait', async () => {
    handler = () => {};
    const aborted = client(recordingFetch()).listOrgV2Environments({}, { signal: AbortSignal.timeout(50) });
    await assert.rejects(aborted, (e: Error) => e.name === 'TimeoutError');

    handler = reply(503, failure(503, 'service_unavailable', 'down'));
    const controller = new AbortController();
    const rec = recordingFetch();
    const pending = client(rec, { retryBaseDelayMs: 10_000 }).listOrgV2Environments({}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    await assert.rejects(pending, /user cancelled/);
    assert.equal(rec.calls.length, 1);
  });

  it('pages a Confluent Cloud list through its own base URL, keeping only the next link\'s query', async () => {
    const page = (n: number, next?: string) => JSON.stringify({
      api_version: 'iam/v2', kind: 'UserList', metadata: { first: 'https://api.confluent.cloud/iam/v2/users', ...(next && { next }) },
      data: [{ api_version: 'iam/v2', kind: 'User', id: `u-${n}`, email: `${n}@example.com`, full_name: `U ${n}`, auth_type: 'AUTH_TYPE_SSO',
        metadata: { self: `https://api.confluent.cloud/iam/v2/users/u-${n}`, resource_name: `crn://confluent.cloud/user=u-${n}` } }],
    });
    handler = scripted(reply(200, page(1, 'https://api.confluent.cloud/iam/v2/users?page_size=100&page_token=UvmDWOB1iwfAIBPj6EYb')), reply(200, page(2)));
    const rec = recordingFetch();
    const ids: string[] = [];
    for await (const u of client(rec).listAllIamV2Users()) ids.push(u.id!);
    assert.deepEqual(ids, ['u-1', 'u-2']);
    assert.equal(rec.calls[1]?.url, `${baseUrl}/iam/v2/users?page_size=100&page_token=UvmDWOB1iwfAIBPj6EYb`);
  });

  it('reports a 2xx body that is not the documented shape as invalid_response with the request id', async () => {
    handler = reply(200, JSON.stringify({ api_version: 'iam/v2', kind: 'ApiKey', id: 7 }));
    const err = await client(recordingFetch()).getIamV2ApiKey('X').catch((e: unknown) => e);
    assert.ok(err instanceof ApiClientError);
    assert.deepEqual([err.code, err.status, err.requestId], ['invalid_response', 200, 'req-200']);
    assert.match(err.detail, /id: expected a string/);
  });

  it('sends HTTP Basic credentials and JSON', async () => {
    let seen: IncomingMessage | undefined;
    handler = (req, res) => { seen = req; reply(200, envList)(req, res); };
    await client(recordingFetch()).listOrgV2Environments({ pageSize: 5 });
    assert.equal(seen?.headers.authorization, `Basic ${Buffer.from('KEY:SECRET').toString('base64')}`);
    assert.equal(seen?.headers.accept, 'application/json');
    assert.equal(seen?.url, '/org/v2/environments?page_size=5');
  });
});
