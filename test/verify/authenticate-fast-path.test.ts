// `/keyward/v1/authenticate` over a real socket, where Node's server answers it before Fastify
// (fast-paths.ts): the same answers as through Fastify (authenticate-endpoint.test.ts
// drives that route with inject), the server settings Fastify would have applied, everything
// else still reaching Fastify, and Fastify serving the endpoint itself when requests are logged.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { generateKeyId } from '../../src/core/key-material.js';
import { loadConfig } from '../../src/server/config.js';
import { startKeyward } from '../../src/server/keyward.js';
import { requestOver, type AgentRequest, type Answer } from '../helpers/agent-request.js';
import { createTestDatabase } from '../helpers/dialects.js';
import { basicAuth, createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

const PATH = '/keyward/v1/authenticate';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One request over a keep-alive agent (so a forwarded body must not break the connection). */
function send(base: string, agent: Agent, options: AgentRequest & { path?: string }): Promise<Answer> {
  return requestOver(agent, `${base}${options.path ?? PATH}`, options);
}

async function listen(t: TestApp): Promise<string> {
  await t.keyward.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(t.keyward.app.server.address() as AddressInfo).port}`;
}

function assertFailure(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.body);
  assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
  assert.match(String(answer.headers['x-request-id']), UUID);
  const error = JSON.parse(answer.body).errors[0];
  assert.equal(error.code, code);
  assert.equal(error.status, String(status));
  assert.equal(error.id, answer.headers['x-request-id'], 'the body names the request id of the header');
  assert.equal(answer.headers['x-keyward-key-id'], undefined);
}

describe(`${PATH} answered ahead of Fastify`, () => {
  let t: TestApp;
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let cloud: Credentials;
  let cluster: Credentials;

  before(async () => {
    t = await createTestApp('sqlite', { KEYWARD_VERIFY_FAILURES_PER_MINUTE: '5' });
    cloud = await t.createServiceAccountWithKey('fast-cloud');
    cluster = await t.createKey(cloud.principalId, { resource: { id: 'lkc-fast01' }, expires_at: '2999-12-31' });
    base = await listen(t);
  });
  after(async () => {
    agent.destroy();
    await t.close();
  });

  it('answers 200 with the key, its owner and a request id in headers, and no body', async () => {
    const answer = await send(base, agent, { creds: cloud });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '');
    assert.equal(answer.headers['content-length'], '0');
    assert.match(String(answer.headers['x-request-id']), UUID);
    assert.equal(answer.headers['x-keyward-key-id'], cloud.keyId);
    assert.equal(answer.headers['x-keyward-owner-id'], cloud.principalId);
    assert.equal(answer.headers['x-keyward-owner-kind'], 'ServiceAccount');
    assert.equal(answer.headers['x-keyward-resource-id'], 'cloud');
    assert.equal(answer.headers['x-keyward-expires-at'], undefined);
    const again = await send(base, agent, { creds: cloud });
    assert.notEqual(again.headers['x-request-id'], answer.headers['x-request-id']);
  });

  it('takes the resource from the query on the exact path only, else from X-Keyward-Resource', async () => {
    const byQuery = await send(base, agent, { creds: cluster, path: `${PATH}?resource=lkc-fast01`, headers: { 'x-keyward-resource': 'cloud' } });
    assert.equal(byQuery.status, 200);
    assert.equal(byQuery.headers['x-keyward-expires-at'], '2999-12-31');
    assert.equal((await send(base, agent, { creds: cluster, path: `${PATH}?resource=cloud` })).status, 401);
    // Repeated, the parameter is ambiguous and ignored, as Fastify's parser leaves it an array.
    assert.equal((await send(base, agent, { creds: cluster, path: `${PATH}?resource=lkc-fast01&resource=lkc-fast01` })).status, 401);
    // Below the path the query is the client's (Envoy appends it): only the header counts.
    assert.equal((await send(base, agent, { creds: cluster, path: `${PATH}/v3/x?resource=lkc-fast01` })).status, 401);
    assert.equal((await send(base, agent, { creds: cluster, path: `${PATH}/v3/x?resource=cloud`, headers: { 'x-keyward-resource': 'lkc-fast01' } })).status, 200);
  });

  it("answers 401 with WWW-Authenticate and Confluent's Failure body to missing, unknown and wrong credentials", async () => {
    for (const creds of [null, { ...cloud, keyId: generateKeyId() }, { ...cloud, secret: `${cloud.secret}x` }]) {
      const answer = await send(base, agent, { creds });
      assertFailure(answer, 401, 'user_unauthenticated');
      assert.match(String(answer.headers['www-authenticate']), /^Basic realm="keyward"/);
      assert.equal(JSON.parse(answer.body).errors[0].detail, 'Valid authentication credentials must be provided');
    }
    const scoped = await send(base, agent, { creds: cluster });
    assertFailure(scoped, 401, 'user_unauthenticated');
    assert.match(JSON.parse(scoped.body).errors[0].detail, /is scoped to 'lkc-fast01'/);
  });

  it('accepts any method, ignores a forwarded body without breaking the connection, and sends no body to HEAD', async () => {
    const post = await send(base, agent, { creds: cloud, method: 'POST', path: `${PATH}/topics`, body: 'x'.repeat(200_000), headers: { 'content-type': 'application/json' } });
    assert.equal(post.status, 200);
    assert.equal((await send(base, agent, { creds: cloud, method: 'DELETE' })).status, 200, 'the same connection goes on');
    const head = await send(base, agent, { creds: null, method: 'HEAD' });
    assert.equal(head.status, 401);
    assert.equal(head.body, '');
  });

  it('answers 429 with Retry-After once a key id has used up its failures', async () => {
    const target = await t.createKey(cloud.principalId);
    const wrong = { ...target, secret: `${target.secret}x` };
    for (let i = 0; i < 5; i++) assert.equal((await send(base, agent, { creds: wrong })).status, 401);
    const refused = await send(base, agent, { creds: wrong });
    assertFailure(refused, 429, 'too_many_requests');
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.equal(refused.headers['x-ratelimit-limit'], '5');
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    assert.equal((await send(base, agent, { creds: target })).status, 200, 'the right secret still passes');
  });

  it('leaves every other path and method to Fastify, on a server with the settings Fastify gives its own', async () => {
    assertFailure(await send(base, agent, { path: '/keyward/v1/authenticated', creds: cloud }), 404, 'not_found');
    assertFailure(await send(base, agent, { path: '/iam/v2/api-keys' }), 401, 'user_unauthenticated');
    assert.equal((await send(base, agent, { path: '/healthz' })).status, 200);
    assert.notEqual((await send(base, agent, { creds: cloud, method: 'PROPFIND' })).status, 200);
    assert.equal(t.keyward.app.server.keepAliveTimeout, 72_000);
    assert.equal(t.keyward.app.server.requestTimeout, 0);
  });

  it('answers 5xx with a Failure body, and goes on, when the store fails on a cache miss', async () => {
    await t.store.close();
    const answer = await send(base, agent, { creds: { ...cloud, keyId: generateKeyId() } });
    assert.ok(answer.status >= 500, answer.body);
    assert.equal(JSON.parse(answer.body).errors[0].id, answer.headers['x-request-id']);
    assert.equal((await send(base, agent, { creds: cloud })).status, 200, 'cached keys still verify');
  });
});

describe(`${PATH} behind a trusted proxy, ahead of Fastify`, () => {
  it("counts failures against the client address the proxy forwards, as Fastify's request.ip does", async () => {
    const t = await createTestApp('sqlite', { KEYWARD_VERIFY_FAILURES_PER_MINUTE: '3', KEYWARD_TRUST_PROXY: '127.0.0.1' });
    const agent = new Agent({ keepAlive: true });
    try {
      const creds = await t.createServiceAccountWithKey('behind-proxy');
      const base = await listen(t);
      const from = (client: string, c: Credentials) => send(base, agent, { creds: c, headers: { 'x-forwarded-for': client } });
      for (let i = 0; i < 3; i++) assert.equal((await from('203.0.113.9', { ...creds, keyId: generateKeyId() })).status, 401);
      assert.equal((await from('203.0.113.9', creds)).status, 429, 'that client used up its budget: refused even with a valid key');
      assert.equal((await from('203.0.113.10', creds)).status, 200, 'another client behind the same proxy is not');
    } finally {
      agent.destroy();
      await t.close();
    }
  });
});

describe(`${PATH} when every request is logged`, () => {
  it("is served by Fastify's route, so the request log stays complete", async () => {
    const db = await createTestDatabase('sqlite');
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    const config = loadConfig({ KEYWARD_DATA_DIR: db.dataDir, KEYWARD_PUBLIC_URL: 'https://keyward.test' });
    const keyward = await startKeyward(config, { logger: pino({ level: 'info' }, sink), store: db.store });
    try {
      await keyward.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (keyward.app.server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}${PATH}`, { headers: { authorization: basicAuth(generateKeyId(), 'x') } });
      assert.equal(res.status, 401);
      await res.text();
      const logged = lines.map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string }; reqId?: string });
      const incoming = logged.find((entry) => entry.msg === 'incoming request' && entry.req?.url === PATH);
      assert.ok(incoming, 'Fastify logged the request');
      assert.equal(incoming.reqId, res.headers.get('x-request-id'));
      assert.ok(!lines.join('').includes('authorization'), 'and never its credentials');
    } finally {
      await keyward.close();
      await db.destroy();
    }
  });
});
