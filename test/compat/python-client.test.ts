// What Confluent's generated Python client (openapi_client) requires of responses: kind and
// api_version exactly from its enums, every object reference with non-empty related and
// resource_name, RFC 3339 timestamps, and list metadata whose next is a URL or absent (never null).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertReferencesComplete, createKey, day, eachDialect, getKey, listAllPages, listKeys, newEnvironment,
  newServiceAccount, newUser, updateKey, type Ctx, type WireKey,
} from '../routes/api-keys/fixtures.js';

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The checks the Python model's from_dict applies to one ApiKey. */
function assertPythonParsable(key: WireKey): void {
  assert.equal(key.api_version, 'iam/v2');
  assert.equal(key.kind, 'ApiKey');
  assert.match(key.metadata.created_at, RFC3339_UTC);
  assert.match(key.metadata.updated_at, RFC3339_UTC);
  assert.ok(key.metadata.self.length > 0 && key.metadata.resource_name.length > 0);
  assertReferencesComplete(key);
  assert.ok(['User', 'ServiceAccount'].includes(key.spec.owner.kind));
}

eachDialect('Python client (openapi_client)', (ctx: Ctx) => {
  it('accepts owner and resource as bare {id} and answers complete references', async () => {
    const { t } = ctx;
    const env = await newEnvironment(t);
    const user = await newUser(t);
    for (const resource of [{ id: 'cloud' }, { id: 'lkc-abc123', environment: env }, { id: 'gcp.us-central1', environment: env }]) {
      const res = await createKey(t, { owner: { id: user }, resource, display_name: 'py' });
      assert.equal(res.statusCode, 202, res.body);
      assertPythonParsable(res.json());
    }
  });

  it('parses every key in get, update and list responses, expired keys included', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const ids: string[] = [];
    for (const resource of ['cloud', 'global', 'tableflow', 'lsrc-abc123', 'lksqlc-abc123']) {
      ids.push((await createKey(t, { owner: { id: sa }, resource: { id: resource }, expires_at: day(t) })).json().id);
    }
    t.clock.advanceDays(1);
    for (const id of ids) {
      assertPythonParsable((await getKey(t, id)).json());
      assertPythonParsable((await updateKey(t, id, { spec: { description: 'python' } })).json());
    }
    const { pages } = await listAllPages(t, '/iam/v2/api-keys?show_expired=true&page_size=2');
    for (const page of pages) {
      const body = page.json();
      assert.equal(body.api_version, 'iam/v2');
      assert.equal(body.kind, 'ApiKeyList');
      assert.ok(!('next' in body.metadata) || typeof body.metadata.next === 'string');
      for (const key of body.data) assertPythonParsable(key);
    }
    assert.equal(pages.flatMap((p) => p.json().data).length, ids.length + 1);
  });

  it('gets an ApiKeyList with an empty data array, not null, when nothing matches', async () => {
    const res = await listKeys(ctx.t, '?spec.owner=sa-nobody1');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().data, []);
    assert.equal(res.json().kind, 'ApiKeyList');
  });
});
