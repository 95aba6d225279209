import { it } from 'node:test';
import {
  assertNoKeyOutlivesItsDependency, assertNothingChanged, call, createServiceAccount, describeRoute, expectFailure,
  itAnswers404ToMissingTargets, itHandlesLongIds,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`DELETE ${COLLECTION}/:id errors`, (ctx) => {
  itAnswers404ToMissingTargets(ctx, COLLECTION, 'sa-', 'Service account', (c) => createServiceAccount(c, 'twice'),
    (c, id) => c.t.store.getServiceAccount(c.orgId, id));

  it("answers 404 to a user's id and leaves the user alone", async () => {
    const c = ctx();
    const id = c.t.admin.principalId;
    const res = await assertNothingChanged(c, () => call(c, { method: 'DELETE', url: `${COLLECTION}/${id}` }));
    expectFailure(res, 404, 'not_found', `Service account '${id}' was not found`);
  });

  it('never leaves a live key behind when a key is created for the account while it is being deleted', async () => {
    const c = ctx();
    await assertNoKeyOutlivesItsDependency(c, 10, async (round) => {
      const sa = await createServiceAccount(c, `racer-${round}`);
      return { spec: { owner: { id: sa.id } }, deleteUrl: `${COLLECTION}/${sa.id}` };
    });
  });

  itHandlesLongIds(ctx, 'DELETE', COLLECTION, 'sa-', 'Service account');
});
