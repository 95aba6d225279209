import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoKeyOutlivesItsDependency, assertNothingChanged, call, createEnvironment, describeRoute, expectFailure,
  itAnswers404ToMissingTargets, itHandlesLongIds,
} from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`DELETE ${COLLECTION}/:id errors`, (ctx) => {
  for (const resource of ['lkc-abc123', 'lsrc-abc123', 'aws.us-east-1']) {
    it(`answers 409 resource_in_use while a live ${resource} key references it, changing nothing`, async () => {
      const c = ctx();
      const env = await createEnvironment(c, 'busy');
      const user = await c.t.createUserWithKey('holder');
      await c.t.createKey(user.principalId, { resource: { id: resource, environment: env.id } });
      const res = await assertNothingChanged(c, () => call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}` }));
      expectFailure(res, 409, 'resource_in_use', `Environment '${env.id}' is still referenced by API keys; delete them first`);
      assert.equal((await call(c, { method: 'GET', url: `${COLLECTION}/${env.id}` })).statusCode, 200);
    });
  }

  itAnswers404ToMissingTargets(ctx, COLLECTION, 'env-', 'Environment', (c) => createEnvironment(c, 'twice'),
    (c, id) => c.t.store.getEnvironment(c.orgId, id));

  it('never leaves a live key in a deleted environment when the key is created during the deletion', async () => {
    const c = ctx();
    await assertNoKeyOutlivesItsDependency(c, 10, async (round) => {
      const env = await createEnvironment(c, `racer-${round}`);
      return { spec: { owner: { id: c.t.admin.principalId }, resource: { id: 'lkc-abc123', environment: env.id } }, deleteUrl: `${COLLECTION}/${env.id}` };
    });
  });

  itHandlesLongIds(ctx, 'DELETE', COLLECTION, 'env-', 'Environment');
});
