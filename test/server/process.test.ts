// keyward as a real process: what it prints at first start, what its logs never contain, and how
// it shuts down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { generateKeyId, generateSecret } from '../../src/core/key-material.js';
import { startServerProcess } from '../helpers/server-process.js';
import { basicAuth } from '../helpers/test-app.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'keyward-proc-'));
}

describe('keyward process', () => {
  it('prints generated admin credentials once to stderr, never to the log, and they work', async () => {
    const dataDir = tempDir();
    const server = await startServerProcess({ KEYWARD_DATA_DIR: dataDir });
    try {
      const match = /API key:\s+([A-Z0-9]{16})\n\s+API secret:\s+(\S{64})/.exec(server.stderr());
      assert.ok(match, server.stderr());
      const [, keyId, secret] = match as unknown as [string, string, string];
      assert.equal(server.stdout().includes(secret), false);
      const res = await fetch(`${server.url}/iam/v2/api-keys`, { headers: { authorization: basicAuth(keyId, secret) } });
      assert.equal(res.status, 200);
      assert.equal(statSync(join(dataDir, 'server-secret')).mode & 0o777, 0o600);
    } finally {
      await server.stop();
    }
    // A second start keeps the stored admin and prints no new credentials.
    const again = await startServerProcess({ KEYWARD_DATA_DIR: dataDir });
    try {
      assert.doesNotMatch(again.stderr(), /API secret/);
    } finally {
      await again.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('never logs secrets or Authorization values over a whole run, even at debug level', async () => {
    const dataDir = tempDir();
    const admin = { keyId: generateKeyId(), secret: generateSecret() };
    const server = await startServerProcess({
      KEYWARD_DATA_DIR: dataDir, KEYWARD_BOOTSTRAP_API_KEY: admin.keyId, KEYWARD_BOOTSTRAP_API_SECRET: admin.secret,
      KEYWARD_LOG_LEVEL: 'trace',
    });
    const sensitive = [admin.secret, basicAuth(admin.keyId, admin.secret)];
    try {
      const auth = { authorization: basicAuth(admin.keyId, admin.secret), 'content-type': 'application/json' };
      const me = (await (await fetch(`${server.url}/iam/v2/api-keys`, { headers: auth })).json()).data[0].spec.owner.id;
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${server.url}/iam/v2/api-keys`, { method: 'POST', headers: auth,
          body: JSON.stringify({ spec: { owner: { id: me }, display_name: `k${i}` } }) });
        const created = await res.json();
        sensitive.push(created.spec.secret, basicAuth(created.id, created.spec.secret));
        await fetch(`${server.url}/iam/v2/api-keys/${created.id}`, { headers: { authorization: basicAuth(created.id, created.spec.secret) } });
      }
      // Failing requests too: a wrong secret, a malformed body, a body that contains a secret-like value.
      await fetch(`${server.url}/iam/v2/api-keys`, { headers: { authorization: basicAuth(admin.keyId, `${admin.secret}x`) } });
      sensitive.push(`${admin.secret}x`);
      await fetch(`${server.url}/iam/v2/api-keys`, { method: 'POST', headers: auth, body: `{"spec": {"secret": "${admin.secret}"` });
    } finally {
      assert.equal(await server.stop(), 0);
      rmSync(dataDir, { recursive: true, force: true });
    }
    const output = server.stdout() + server.stderr();
    assert.ok(output.includes('"msg":"incoming request"'), 'the run was logged at all');
    for (const value of sensitive) {
      assert.equal(output.includes(value), false, 'a secret or Authorization value reached the log');
      assert.equal(output.includes(value.slice(-20)), false, 'part of a secret reached the log');
    }
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const dataDir = tempDir();
    const admin = { keyId: generateKeyId(), secret: generateSecret() };
    const server = await startServerProcess({
      KEYWARD_DATA_DIR: dataDir, KEYWARD_BOOTSTRAP_API_KEY: admin.keyId, KEYWARD_BOOTSTRAP_API_SECRET: admin.secret,
    });
    try {
      const auth = basicAuth(admin.keyId, admin.secret);
      const me = (await (await fetch(`${server.url}/iam/v2/api-keys`, { headers: { authorization: auth } })).json()).data[0].spec.owner.id;
      const body = JSON.stringify({ spec: { owner: { id: me }, display_name: 'written during shutdown' } });
      // Send half of a create request, signal the server, then send the rest: the request is
      // provably in flight when SIGTERM arrives.
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${server.url}/iam/v2/api-keys`, { method: 'POST', headers: {
          authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => { text += d.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 20));
        setTimeout(() => {
          server.child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(20)), 300);
        }, 300);
      });
      const answer = await response;
      assert.equal(answer.status, 202, answer.body);
      assert.equal(JSON.parse(answer.body).spec.display_name, 'written during shutdown');
      assert.equal(await server.stop(), 0);
      assert.match(server.stdout(), /"msg":"stopped"/);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
