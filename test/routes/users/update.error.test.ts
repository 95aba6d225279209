import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNothingChanged, call, createUser, describeRoute, expectFailure, expectInvalidBody, itHandlesLongIds,
  itRejectsMalformedBodies,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`PATCH ${COLLECTION}/:id errors`, (ctx) => {
  it('answers 404 to an unknown id, changing nothing', async () => {
    const c = ctx();
    const res = await assertNothingChanged(c, () => call(c, { method: 'PATCH', url: `${COLLECTION}/u-nope123`, payload: { full_name: 'X' } }));
    expectFailure(res, 404, 'not_found', "User 'u-nope123' was not found");
  });

  it('answers 404 to a deleted user, leaving its tombstone as it was', async () => {
    const c = ctx();
    const user = await createUser(c, 'late@example.com', 'Late');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${user.id}` })).statusCode, 204);
    const res = await assertNothingChanged(c, () => call(c, { method: 'PATCH', url: `${COLLECTION}/${user.id}`, payload: { full_name: 'Revived' } }));
    expectFailure(res, 404, 'not_found', `User '${user.id}' was not found`);
    assert.equal((await c.t.store.getUser(c.orgId, user.id))?.fullName, 'Late');
  });

  const invalid: Array<[label: string, payload: object, detail: string]> = [
    ['a numeric full_name', { full_name: 3 }, "The property '/full_name' must be string"],
    ['a null full_name', { full_name: null }, "The property '/full_name' must be string"],
    ['an array full_name', { full_name: ['A', 'B'] }, "The property '/full_name' must be string"],
    ['a 256-character full_name', { full_name: 'n'.repeat(256) }, "The property '/full_name' must NOT have more than 255 characters"],
  ];
  for (const [label, payload, detail] of invalid) {
    it(`answers 422 with pointer /full_name to ${label}, changing nothing`, async () => {
      const c = ctx();
      const user = await createUser(c, 'target@example.com', 'Target');
      await expectInvalidBody(c, { method: 'PATCH', url: `${COLLECTION}/${user.id}`, payload }, '/full_name', detail);
    });
  }

  itRejectsMalformedBodies(ctx, 'PATCH', async (c) => `${COLLECTION}/${(await createUser(c, 'syntax@example.com', 'S')).id}`);

  itHandlesLongIds(ctx, 'PATCH', COLLECTION, 'u-', 'User', { full_name: 'X' });
});
