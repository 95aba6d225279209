// Three keyward processes on loopback ports share one PostgreSQL schema: writes are readable
// everywhere at once, revocation is immediate everywhere, quotas hold cluster-wide, page tokens
// travel, and instances ride out database faults without a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateKeyId, generateSecret } from '../../src/core/key-material.js';
import { dropSchema, postgresUrl } from '../helpers/dialects.js';
import { call, startServerProcess, type Creds, type ServerProcess } from '../helpers/server-process.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const skip = postgresUrl ? false : 'KEYWARD_TEST_DATABASE_URL not set';


/** Polls until `check` holds on every instance; returns the milliseconds that took. */
async function millisUntil(servers: ServerProcess[], check: (s: ServerProcess) => Promise<boolean>): Promise<number> {
  const started = performance.now();
  for (;;) {
    const results = await Promise.all(servers.map(check));
    if (results.every(Boolean)) return performance.now() - started;
    if (performance.now() - started > 5000) throw new Error('condition did not hold on every instance within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('three instances on one PostgreSQL database', { skip, timeout: 120_000 }, () => {
  const schema = `kw_multi_${randomBytes(4).toString('hex')}`;
  const admin: Creds = { keyId: generateKeyId(), secret: generateSecret() };
  const dataDirs: string[] = [];
  const servers: ServerProcess[] = [];
  let adminId = '';

  function env(databaseUrl = postgresUrl!): Record<string, string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyward-multi-'));
    dataDirs.push(dataDir);
    return {
      KEYWARD_DATA_DIR: dataDir,
      KEYWARD_DATABASE_URL: databaseUrl,
      KEYWARD_DATABASE_SCHEMA: schema,
      KEYWARD_SERVER_SECRET: sharedSecret,
      KEYWARD_BOOTSTRAP_API_KEY: admin.keyId,
      KEYWARD_BOOTSTRAP_API_SECRET: admin.secret,
      KEYWARD_APIKEYS_PER_ORG: '40',
      KEYWARD_RATE_LIMIT_PER_MINUTE: '100000',
    };
  }
  const sharedSecret = randomBytes(32).toString('hex');

  before(async () => {
    // Started together against an empty schema: they migrate and bootstrap exactly once.
    servers.push(...await Promise.all([0, 1, 2].map(() => startServerProcess(env()))));
    adminId = (await call(servers[0]!, 'GET', '/iam/v2/api-keys', admin)).body.data[0].spec.owner.id;
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await dropSchema(schema);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('migrated and bootstrapped once', async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const orgs = await client.query(`SELECT count(*)::int AS n FROM "${schema}".organizations`);
      const admins = await client.query(`SELECT count(*)::int AS n FROM "${schema}".users`);
      const versions = await client.query(`SELECT version, count(*)::int AS n FROM "${schema}".schema_migrations GROUP BY version`);
      assert.equal(orgs.rows[0].n, 1);
      assert.equal(admins.rows[0].n, 1);
      for (const row of versions.rows) assert.equal(row.n, 1);
    } finally {
      await client.end();
    }
  });

  it('reads a key created on A from B and C in the very next request, where it authenticates', async () => {
    for (let i = 0; i < 5; i++) {
      const created = await call(servers[0]!, 'POST', '/iam/v2/api-keys', admin, { spec: { owner: { id: adminId }, display_name: `raw-${i}` } });
      assert.equal(created.status, 202);
      const key = { keyId: created.body.id, secret: created.body.spec.secret };
      for (const server of servers.slice(1)) {
        const read = await call(server, 'GET', `/iam/v2/api-keys/${key.keyId}`, admin);
        assert.equal(read.status, 200);
        assert.equal(read.body.spec.display_name, `raw-${i}`);
        assert.equal((await call(server, 'GET', `/iam/v2/api-keys/${key.keyId}`, key)).status, 200);
      }
    }
  });

  it('stops a deleted key, and the key of a deleted owner, on every instance within one second', async () => {
    const created = await call(servers[0]!, 'POST', '/iam/v2/api-keys', admin, { spec: { owner: { id: adminId } } });
    const key = { keyId: created.body.id, secret: created.body.spec.secret };
    assert.equal((await call(servers[2]!, 'DELETE', `/iam/v2/api-keys/${key.keyId}`, admin)).status, 204);
    const deleteDelay = await millisUntil(servers, async (s) => (await call(s, 'GET', '/org/v2/environments', key)).status === 401);
    assert.ok(deleteDelay < 1000, `revocation took ${deleteDelay} ms`);

    const sa = await call(servers[1]!, 'POST', '/iam/v2/service-accounts', admin, { display_name: 'doomed' });
    const saKey = await call(servers[1]!, 'POST', '/iam/v2/api-keys', admin, { spec: { owner: { id: sa.body.id } } });
    const saCreds = { keyId: saKey.body.id, secret: saKey.body.spec.secret };
    assert.equal((await call(servers[2]!, 'GET', '/org/v2/environments', saCreds)).status, 200);
    assert.equal((await call(servers[0]!, 'DELETE', `/iam/v2/service-accounts/${sa.body.id}`, admin)).status, 204);
    const ownerDelay = await millisUntil(servers, async (s) => (await call(s, 'GET', '/org/v2/environments', saCreds)).status === 401);
    assert.ok(ownerDelay < 1000, `owner revocation took ${ownerDelay} ms`);
    console.log(`revocation delay across 3 instances: key delete ${deleteDelay.toFixed(1)} ms, owner delete ${ownerDelay.toFixed(1)} ms`);
  });

  it('admits exactly the free quota slots to 64 concurrent creates spread over the instances', async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    const live = (await client.query(`SELECT count(*)::int AS n FROM "${schema}".api_keys WHERE deleted_at IS NULL`)).rows[0].n as number;
    // Fill up to 10 free slots under the org quota of 40.
    for (let i = live; i < 30; i++) {
      assert.equal((await call(servers[i % 3]!, 'POST', '/iam/v2/api-keys', admin, { spec: { owner: { id: adminId } } })).status, 202);
    }
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) =>
      call(servers[i % 3]!, 'POST', '/iam/v2/api-keys', admin, { spec: { owner: { id: adminId }, display_name: `race-${i}` } })));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 202).length, 10, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 402).length, 54);
    const after = (await client.query(`SELECT count(*)::int AS n FROM "${schema}".api_keys WHERE deleted_at IS NULL`)).rows[0].n;
    await client.end();
    assert.equal(after, 40);
  });

  it('accepts page tokens issued by one instance on the others', async () => {
    const first = await call(servers[0]!, 'GET', '/iam/v2/api-keys?page_size=7', admin);
    const seen = new Set<string>(first.body.data.map((k: { id: string }) => k.id));
    let next: string | undefined = first.body.metadata.next;
    let hop = 1;
    while (next) {
      const url = new URL(next);
      const page = await call(servers[hop++ % 3]!, 'GET', `${url.pathname}${url.search}`, admin);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      for (const key of page.body.data) {
        assert.equal(seen.has(key.id), false, 'no key twice');
        seen.add(key.id);
      }
      next = page.body.metadata.next;
    }
    assert.equal(seen.size, 40);
  });

  it('recovers without a restart when PostgreSQL terminates its connections mid-traffic, losing no acknowledged write', async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      // Make room: delete ten keys, then create and delete keys while backends are killed.
      const list = await call(servers[0]!, 'GET', '/iam/v2/api-keys?page_size=100', admin);
      for (const key of list.body.data.filter((k: { id: string }) => k.id !== admin.keyId).slice(0, 10)) {
        assert.equal((await call(servers[1]!, 'DELETE', `/iam/v2/api-keys/${key.id}`, admin)).status, 204);
      }
      const acknowledged: string[] = [];
      const statuses: number[] = [];
      const traffic = (async () => {
        for (let i = 0; i < 30; i++) {
          const res = await call(servers[i % 3]!, 'POST', '/iam/v2/api-keys', admin, { spec: { owner: { id: adminId }, display_name: `fault-${i}` } });
          statuses.push(res.status);
          if (res.status === 202) {
            acknowledged.push(res.body.id);
            if (acknowledged.length % 3 === 0) await call(servers[(i + 1) % 3]!, 'DELETE', `/iam/v2/api-keys/${res.body.id}`, admin);
          }
        }
      })();
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 40));
        await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`keyward:${schema}`]);
      }
      await traffic;
      // Every answer was a success, a quota refusal or a clean 503: never a 500 or a hang.
      for (const status of statuses) assert.ok([202, 402, 503].includes(status), `unexpected ${status}`);
      for (const server of servers) {
        assert.equal((await call(server, 'GET', '/iam/v2/api-keys?page_size=1', admin)).status, 200, 'instance recovered');
      }
      for (const id of acknowledged) {
        const read = await client.query(`SELECT id FROM "${schema}".api_keys WHERE id = $1`, [id]);
        assert.equal(read.rowCount, 1, `acknowledged key ${id} was lost`);
      }
      assert.ok(acknowledged.length > 0);
    } finally {
      await client.end();
    }
  });

  it('answers 503 while its database is unreachable and resumes by itself when it returns', async () => {
    const target = new URL(postgresUrl!);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(postgresUrl!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const server = await startServerProcess(env(viaProxy.toString()));
    servers.push(server);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);

    await proxy.cut();
    const started = performance.now();
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 503);
    const api = await call(server, 'GET', '/iam/v2/api-keys', admin);
    assert.equal(api.status, 503);
    assert.equal(api.body.errors[0].code, 'service_unavailable');
    assert.ok(performance.now() - started < 10_000, 'answers come back without hanging');

    await proxy.start();
    const resumed = await millisUntil([server], async (s) => (await fetch(`${s.url}/readyz`)).status === 200);
    assert.equal((await call(server, 'GET', '/iam/v2/api-keys', admin)).status, 200);
    console.log(`resumed ${resumed.toFixed(0)} ms after the database came back`);
    await proxy.cut();
    await server.stop();
  });
});
