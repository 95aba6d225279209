// Three keyward processes on one PostgreSQL schema, each with its credential cache warm: a key
// deleted on one, or the owner of keys deleted on one, is refused by all three within a second,
// carried by pg_notify (sent in the deleting transaction) and each instance's LISTEN connection.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyId, generateSecret } from '../../src/core/key-material.js';
import { dropSchema, postgresUrl } from '../helpers/dialects.js';
import { call, startServerProcess, type Creds, type ServerProcess } from '../helpers/server-process.js';

const skip = postgresUrl ? false : 'KEYWARD_TEST_DATABASE_URL not set';


const authenticate = async (server: ServerProcess, creds: Creds, resource = 'cloud') =>
  (await call(server, 'GET', `/keyward/v1/authenticate?resource=${resource}`, creds)).status;

/** Milliseconds from now until every instance refuses the key, each measured on its own. */
async function delaysUntilRefused(servers: ServerProcess[], creds: Creds, resource?: string): Promise<number[]> {
  const started = performance.now();
  return Promise.all(servers.map(async (server) => {
    for (;;) {
      if (await authenticate(server, creds, resource) === 401) return performance.now() - started;
      if (performance.now() - started > 5000) throw new Error(`${server.url} still accepts the key after 5 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }));
}

describe('revocation through the caches of three instances on PostgreSQL', { skip, timeout: 120_000 }, () => {
  const schema = `kw_revoke_${randomBytes(4).toString('hex')}`;
  const admin: Creds = { keyId: generateKeyId(), secret: generateSecret() };
  const sharedSecret = randomBytes(32).toString('hex');
  const dataDirs: string[] = [];
  const servers: ServerProcess[] = [];
  let adminId = '';

  before(async () => {
    const env = () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'keyward-revoke-'));
      dataDirs.push(dataDir);
      return {
        KEYWARD_DATA_DIR: dataDir, KEYWARD_DATABASE_URL: postgresUrl!, KEYWARD_DATABASE_SCHEMA: schema,
        KEYWARD_SERVER_SECRET: sharedSecret, KEYWARD_BOOTSTRAP_API_KEY: admin.keyId, KEYWARD_BOOTSTRAP_API_SECRET: admin.secret,
        KEYWARD_RATE_LIMIT_PER_MINUTE: '100000',
      };
    };
    // One after another: on a busy machine three compiling at once may miss the start-up timeout.
    for (let i = 0; i < 3; i++) servers.push(await startServerProcess(env()));
    adminId = (await call(servers[0]!, 'GET', '/iam/v2/api-keys', admin)).body.data[0].spec.owner.id;
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await dropSchema(schema);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Makes each instance verify the key a few times, so all three have it cached. */
  async function warm(creds: Creds, resource = 'cloud'): Promise<void> {
    for (const server of servers) {
      for (let i = 0; i < 3; i++) assert.equal(await authenticate(server, creds, resource), 200);
    }
  }

  it('refuses a deleted key on every instance within one second', async () => {
    const created = await call(servers[0]!, 'POST', '/iam/v2/api-keys', admin, { spec: { owner: { id: adminId }, resource: { id: 'lkc-rev123' } } });
    assert.equal(created.status, 202);
    const key = { keyId: created.body.id, secret: created.body.spec.secret };
    await warm(key, 'lkc-rev123');
    assert.equal((await call(servers[1]!, 'DELETE', `/iam/v2/api-keys/${key.keyId}`, admin)).status, 204);
    const delays = await delaysUntilRefused(servers, key, 'lkc-rev123');
    console.log(`key delete on instance 2, refused after: ${delays.map((d) => `${d.toFixed(1)} ms`).join(', ')}`);
    for (const delay of delays) assert.ok(delay < 1000, `revocation took ${delay} ms`);
  });

  it("refuses the keys of a deleted owner on every instance within one second", async () => {
    const sa = await call(servers[2]!, 'POST', '/iam/v2/service-accounts', admin, { display_name: 'revoked-owner' });
    assert.equal(sa.status, 201);
    const keys: Creds[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await call(servers[i]!, 'POST', '/iam/v2/api-keys', admin, { spec: { owner: { id: sa.body.id } } });
      keys.push({ keyId: created.body.id, secret: created.body.spec.secret });
    }
    for (const key of keys) await warm(key);
    assert.equal((await call(servers[0]!, 'DELETE', `/iam/v2/service-accounts/${sa.body.id}`, admin)).status, 204);
    const delays = (await Promise.all(keys.map((key) => delaysUntilRefused(servers, key)))).flat();
    console.log(`owner delete on instance 1, its keys refused after: ${delays.map((d) => `${d.toFixed(1)} ms`).join(', ')}`);
    for (const delay of delays) assert.ok(delay < 1000, `owner revocation took ${delay} ms`);
  });
});
