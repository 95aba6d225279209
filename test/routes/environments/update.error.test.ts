import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNothingChanged, call, createEnvironment, describeRoute, expectFailure, expectInvalidBody, itHandlesLongIds,
  itRejectsMalformedBodies,
} from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';
const NO_PACKAGE_CHANGE = 'keyward does not change the Stream Governance package of an environment';

describeRoute(`PATCH ${COLLECTION}/:id errors`, (ctx) => {
  for (const name of ['default', 'taken']) {
    it(`answers 409 resource_already_exists to a rename onto '${name}', changing nothing`, async () => {
      const c = ctx();
      if (name !== 'default') await createEnvironment(c, name);
      const env = await createEnvironment(c, 'mover');
      const res = await assertNothingChanged(c, () => call(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: name } }));
      expectFailure(res, 409, 'resource_already_exists', `An environment named '${name}' already exists`, { pointer: '/display_name' });
    });
  }

  it('answers 404 to an environment id that does not exist', async () => {
    const c = ctx();
    const res = await assertNothingChanged(c, () => call(c, { method: 'PATCH', url: `${COLLECTION}/env-nope123`, payload: { display_name: 'x' } }));
    expectFailure(res, 404, 'not_found', "Environment 'env-nope123' was not found");
  });

  it('answers 404 to a deleted environment', async () => {
    const c = ctx();
    const env = await createEnvironment(c, 'late');
    assert.equal((await call(c, { method: 'DELETE', url: `${COLLECTION}/${env.id}` })).statusCode, 204);
    const res = await assertNothingChanged(c, () => call(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: 'revived' } }));
    expectFailure(res, 404, 'not_found', `Environment '${env.id}' was not found`);
  });

  for (const [from, to] of [['ESSENTIALS', 'ADVANCED'], [undefined, 'ESSENTIALS']] as const) {
    it(`answers 422 to changing the Stream Governance package from ${from ?? 'none'} to ${to}, changing nothing`, async () => {
      const c = ctx();
      const env = await createEnvironment(c, 'governed', from);
      await expectInvalidBody(c, {
        method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload: { display_name: 'renamed-too', stream_governance_config: { package: to } },
      }, '/stream_governance_config/package', NO_PACKAGE_CHANGE);
    });
  }

  const invalid: Array<[label: string, payload: object, pointer: string, detail: string]> = [
    ['an empty display_name', { display_name: '' }, '/display_name', "The property '/display_name' must NOT have fewer than 1 characters"],
    ['a null display_name', { display_name: null }, '/display_name', "The property '/display_name' must be string"],
    ['a 65-character display_name', { display_name: 'e'.repeat(65) }, '/display_name', "The property '/display_name' must NOT have more than 64 characters"],
    ['a stream_governance_config without package', { stream_governance_config: {} }, '/stream_governance_config/package',
      "The property '/stream_governance_config/package' must have required property 'package'"],
    ['a numeric package', { stream_governance_config: { package: 2 } }, '/stream_governance_config/package',
      "The property '/stream_governance_config/package' must be string"],
  ];
  for (const [label, payload, pointer, detail] of invalid) {
    it(`answers 422 with pointer ${pointer} to ${label}, changing nothing`, async () => {
      const c = ctx();
      const env = await createEnvironment(c, 'target', 'ESSENTIALS');
      await expectInvalidBody(c, { method: 'PATCH', url: `${COLLECTION}/${env.id}`, payload }, pointer, detail);
    });
  }

  itRejectsMalformedBodies(ctx, 'PATCH', async (c) => `${COLLECTION}/${(await createEnvironment(c, 'syntax')).id}`);

  itHandlesLongIds(ctx, 'PATCH', COLLECTION, 'env-', 'Environment', { display_name: 'x' });
});
