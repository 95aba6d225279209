// The SDK against a real keyward over HTTP: every operation, paging and the error it throws.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClientError, IamV2ApiKey, IamV2ApiKeySpec, IamV2ApiKeySpecUpdate, IamV2ApiKeyUpdate, IamV2ServiceAccount,
  IamV2User, KeywardClient, ObjectReference,
} from '../../src/index.js';
import { dialects } from '../helpers/dialects.js';
import { recordingFetch, startListeningApp, type ListeningApp } from './listening-app.js';

function newKey(ownerId: string, extra: Partial<ConstructorParameters<typeof IamV2ApiKeySpec>[0]> = {}): IamV2ApiKey {
  return new IamV2ApiKey({ spec: new IamV2ApiKeySpec({ owner: new ObjectReference({ id: ownerId }), resource: new ObjectReference({ id: 'cloud' }), ...extra }) });
}

async function rejectsWith(promise: Promise<unknown>, expected: Partial<ApiClientError>): Promise<ApiClientError> {
  const err = await promise.then(() => assert.fail('expected the call to fail'), (e: unknown) => e);
  assert.ok(err instanceof ApiClientError, `expected ApiClientError, got ${String(err)}`);
  for (const [name, value] of Object.entries(expected)) assert.deepEqual(err[name as keyof ApiClientError], value, name);
  return err;
}

