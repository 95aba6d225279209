import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNothingChanged, call, createServiceAccount, describeRoute, expectFailure, expectInvalidBody, itHandlesLongIds,
  itRejectsMalformedBodies,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`PATCH ${COLLECTION}/:id errors`, (ctx) => {
  it('answers 409 resource_already_exists to a rename onto a live account, changing nothing', async () => {
    const c = ctx();
    await createServiceAccount(c, 'holder');
    const sa = await createServiceAccount(c, 'mover', 'stays');
    const res = await assertNothingChanged(c, () =>
      call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { display_name: 'holder', description: 'would change' } }));
    expectFailure(res, 409, 'resource_already_exists', "A service account named 'holder' already exists", { pointer: '/display_name' });
  });

  it('answers 404 to an unknown id', async () => {
    const c = ctx();
    const res = await assertNothingChanged(c, () => call(c, { method: 'PATCH', url: `${COLLECTION}/sa-nope123`, payload: { description: 'x' } }));
    expectFailure(res, 404, 'not_found', "Service account 'sa-nope123' was not found");
  });

  it('answers 404 to a deleted account, leaving its tombstone as it was', async () => {
    const c = ctx();
    const sa = await createServiceAccount(c, 'late');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${sa.id}` })).statusCode, 204);
    const tombstone = await c.t.store.getServiceAccount(c.orgId, sa.id);
    const res = await assertNothingChanged(c, () => call(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload: { display_name: 'revived' } }));
    expectFailure(res, 404, 'not_found', `Service account '${sa.id}' was not found`);
    assert.deepEqual(await c.t.store.getServiceAccount(c.orgId, sa.id), tombstone);
  });

  const invalid: Array<[label: string, payload: object, pointer: string, detail: string]> = [
    ['an empty display_name', { display_name: '' }, '/display_name', "The property '/display_name' must NOT have fewer than 1 characters"],
    ['a null display_name', { display_name: null }, '/display_name', "The property '/display_name' must be string"],
    ['a numeric display_name', { display_name: 1 }, '/display_name', "The property '/display_name' must be string"],
    ['a 65-character display_name', { display_name: 'y'.repeat(65) }, '/display_name', "The property '/display_name' must NOT have more than 64 characters"],
    ['a boolean description', { description: true }, '/description', "The property '/description' must be string"],
    ['a null description', { description: null }, '/description', "The property '/description' must be string"],
  ];
  for (const [label, payload, pointer, detail] of invalid) {
    it(`answers 422 with pointer ${pointer} to ${label}, changing nothing`, async () => {
      const c = ctx();
      const sa = await createServiceAccount(c, 'target');
      await expectInvalidBody(c, { method: 'PATCH', url: `${COLLECTION}/${sa.id}`, payload }, pointer, detail);
    });
  }

  itRejectsMalformedBodies(ctx, 'PATCH', async (c) => `${COLLECTION}/${(await createServiceAccount(c, 'syntax')).id}`);

  itHandlesLongIds(ctx, 'PATCH', COLLECTION, 'sa-', 'Service account', { description: 'x' });
});
