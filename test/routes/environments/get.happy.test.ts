import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, createEnvironment, describeRoute, environmentBody, storedEnvironment } from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`GET ${COLLECTION}/:id`, (ctx) => {
  it("answers the 'default' environment exactly", async () => {
    const c = ctx();
    const [defaultEnv] = (await c.t.store.listEnvironments(c.orgId, { limit: 10 })).items;
    const res = await call(c, { method: 'GET', url: `${COLLECTION}/${defaultEnv!.id}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), environmentBody(c, defaultEnv!));
    assert.equal(res.json().display_name, 'default');
  });

  it('answers an environment with stream_governance_config exactly as create did', async () => {
    const c = ctx();
    const created = await call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'gov', stream_governance_config: { package: 'ADVANCED' } } });
    const res = await call(c, { method: 'GET', url: `${COLLECTION}/${created.json().id}` });
    assert.deepEqual(res.json(), created.json());
    assert.deepEqual(res.json(), environmentBody(c, await storedEnvironment(c, created.json().id)));
  });

  it('shows the latest name and updated_at after a rename', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'before');
    c.t.clock.advanceDays(1);
    assert.equal((await call(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: 'after' } })).statusCode, 200);
    const body = (await call(c, { method: 'GET', url: `${COLLECTION}/${env.id}` })).json();
    assert.deepEqual(body, environmentBody(c, await storedEnvironment(c, env.id)));
    assert.deepEqual([body.display_name, body.metadata.created_at], ['after', env.createdAt]);
    assert.ok(body.metadata.updated_at > env.updatedAt, 'updated_at did not move');
  });
});