for (const dialect of dialects) {
  describe(`KeywardClient against keyward (${dialect})`, () => {
    let app: ListeningApp;
    let client: KeywardClient;
    before(async () => {
      app = await startListeningApp(dialect);
      client = app.client;
    });
    after(() => app.close());

    it('creates, reads, updates, lists and deletes an API key with the model classes', async () => {
      const sa = await client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: `sdk-${dialect}`, description: 'sdk test' }));
      assert.match(sa.id ?? '', /^sa-/);

      const created = await client.createIamV2ApiKey(newKey(sa.id!, { displayName: 'ci', description: 'first' }));
      assert.ok(created instanceof IamV2ApiKey);
      assert.match(created.id ?? '', /^[A-Z0-9]{16}$/);
      assert.equal(created.spec?.secret?.length, 64);
      assert.equal(created.spec?.owner?.kind, 'ServiceAccount');
      assert.equal(created.spec?.resource?.id, 'cloud');

      const read = await client.getIamV2ApiKey(created.id!);
      assert.equal(read.spec?.secret, undefined, 'GET never carries the secret');
      assert.equal(read.spec?.description, 'first');

      const updated = await client.updateIamV2ApiKey(created.id!, new IamV2ApiKeyUpdate({ spec: new IamV2ApiKeySpecUpdate({ description: 'second' }) }));
      assert.equal(updated.spec?.description, 'second');
      assert.equal(updated.spec?.displayName, 'ci');

      const page = await client.listIamV2ApiKeys({ owner: sa.id! });
      assert.deepEqual(page.data.map((k) => k.id), [created.id]);
      assert.equal(page.kind, 'ApiKeyList');

      await client.deleteIamV2ApiKey(created.id!);
      const err = await rejectsWith(client.getIamV2ApiKey(created.id!), { status: 404, code: 'not_found' });
      assert.match(err.requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.match(err.detail, new RegExp(created.id!));
    });

    it('listAll follows metadata.next through the configured base URL until the last page', async () => {
      const sa = await client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: `pager-${dialect}` }));
      const ids = new Set<string>();
      for (let i = 0; i < 23; i++) ids.add((await client.createIamV2ApiKey(newKey(sa.id!))).id!);

      const recorder = recordingFetch();
      const recorded = app.clientFor(app.t.admin, { fetch: recorder.fetch });
      const seen: string[] = [];
      for await (const key of recorded.listAllIamV2ApiKeys({ owner: sa.id!, pageSize: 10 })) seen.push(key.id!);

      assert.deepEqual(new Set(seen), ids);
      assert.equal(seen.length, 23, 'no key twice');
      assert.equal(recorder.calls.length, 3);
      for (const call of recorder.calls) assert.ok(call.url.startsWith(app.baseUrl), `stays on ${app.baseUrl}: ${call.url}`);
      const second = new URL(recorder.calls[1]!.url).searchParams;
      assert.equal(second.get('spec.owner'), sa.id, 'filters travel with the page token');
      assert.ok(second.get('page_token'));
    });

    it('manages service accounts', async () => {
      const sa = await client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: `svc-${dialect}`, description: 'before' }));
      assert.equal((await client.getIamV2ServiceAccount(sa.id!)).displayName, `svc-${dialect}`);
      const updated = await client.updateIamV2ServiceAccount(sa.id!, new IamV2ServiceAccount({ description: 'after' }));
      assert.equal(updated.description, 'after');
      const byName = await client.listIamV2ServiceAccounts({ displayName: [`svc-${dialect}`] });
      assert.deepEqual(byName.data.map((s) => s.id), [sa.id]);
      const all: string[] = [];
      for await (const s of client.listAllIamV2ServiceAccounts()) all.push(s.id!);
      assert.ok(all.includes(sa.id!));
      await rejectsWith(client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: `svc-${dialect}` })), { status: 409, code: 'resource_already_exists' });
      await client.deleteIamV2ServiceAccount(sa.id!);
      await rejectsWith(client.getIamV2ServiceAccount(sa.id!), { status: 404 });
    });

    it('manages users, creating them through keyward\'s extension', async () => {
      const user = await client.createIamV2User(new IamV2User({ email: `doc-${dialect}@example.com`, fullName: 'Emmett Brown' }));
      assert.match(user.id ?? '', /^u-/);
      assert.equal(user.email, `doc-${dialect}@example.com`);
      const renamed = await client.updateIamV2User(user.id!, new IamV2User({ fullName: 'Doc Brown' }));
      assert.equal(renamed.fullName, 'Doc Brown');
      assert.equal((await client.getIamV2User(user.id!)).fullName, 'Doc Brown');
      const emails: string[] = [];
      for await (const u of client.listAllIamV2Users()) emails.push(u.email!);
      assert.ok(emails.includes(`doc-${dialect}@example.com`));
      assert.equal((await client.listIamV2Users({ pageSize: 1 })).data.length, 1);
      await client.deleteIamV2User(user.id!);
      await rejectsWith(client.getIamV2User(user.id!), { status: 404 });
    });

    it('manages org/v2 environments', async () => {
      const env = await client.createOrgV2Environment({ display_name: `env-${dialect}` });
      assert.match(env.id, /^env-/);
      assert.equal((await client.getOrgV2Environment(env.id)).display_name, `env-${dialect}`);
      assert.equal((await client.updateOrgV2Environment(env.id, { display_name: `prod-${dialect}` })).display_name, `prod-${dialect}`);
      const ids: string[] = [];
      for await (const e of client.listAllOrgV2Environments()) ids.push(e.id);
      assert.ok(ids.includes(env.id));
      assert.equal((await client.listOrgV2Environments({ pageSize: 1 })).kind, 'EnvironmentList');
      await client.deleteOrgV2Environment(env.id);
      await rejectsWith(client.getOrgV2Environment(env.id), { status: 404 });
    });

    it('reads the audit log, filtered and page after page', async () => {
      const sa = await client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: `audited-${dialect}`, description: '' }));
      await client.updateIamV2ServiceAccount(sa.id!, new IamV2ServiceAccount({ description: 'changed' }));
      const ofAccount = await client.listKeywardV1AuditEvents({ targetId: sa.id! });
      assert.equal(ofAccount.kind, 'AuditEventList');
      assert.deepEqual(ofAccount.data.map((e) => e.action), ['service_account.create', 'service_account.update']);
      assert.deepEqual((await client.listKeywardV1AuditEvents({ targetId: sa.id!, action: 'service_account.update' })).data.map((e) => e.id),
        [ofAccount.data[1]!.id]);
      const all: string[] = [];
      for await (const e of client.listAllKeywardV1AuditEvents({ pageSize: 2 })) all.push(e.id);
      const stored = (await app.t.store.pageAudit({ orgId: (await app.t.store.getOrganization())!.id }, { limit: 10_000 })).items;
      assert.deepEqual(all, stored.map((e) => e.id));
      const newestFirst: string[] = [];
      for await (const e of client.listAllKeywardV1AuditEvents({ pageSize: 2, order: 'newest_first' })) newestFirst.push(e.id);
      assert.deepEqual(newestFirst, [...all].reverse());
      const robot = await app.t.createServiceAccountWithKey(`robot-${dialect}`);
      await rejectsWith(app.clientFor(robot).listKeywardV1AuditEvents(), { status: 403, code: 'user_unauthorized' });
    });

    it('reports bad credentials as 401 and a refused body as 422, with the server\'s detail', async () => {
      const wrong = app.clientFor({ ...app.t.admin, secret: 'x'.repeat(64) });
      await rejectsWith(wrong.listOrgV2Environments(), { status: 401, code: 'user_unauthenticated', detail: 'Valid authentication credentials must be provided' });
      const err = await rejectsWith(client.createIamV2ApiKey(newKey('not-a-principal')), { status: 422, code: 'invalid_configuration' });
      assert.equal(err.errors[0]?.source?.pointer, '/spec/owner/id');
    });

    it('is configured from KEYWARD_URL, KEYWARD_API_KEY and KEYWARD_API_SECRET', async () => {
      const fromEnv = KeywardClient.fromEnv({ KEYWARD_URL: `${app.baseUrl}/`, KEYWARD_API_KEY: app.t.admin.keyId, KEYWARD_API_SECRET: app.t.admin.secret });
      assert.equal((await fromEnv.listOrgV2Environments()).kind, 'EnvironmentList');
      assert.throws(() => KeywardClient.fromEnv({ KEYWARD_URL: app.baseUrl }), /missing KEYWARD_API_KEY, KEYWARD_API_SECRET/);
    });
  });

  describe(`KeywardClient and keyward's rate limit (${dialect})`, () => {
    let app: ListeningApp;
    before(async () => { app = await startListeningApp(dialect, { KEYWARD_RATE_LIMIT_PER_MINUTE: '2' }); });
    after(() => app.close());

    it('gives up at once when Retry-After asks for longer than maxRetryDelayMs', async () => {
      const recorder = recordingFetch();
      const client = app.clientFor(app.t.admin, { fetch: recorder.fetch, maxRetryDelayMs: 1000 });
      await client.listOrgV2Environments();
      await client.listOrgV2Environments();
      const err = await rejectsWith(client.listOrgV2Environments(), { status: 429, code: 'too_many_requests' });
      assert.ok((err.retryAfterMs ?? 0) > 1000, `Retry-After was ${err.retryAfterMs} ms`);
      assert.equal(recorder.calls.length, 3, 'the refused call was not retried early');
    });
  });
}
