// `POST /keyward/v1/verify` over a real socket, where Node's server answers it before Fastify
// (routes/keyward-verify-fast.ts), side by side with the same request through Fastify's route
// (`inject` never passes through the server): every answer must be the same, status, body and
// headers, for good requests and for every kind of bad one. verify-endpoint.test.ts covers what
// the answers are; this suite covers that the two paths agree, and what the fast path leaves to
// Fastify.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyId } from '../../src/core/key-material.js';
import { VERIFY_PATH } from '../../src/server/routes/keyward-verify.js';
import { basicAuth, createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Headers that only the transport decides, or that differ between two calls by design. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'x-ratelimit-remaining']);

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Call {
  /** The raw body; sent in two parts, split at `splitAt` bytes, when given. */
  body: string;
  headers?: Record<string, string>;
  splitAt?: number;
  path?: string;
  /** Sent with chunked transfer encoding instead of a Content-Length. */
  chunked?: boolean;
}

/** Marks the requests sent over the socket, so that Fastify's hook can tell which reached it. */
const VIA_SOCKET = { 'x-test-via': 'socket' };

function overSocket(base: string, agent: Agent, call: Call): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(call.body);
    const req = httpRequest(`${base}${call.path ?? VERIFY_PATH}`, {
      agent, method: 'POST', headers: { ...(!call.chunked && { 'content-length': String(bytes.length) }), ...VIA_SOCKET, ...call.headers },
    }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (call.chunked) req.flushHeaders();
    if (call.splitAt === undefined) {
      req.end(bytes);
    } else {
      req.write(bytes.subarray(0, call.splitAt));
      setTimeout(() => req.end(bytes.subarray(call.splitAt)), 20);
    }
  });
}

async function throughFastify(t: TestApp, call: Call): Promise<Answer> {
  const res = await t.keyward.app.inject({ method: 'POST', url: call.path ?? VERIFY_PATH, headers: call.headers, payload: call.body });
  return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, body: res.body };
}

/** The answer with what must differ between two calls taken out: request ids, transport headers. */
function comparable(answer: Answer): { status: number; headers: Record<string, unknown>; body: unknown } {
  const requestId = String(answer.headers['x-request-id']);
  assert.match(requestId, UUID);
  const body = JSON.parse(answer.body);
  for (const error of body.errors ?? []) {
    assert.equal(error.id, requestId, 'a Failure names the request id of its header');
    error.id = '<request id>';
  }
  const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !TRANSPORT_HEADERS.has(name)));
  assert.equal('x-ratelimit-remaining' in answer.headers, 'x-ratelimit-limit' in answer.headers);
  return { status: answer.status, headers, body };
}

const json = (caller: Credentials | null, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  ...(caller && { authorization: basicAuth(caller.keyId, caller.secret) }),
  ...extra,
});

