// The dispatch in front of Fastify: once enabled, requests an endpoint claims are answered by it
// and never reach Fastify's handler; everything else, and everything before enable(), does. (The
// endpoints' own answers are tested over real sockets in test/verify/*-fast-path.test.ts.)
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FastPaths } from '../../src/server/fast-paths.js';
import type { RawEndpoint } from '../../src/server/raw-endpoint.js';
import { AUTHENTICATE_PATH } from '../../src/server/routes/keyward-authenticate.js';
import { trustedProxies } from '../../src/server/trusted-proxies.js';

describe('fast path dispatch', () => {
  const reachedFastify: string[] = [];
  const answered: { url: string; address: string | undefined; requestId: string }[] = [];
  const fastPath = new FastPaths(trustedProxies('127.0.0.1'));
  const server = fastPath.serverFactory((request: IncomingMessage, response: ServerResponse) => {
    reachedFastify.push(request.url ?? '');
    response.end('fastify');
  }, { keepAliveTimeout: 72_000, requestTimeout: 0, connectionTimeout: 0 }) as Server;
  // The real matching rules; the answer is recorded instead of verified.
  const endpoint: RawEndpoint = {
    matches: (request) => (request.url ?? '').startsWith(AUTHENTICATE_PATH),
    handle: (request, response, requestId, address) => {
      answered.push({ url: request.url ?? '', address, requestId });
      response.end('fast');
    },
  };
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string, headers: Record<string, string> = {}) => {
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { headers });
    return res.text();
  };

  it('sends everything to Fastify until enabled, then only what the endpoint does not claim', async () => {
    assert.equal(await get(AUTHENTICATE_PATH), 'fastify');
    fastPath.enable(endpoint);
    assert.equal(await get(AUTHENTICATE_PATH, { 'x-forwarded-for': '203.0.113.7' }), 'fast');
    assert.equal(await get('/iam/v2/api-keys'), 'fastify');
    assert.deepEqual(reachedFastify, [AUTHENTICATE_PATH, '/iam/v2/api-keys']);
    assert.equal(answered.length, 1);
    assert.equal(answered[0]!.address, '203.0.113.7', 'the trusted proxy\'s X-Forwarded-For names the client');
    assert.match(answered[0]!.requestId, /^[0-9a-f-]{36}$/);
  });

  it('reads the client from X-Forwarded-For only through trusted hops, the same the second time (remembered trust)', async () => {
    fastPath.enable(endpoint);
    const chains = {
      '198.51.100.1, 127.0.0.1': '198.51.100.1', // through a second trusted proxy
      '198.51.100.1, 203.0.113.9': '203.0.113.9', // the hop that forwarded it is not trusted: it is the client
      '127.0.0.1': '127.0.0.1',
      // The hop that forwarded it is not an address (and too long to be remembered): not trusted.
      [`198.51.100.1, ${'x'.repeat(100)}`]: 'x'.repeat(100),
    };
    for (let round = 0; round < 2; round++) {
      for (const [chain, client] of Object.entries(chains)) {
        answered.length = 0;
        assert.equal(await get(AUTHENTICATE_PATH, { 'x-forwarded-for': chain }), 'fast');
        assert.equal(answered[0]!.address, client, `X-Forwarded-For: ${chain}, round ${round}`);
      }
    }
  });

  it('asks each endpoint in turn, and the first that claims a request answers it', async () => {
    const claimed: string[] = [];
    const claiming = (name: string, prefix: string): RawEndpoint => ({
      matches: (request) => (request.url ?? '').startsWith(prefix),
      handle: (_request, response) => {
        claimed.push(name);
        response.end(name);
      },
    });
    fastPath.enable(claiming('first', '/a'), claiming('second', '/a'), claiming('third', '/b'));
    assert.deepEqual([await get('/a'), await get('/b'), await get('/c')], ['first', 'third', 'fastify']);
    assert.deepEqual(claimed, ['first', 'third']);
    fastPath.enable(endpoint);
  });

  it("applies the server settings Fastify would have", () => {
    assert.equal(server.keepAliveTimeout, 72_000);
    assert.equal(server.requestTimeout, 0);
  });
});
