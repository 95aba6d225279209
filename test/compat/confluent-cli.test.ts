// Replays of what the Confluent CLI (`confluent api-key create/list/update`) sends: owner as {id},
// resource as {id} (no environment, `cloud` for a Cloud key), a description but never a
// display_name, and lists that always carry spec.owner= and spec.resource=, empty when unused.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_KEYS, assertFailure, assertOk, createKey, eachDialect, idsOf, expectedFrom, kafka, ksqlDb, listKeys, newServiceAccount,
  schemaRegistry, updateKey, type Ctx, type WireKey,
} from '../routes/api-keys/fixtures.js';

const cliCreate = (owner: string, resource: string, description = '') => ({ owner: { id: owner }, resource: { id: resource }, description });

eachDialect('Confluent CLI api-key commands', (ctx: Ctx) => {
  it('creates a Cloud key from {owner:{id}, resource:{id:"cloud"}, description} with no display_name', async () => {
    const { t, orgId } = ctx;
    const sa = await newServiceAccount(t);
    const res = await createKey(t, cliCreate(sa, 'cloud', 'made by the CLI'));
    assertOk(res, 202);
    const body = res.json() as WireKey;
    assert.deepEqual(body, expectedFrom(orgId, body, { ownerId: sa, description: 'made by the CLI', createdBy: t.admin.principalId, secret: body.spec.secret! }));
    assert.equal(body.spec.display_name, '');
  });

  it('creates cluster keys without an environment, with the kinds the CLI shows as the key type', async () => {
    const { t, orgId } = ctx;
    const sa = await newServiceAccount(t);
    for (const [id, resource] of [['lkc-abc123', kafka('lkc-abc123')], ['lsrc-abc123', schemaRegistry('lsrc-abc123')], ['lksqlc-abc123', ksqlDb('lksqlc-abc123')]] as const) {
      const body = (await createKey(t, cliCreate(sa, id))).json() as WireKey;
      assert.deepEqual(body, expectedFrom(orgId, body, { ownerId: sa, resource, createdBy: t.admin.principalId, secret: body.spec.secret! }));
    }
  });

  it('lists with spec.owner= and spec.resource= sent empty when unused', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const other = await newServiceAccount(t);
    const cloud = (await createKey(t, cliCreate(sa, 'cloud'))).json().id as string;
    const kafkaKey = (await createKey(t, cliCreate(sa, 'lkc-abc123'))).json().id as string;
    const otherKey = (await createKey(t, cliCreate(other, 'lkc-abc123'))).json().id as string;

    const all = await listKeys(t, '?spec.owner=&spec.resource=&page_size=100');
    assertOk(all, 200);
    assert.deepEqual(idsOf(all), [t.admin.keyId, cloud, kafkaKey, otherKey].sort());
    assert.deepEqual(idsOf(await listKeys(t, `?spec.owner=${sa}&spec.resource=`)), [cloud, kafkaKey].sort());
    assert.deepEqual(idsOf(await listKeys(t, '?spec.owner=&spec.resource=lkc-abc123')), [kafkaKey, otherKey].sort());
    assert.deepEqual(idsOf(await listKeys(t, `?spec.owner=${other}&spec.resource=lkc-abc123`)), [otherKey]);
    assert.deepEqual(idsOf(await listKeys(t, '?spec.owner=&spec.resource=cloud')), [t.admin.keyId, cloud].sort());
  });

  it('updates the description alone', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const id = (await createKey(t, cliCreate(sa, 'cloud', 'first'))).json().id as string;
    const res = await updateKey(t, id, { spec: { description: 'second' } });
    assertOk(res, 200);
    assert.equal(res.json().spec.description, 'second');
    assert.equal(res.json().spec.display_name, '');
  });

  it('gets a printable errors[0].detail for a bad resource and for an unknown key', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const bad = await createKey(t, cliCreate(sa, 'lkc'));
    assertFailure(bad, { status: 422, code: 'invalid_configuration', pointer: '/spec/resource/id', detail: /lkc/ });
    const missing = await t.request({ method: 'DELETE', url: `${API_KEYS}/NOPENOPENOPENOPE` });
    assertFailure(missing, { status: 404, code: 'not_found', detail: /NOPENOPENOPENOPE/ });
  });
});
