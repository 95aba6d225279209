// Replays of what Confluent's Go SDK (ccloud-sdk-go-v2/apikeys) sends: every ObjectReference it
// marshals carries "related": "" and "resource_name": "" (required fields with zero values), which
// keyward must accept and ignore; and what it needs back: JSON content types and non-empty
// related/resource_name in every reference of every response.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_KEYS, assertOk, assertReferencesComplete, assertStandardHeaders, createKey, eachDialect, expectedFrom, getKey,
  kafka, listKeys, newEnvironment, newServiceAccount, updateKey, type Ctx, type WireKey,
} from '../routes/api-keys/fixtures.js';

const goReference = (id: string, environment?: string) => ({ id, ...(environment && { environment }), related: '', resource_name: '' });

eachDialect('Go SDK (ccloud-sdk-go-v2/apikeys)', (ctx: Ctx) => {
  it('accepts owner and resource with empty related and resource_name, and answers them filled in', async () => {
    const { t, orgId } = ctx;
    const env = await newEnvironment(t);
    const sa = await newServiceAccount(t);
    const res = await createKey(t, { display_name: 'go', description: '', owner: goReference(sa), resource: goReference('lkc-abc123', env) });
    assertOk(res, 202);
    const body = res.json() as WireKey;
    assert.deepEqual(body, expectedFrom(orgId, body, { ownerId: sa, displayName: 'go', resource: kafka('lkc-abc123', env), createdBy: t.admin.principalId, secret: body.spec.secret! }));
    assertReferencesComplete(body);
  });

  it('accepts a Cloud key with resource {id:"cloud", related:"", resource_name:""}', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const res = await createKey(t, { owner: goReference(sa), resource: goReference('cloud') });
    assertOk(res, 202);
    assertReferencesComplete(res.json());
    assert.equal(res.json().spec.resource.kind, 'Cloud');
  });

  it('gets non-empty related and resource_name in create, get, list and update responses', async () => {
    const { t } = ctx;
    const env = await newEnvironment(t);
    const sa = await newServiceAccount(t);
    const resources = ['cloud', 'global', 'tableflow', 'lkc-abc123', 'lsrc-abc123', 'lksqlc-abc123', 'aws.us-east-2'];
    const ids: string[] = [];
    for (const id of resources) {
      const created = await createKey(t, { owner: goReference(sa), resource: goReference(id, env) });
      assertOk(created, 202);
      assertReferencesComplete(created.json());
      ids.push(created.json().id);
    }
    for (const id of ids) {
      assertReferencesComplete((await getKey(t, id)).json());
      assertReferencesComplete((await updateKey(t, id, { spec: { display_name: 'renamed' } })).json());
    }
    const list = await listKeys(t, '?page_size=100');
    assert.equal(list.json().data.length, resources.length + 1);
    for (const key of list.json().data) assertReferencesComplete(key);
  });

  it('gets Content-Type application/json and X-Request-Id on successes and errors alike', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const created = await createKey(t, { owner: goReference(sa) });
    const responses = [
      created,
      await getKey(t, created.json().id),
      await listKeys(t),
      await updateKey(t, created.json().id, { spec: { description: 'x' } }),
      await getKey(t, 'NOPENOPENOPENOPE'),
      await createKey(t, { owner: goReference('sa-missing') }),
      await listKeys(t, '?page_size=0'),
      await t.request({ method: 'GET', url: API_KEYS, as: null }),
      await t.request({ method: 'PUT', url: `${API_KEYS}/${created.json().id}`, payload: {} }),
    ];
    for (const res of responses) assertStandardHeaders(res);
  });
});