describe(`${VERIFY_PATH}: the fast path answers as Fastify's route does`, () => {
  let t: TestApp;
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let user: Credentials;
  let cluster: Credentials;
  let expired: Credentials;
  const reachedFastify: string[] = [];

  before(async () => {
    t = await createTestApp('sqlite');
    // Before the app is ready: Fastify's first hook sees every socket request the fast path left it.
    t.keyward.app.addHook('onRequest', (request, _reply, done) => {
      if (request.headers['x-test-via'] === 'socket') reachedFastify.push(request.url);
      done();
    });
    user = await t.createUserWithKey('fast-verify-user');
    cluster = await t.createKey(user.principalId, { resource: { id: 'lkc-fast01' }, expires_at: '2999-12-31' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expired = await t.createKey(user.principalId, { expires_at: tomorrow });
    t.clock.advanceDays(3);
    await t.keyward.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.keyward.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    agent.destroy();
    await t.close();
  });

  const body = (value: unknown) => JSON.stringify(value);
  const cases: Record<string, () => Call> = {
    'a valid cluster key': () => ({ body: body({ api_key: cluster.keyId, api_secret: cluster.secret, resource: 'lkc-fast01' }), headers: json(t.admin) }),
    'a valid key, resource defaulted': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(t.admin) }),
    'unknown properties, ignored': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret, extra: { deep: [1] } }), headers: json(t.admin) }),
    'a wrong secret': () => ({ body: body({ api_key: user.keyId, api_secret: `${user.secret}x` }), headers: json(t.admin) }),
    'an unknown key': () => ({ body: body({ api_key: generateKeyId(), api_secret: user.secret }), headers: json(t.admin) }),
    'the wrong resource': () => ({ body: body({ api_key: cluster.keyId, api_secret: cluster.secret, resource: 'lkc-other' }), headers: json(t.admin) }),
    'an expired key': () => ({ body: body({ api_key: expired.keyId, api_secret: expired.secret }), headers: json(t.admin) }),
    'a client address': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret, client_address: '198.51.100.9' }), headers: json(t.admin) }),
    'charset=UTF-8 in the media type': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(t.admin, { 'content-type': 'Application/JSON; charset=UTF-8' }) }),
    'a body in two packets, a character split between them': () => {
      const text = body({ api_key: user.keyId, api_secret: user.secret, client_address: 'zürich-€' });
      return { body: text, headers: json(t.admin), splitAt: Buffer.from(text).indexOf(Buffer.from('€')) + 1 };
    },
    'no caller credentials': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(null) }),
    'a malformed Authorization header': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(null, { authorization: 'Basic !!!' }) }),
    "the caller's wrong secret": () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json({ ...t.admin, secret: `${t.admin.secret}x` }) }),
    'a cluster key as the caller': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(cluster) }),
    'a caller that is no admin': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(user) }),
    'a caller that is no admin, with a bad body': () => ({ body: '{"api_key": 5}', headers: json(user) }),
    'invalid JSON': () => ({ body: '{"api_key": ', headers: json(t.admin) }),
    'JSON that is only whitespace': () => ({ body: '   ', headers: json(t.admin) }),
    'a __proto__ property': () => ({ body: '{"api_key":"K","api_secret":"s","__proto__":{"x":1}}', headers: json(t.admin) }),
    'a constructor.prototype property': () => ({ body: '{"api_key":"K","api_secret":"s","constructor":{"prototype":{"x":1}}}', headers: json(t.admin) }),
    'an array': () => ({ body: '[]', headers: json(t.admin) }),
    'a missing secret': () => ({ body: body({ api_key: user.keyId }), headers: json(t.admin) }),
    'a number for the key id': () => ({ body: body({ api_key: 5, api_secret: user.secret }), headers: json(t.admin) }),
    'an empty resource': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret, resource: '' }), headers: json(t.admin) }),
    'a key id too long': () => ({ body: body({ api_key: 'K'.repeat(257), api_secret: user.secret }), headers: json(t.admin) }),
    'a NUL in the secret': () => ({ body: body({ api_key: user.keyId, api_secret: 'a\u0000b' }), headers: json(t.admin) }),
    'a NUL in a property name': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret, ['x\u0000']: 1 }), headers: json(t.admin) }),
    // Left to Fastify by the fast path; the answers must still be right.
    'a query string': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(t.admin), path: `${VERIFY_PATH}?x=1` }),
    'text/plain': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(t.admin, { 'content-type': 'text/plain' }) }),
    'no media type': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: { authorization: basicAuth(t.admin.keyId, t.admin.secret) } }),
    'an empty body': () => ({ body: '', headers: json(t.admin) }),
    'a body over the limit': () => ({ body: body({ api_key: user.keyId, api_secret: 'x'.repeat(t.config.bodyLimitBytes) }), headers: json(t.admin) }),
    'a chunked body': () => ({ body: body({ api_key: user.keyId, api_secret: user.secret }), headers: json(t.admin), chunked: true }),
  };
  const leftToFastify = new Set(['a query string', 'text/plain', 'no media type', 'an empty body', 'a body over the limit', 'a chunked body']);

  for (const [name, make] of Object.entries(cases)) {
    it(`agrees on ${name}`, async () => {
      const call = make();
      const before = reachedFastify.length;
      const fast = await overSocket(base, agent, call);
      assert.equal(reachedFastify.length > before, leftToFastify.has(name), leftToFastify.has(name) ? 'left to Fastify' : 'answered ahead of Fastify');
      const fastify = await throughFastify(t, call);
      assert.deepEqual(comparable(fast), comparable(fastify));
      assert.equal(fast.body.includes(user.secret) || fast.body.includes(cluster.secret), false, 'no secret is echoed');
    });
  }

  it('answers what the cases above expect (a sample, so that agreeing on nonsense fails)', async () => {
    const statuses = await Promise.all(['a valid cluster key', 'no caller credentials', 'a caller that is no admin',
      'invalid JSON', 'a missing secret', 'a NUL in the secret', 'text/plain', 'a body over the limit']
      .map(async (name) => (await overSocket(base, agent, cases[name]!())).status));
    assert.deepEqual(statuses, [200, 401, 403, 400, 422, 422, 415, 413]);
    const valid = await overSocket(base, agent, cases['a valid cluster key']!());
    assert.deepEqual(JSON.parse(valid.body), {
      valid: true, key_id: cluster.keyId, owner: { id: user.principalId, kind: 'User' },
      resource: { id: 'lkc-fast01', kind: 'Cluster' }, expires_at: '2999-12-31',
    });
  });

  it('keeps the connection usable after answering without reading the body', async () => {
    const bulky = { body: body({ api_key: user.keyId, api_secret: 'y'.repeat(50_000) }), headers: json(null) };
    assert.equal((await overSocket(base, agent, bulky)).status, 401);
    assert.equal((await overSocket(base, agent, cases['a valid cluster key']!())).status, 200);
  });
});

