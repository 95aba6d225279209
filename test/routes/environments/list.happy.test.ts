import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { EnvironmentRecord } from '../../../src/store/records.js';
import {
  BASE, call, createEnvironment, describeRoute, itPagesThrough, environmentBody, type RouteContext,
} from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

/** Every live environment after creating `n` more, ordered by id (the default one included). */
async function environmentsAfterCreating(c: RouteContext, n: number): Promise<EnvironmentRecord[]> {
  for (let i = 0; i < n; i++) await createEnvironment(c, `env-name-${i}`);
  return (await c.t.store.listEnvironments(c.orgId, { limit: 1000 })).items;
}

describeRoute(`GET ${COLLECTION}`, (ctx) => {
  itPagesThrough(ctx, COLLECTION, 1, async (c, n) => (await environmentsAfterCreating(c, n)).map((env) => env.id));

  it("lists the 'default' environment from first start, exactly and without stream_governance_config", async () => {
    const c = ctx();
    const res = await call(c, { method: 'GET', url: COLLECTION });
    assert.equal(res.statusCode, 200, res.body);
    const [defaultEnv] = await environmentsAfterCreating(c, 0);
    assert.equal(defaultEnv?.displayName, 'default');
    assert.deepEqual(res.json(), {
      api_version: 'org/v2', kind: 'EnvironmentList', metadata: { first: `${BASE}${COLLECTION}` }, data: [environmentBody(c, defaultEnv!)],
    });
    assert.equal(Object.hasOwn(res.json().data[0], 'stream_governance_config'), false);
  });

  it('lists every live environment ordered by id; stream_governance_config only where one was set', async () => {
    const c = ctx();
    const governed = await createEnvironment(c, 'governed', 'ESSENTIALS');
    const all = await environmentsAfterCreating(c, 2);
    const data = (await call(c, { method: 'GET', url: COLLECTION })).json().data;
    assert.deepEqual(data, all.map((env) => environmentBody(c, env)));
    for (const env of data) {
      assert.equal(Object.hasOwn(env, 'stream_governance_config'), env.id === governed.id, env.id);
    }
    assert.deepEqual(data.find((env) => env.id === governed.id)?.stream_governance_config, { package: 'ESSENTIALS' });
  });

  it('leaves deleted environments out', async () => {
    const c = ctx();
    const gone = await createEnvironment(c, 'gone');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${gone.id}` })).statusCode, 204);
    const names = (await call(c, { method: 'GET', url: COLLECTION })).json().data.map((env: { display_name: string }) => env.display_name);
    assert.deepEqual(names, ['default']);
  });

  it('ignores unknown query parameters', async () => {
    const c = ctx();
    const res = await call(c, { method: 'GET', url: `${COLLECTION}?display_name=nothing&foo=1` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().data.length, 1);
  });
});
