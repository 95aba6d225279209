import { it } from 'node:test';
import {
  assertNoKeyOutlivesItsDependency, assertNothingChanged, call, createUser, describeRoute, expectFailure,
  itAnswers404ToMissingTargets, itHandlesLongIds,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`DELETE ${COLLECTION}/:id errors`, (ctx) => {
  itAnswers404ToMissingTargets(ctx, COLLECTION, 'u-', 'User', (c) => createUser(c, 'twice@example.com', 'Twice'),
    (c, id) => c.t.store.getUser(c.orgId, id));

  it("answers 404 to a service account's id and leaves the account alone", async () => {
    const c = ctx();
    const robot = await c.t.createServiceAccountWithKey('robot');
    const res = await assertNothingChanged(c, () => call(c, { method: 'DELETE', url: `${COLLECTION}/${robot.principalId}` }));
    expectFailure(res, 404, 'not_found', `User '${robot.principalId}' was not found`);
  });

  it('never leaves a live key behind when a key is created for the user while it is being deleted', async () => {
    const c = ctx();
    await assertNoKeyOutlivesItsDependency(c, 10, async (round) => {
      const user = await createUser(c, `racer${round}@example.com`, `Racer ${round}`);
      return { spec: { owner: { id: user.id } }, deleteUrl: `${COLLECTION}/${user.id}` };
    });
  });

  itHandlesLongIds(ctx, 'DELETE', COLLECTION, 'u-', 'User');
});
