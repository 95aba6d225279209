// The hot paths' responses are written in batches (src/server/response-batch.ts): held until the
// event loop's turn ends or 16 wait, then written in order. Checked on the batch itself, on a
// plain Node server, and through keyward over real sockets, where many answers written together
// must each still reach its own request, in order on a connection.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Agent, createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { endInBatch, WriteBatch } from '../../src/server/response-batch.js';
import { requestOver, type Answer } from '../helpers/agent-request.js';
import { basicAuth, createTestApp, type Credentials, type TestApp } from '../helpers/test-app.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('WriteBatch', () => {
  it('runs nothing when a write is added, and every write at the end of the turn, in order', async () => {
    const batch = new WriteBatch(16);
    const ran: number[] = [];
    for (let i = 0; i < 5; i++) batch.add(() => ran.push(i));
    assert.equal(ran.length, 0);
    await nextTurn();
    assert.deepEqual(ran, [0, 1, 2, 3, 4]);
  });

  it('runs the whole batch at once when it is full, and nothing twice', async () => {
    const batch = new WriteBatch(4);
    const ran: number[] = [];
    for (let i = 0; i < 3; i++) batch.add(() => ran.push(i));
    assert.equal(ran.length, 0);
    batch.add(() => ran.push(3));
    assert.deepEqual(ran, [0, 1, 2, 3], 'the fourth write fills the batch');
    batch.add(() => ran.push(4));
    assert.deepEqual(ran, [0, 1, 2, 3], 'a new batch starts');
    await nextTurn();
    await nextTurn();
    assert.deepEqual(ran, [0, 1, 2, 3, 4]);
  });

  it('starts a new batch for writes added while one is written', async () => {
    const batch = new WriteBatch(16);
    const ran: string[] = [];
    batch.add(() => {
      ran.push('first');
      batch.add(() => ran.push('added while writing'));
    });
    await nextTurn();
    assert.deepEqual(ran, ['first']);
    await nextTurn();
    assert.deepEqual(ran, ['first', 'added while writing']);
  });
});

describe('endInBatch on a Node server', () => {
  it('ends the response once the handler has returned, not during it', async () => {
    const endedDuringHandler: boolean[] = [];
    const server = createServer((_request, response) => {
      response.writeHead(200, ['content-type', 'text/plain', 'content-length', '2']);
      endInBatch(response, 'ok');
      endedDuringHandler.push(response.writableEnded);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(answer.status, 200);
      assert.equal(await answer.text(), 'ok');
      assert.deepEqual(endedDuringHandler, [false]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

function send(base: string, agent: Agent, path: string, creds: Credentials, body?: object): Promise<Answer> {
  return requestOver(agent, `${base}${path}`, {
    creds, method: body ? 'POST' : 'GET', body: body && JSON.stringify(body),
    headers: body ? { 'content-type': 'application/json' } : {},
  });
}

describe('batched answers over real sockets', () => {
  let t: TestApp;
  let base: string;
  let port: number;
  const keys: Credentials[] = [];
  // As many connections as a batch holds and more, so that batches fill and flush at once too.
  const agent = new Agent({ keepAlive: true, maxSockets: 40 });

  before(async () => {
    t = await createTestApp('sqlite', { KEYWARD_RATE_LIMIT_PER_MINUTE: '100000', KEYWARD_VERIFY_FAILURES_PER_MINUTE: '100000' });
    for (let i = 0; i < 4; i++) keys.push(await t.createServiceAccountWithKey(`batch-${i}`));
    await t.keyward.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.keyward.app.server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    agent.destroy();
    await t.close();
  });

  it('gives each of 200 concurrent authenticate, verify and refused requests its own answer', async () => {
    const wrong = { ...keys[0]!, secret: keys[1]!.secret };
    const calls = Array.from({ length: 200 }, (_, i) => {
      const key = keys[i % keys.length]!;
      switch (i % 3) {
        case 0: return send(base, agent, '/keyward/v1/authenticate', key).then((answer) => ({ i, key, kind: 'authenticate', answer }));
        case 1: return send(base, agent, '/keyward/v1/verify', t.admin, { api_key: key.keyId, api_secret: key.secret })
          .then((answer) => ({ i, key, kind: 'verify', answer }));
        default: return send(base, agent, '/keyward/v1/authenticate', wrong).then((answer) => ({ i, key, kind: 'refused', answer }));
      }
    });
    const requestIds = new Set<string>();
    for (const { i, key, kind, answer } of await Promise.all(calls)) {
      requestIds.add(String(answer.headers['x-request-id']));
      if (kind === 'authenticate') {
        assert.equal(answer.status, 200, `request ${i}`);
        assert.equal(answer.headers['x-keyward-key-id'], key.keyId, `request ${i}`);
        assert.equal(answer.headers['x-keyward-owner-id'], key.principalId, `request ${i}`);
      } else if (kind === 'verify') {
        assert.equal(answer.status, 200, `request ${i}: ${answer.body}`);
        const body = JSON.parse(answer.body);
        assert.equal(body.valid, true);
        assert.equal(body.key_id, key.keyId, `request ${i}`);
        assert.equal(body.owner.id, key.principalId, `request ${i}`);
      } else {
        assert.equal(answer.status, 401, `request ${i}`);
        assert.equal(JSON.parse(answer.body).errors[0].id, answer.headers['x-request-id'], `request ${i}`);
      }
    }
    assert.equal(requestIds.size, 200, 'every answer carries its own request id');
  });

  it('answers requests pipelined on one connection in their order', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    try {
      const requests = keys.map((key) => `GET /keyward/v1/authenticate HTTP/1.1\r\nHost: x\r\nAuthorization: ${basicAuth(key.keyId, key.secret)}\r\n\r\n`);
      socket.write(requests.join(''));
      let received = '';
      socket.setEncoding('latin1');
      while ((received.match(/HTTP\/1\.1 /g) ?? []).length < keys.length) {
        const [chunk] = await once(socket, 'data') as [string];
        received += chunk;
      }
      const named = [...received.matchAll(/x-keyward-key-id: (\S+)/g)].map((match) => match[1]);
      assert.deepEqual(named, keys.map((key) => key.keyId));
    } finally {
      socket.destroy();
    }
  });
});
