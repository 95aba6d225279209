import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNothingChanged, call, createEnvironment, describeRoute, expectFailure, expectInvalidBody, itRejectsMalformedBodies,
} from '../fixtures-principals.js';

const COLLECTION = '/org/v2/environments';

describeRoute(`POST ${COLLECTION} errors`, (ctx) => {
  for (const name of ['default', 'staging']) {
    it(`answers 409 resource_already_exists to the taken name '${name}', storing nothing`, async () => {
      const c = ctx();
      if (name !== 'default') await createEnvironment(c, name);
      const res = await assertNothingChanged(c, () => call(c, { method: 'POST', url: COLLECTION, payload: { display_name: name } }));
      expectFailure(res, 409, 'resource_already_exists', `An environment named '${name}' already exists`, { pointer: '/display_name' });
    });
  }

  it('lets exactly one of concurrent creates with the same name win', async () => {
    const c = ctx();
    const results = await Promise.all([1, 2, 3].map(() => call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'raced' } })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409]);
  });

  const invalid: Array<[label: string, payload: object, pointer: string, detail: string]> = [
    ['a missing display_name', { stream_governance_config: { package: 'ESSENTIALS' } }, '/display_name',
      "The property '/display_name' must have required property 'display_name'"],
    ['an empty display_name', { display_name: '' }, '/display_name', "The property '/display_name' must NOT have fewer than 1 characters"],
    ['a 65-character display_name', { display_name: 'e'.repeat(65) }, '/display_name', "The property '/display_name' must NOT have more than 64 characters"],
    ['a numeric display_name', { display_name: 9 }, '/display_name', "The property '/display_name' must be string"],
    ['a null stream_governance_config', { display_name: 'x', stream_governance_config: null }, '/stream_governance_config',
      "The property '/stream_governance_config' must be object"],
    ['a string stream_governance_config', { display_name: 'x', stream_governance_config: 'ESSENTIALS' }, '/stream_governance_config',
      "The property '/stream_governance_config' must be object"],
    ['a stream_governance_config without package', { display_name: 'x', stream_governance_config: {} }, '/stream_governance_config/package',
      "The property '/stream_governance_config/package' must have required property 'package'"],
    ['a numeric package', { display_name: 'x', stream_governance_config: { package: 1 } }, '/stream_governance_config/package',
      "The property '/stream_governance_config/package' must be string"],
    ['an empty package', { display_name: 'x', stream_governance_config: { package: '' } }, '/stream_governance_config/package',
      "The property '/stream_governance_config/package' must NOT have fewer than 1 characters"],
  ];
  for (const [label, payload, pointer, detail] of invalid) {
    it(`answers 422 with pointer ${pointer} to ${label}, storing nothing`, async () => {
      await expectInvalidBody(ctx(), { method: 'POST', url: COLLECTION, payload }, pointer, detail);
    });
  }

  itRejectsMalformedBodies(ctx, 'POST', async () => COLLECTION);
});