describe(`${VERIFY_PATH}: the fast path's budgets are Fastify's`, () => {
  let t: TestApp;
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  before(async () => {
    t = await createTestApp('sqlite', { KEYWARD_VERIFY_FAILURES_PER_MINUTE: '2' });
    await t.keyward.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.keyward.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    agent.destroy();
    await t.close();
  });

  it("counts failures on the verified key across both paths and answers 429 alike past the budget", async () => {
    const target = await t.createServiceAccountWithKey('fast-budget');
    const call = { body: JSON.stringify({ api_key: target.keyId, api_secret: `${target.secret}x` }), headers: json(t.admin) };
    const first = [await overSocket(base, agent, call), await throughFastify(t, call)];
    assert.deepEqual(first.map((a) => a.status), [200, 200]);
    assert.deepEqual(comparable(first[0]!), comparable(first[1]!));
    const over = [await overSocket(base, agent, call), await throughFastify(t, call)];
    assert.deepEqual(over.map((a) => a.status), [429, 429]);
    assert.deepEqual(comparable(over[0]!), comparable(over[1]!));
    assert.ok(Number(over[0]!.headers['retry-after']) > 0);
  });

  it("applies the caller's request rate limit, with its headers, on both paths", async () => {
    const limited = await createTestApp('sqlite', { KEYWARD_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      await limited.keyward.app.listen({ host: '127.0.0.1', port: 0 });
      const limitedBase = `http://127.0.0.1:${(limited.keyward.app.server.address() as AddressInfo).port}`;
      const call = { body: JSON.stringify({ api_key: limited.admin.keyId, api_secret: limited.admin.secret }), headers: json(limited.admin) };
      const answers: Answer[] = [];
      for (let i = 0; i < 3; i++) {
        answers.push(await overSocket(limitedBase, agent, call), await throughFastify(limited, call));
      }
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 429, 429, 429]);
      assert.deepEqual(answers.map((a) => a.headers['x-ratelimit-remaining']), ['2', '1', '0', '0', '0', '0']);
      assert.deepEqual(comparable(answers[0]!), comparable(answers[1]!));
      assert.deepEqual(comparable(answers[4]!), comparable(answers[3]!));
      assert.ok(Number(answers[4]!.headers['retry-after']) > 0);
    } finally {
      await limited.close();
    }
  });
});
