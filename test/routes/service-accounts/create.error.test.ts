import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNothingChanged, call, createServiceAccount, describeRoute, expectFailure, expectInvalidBody, itRejectsMalformedBodies,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/service-accounts';

describeRoute(`POST ${COLLECTION} errors`, (ctx) => {
  it('answers 409 resource_already_exists to a display name a live account holds, storing nothing', async () => {
    const c = ctx();
    await createServiceAccount(c, 'taken', 'the first one');
    const res = await assertNothingChanged(c, () => call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'taken', description: 'second' } }));
    expectFailure(res, 409, 'resource_already_exists', "A service account named 'taken' already exists", { pointer: '/display_name' });
  });

  it('lets exactly one of two concurrent creates with the same display name win', async () => {
    const c = ctx();
    const results = await Promise.all([1, 2, 3].map(() => call(c, { method: 'POST', url: COLLECTION, payload: { display_name: 'raced' } })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409]);
    const listed = (await call(c, { method: 'GET', url: `${COLLECTION}?display_name=raced` })).json().data;
    assert.deepEqual(listed.map((sa: { id: string }) => sa.id), results.filter((r) => r.statusCode === 201).map((r) => r.json().id));
  });

  const invalid: Array<[label: string, payload: object, pointer: string, detail: string]> = [
    ['a missing display_name', { description: 'no name' }, '/display_name', "The property '/display_name' must have required property 'display_name'"],
    ['an empty display_name', { display_name: '' }, '/display_name', "The property '/display_name' must NOT have fewer than 1 characters"],
    ['a 65-character display_name', { display_name: 'x'.repeat(65) }, '/display_name', "The property '/display_name' must NOT have more than 64 characters"],
    ['a numeric display_name', { display_name: 42 }, '/display_name', "The property '/display_name' must be string"],
    ['a null display_name', { display_name: null }, '/display_name', "The property '/display_name' must be string"],
    ['a numeric description', { display_name: 'ok', description: 7 }, '/description', "The property '/description' must be string"],
    ['an object description', { display_name: 'ok', description: { text: 'x' } }, '/description', "The property '/description' must be string"],
    ['a 1025-character description', { display_name: 'ok', description: 'd'.repeat(1025) }, '/description',
      "The property '/description' must NOT have more than 1024 characters"],
  ];
  for (const [label, payload, pointer, detail] of invalid) {
    it(`answers 422 with pointer ${pointer} to ${label}, storing nothing`, async () => {
      await expectInvalidBody(ctx(), { method: 'POST', url: COLLECTION, payload }, pointer, detail);
    });
  }

  itRejectsMalformedBodies(ctx, 'POST', async () => COLLECTION);

  it('answers 413 to a body over the size limit, storing nothing', async () => {
    const c = ctx();
    const res = await assertNothingChanged(c, () => call(c, {
      method: 'POST', url: COLLECTION, payload: { display_name: 'big', description: 'x'.repeat(70_000) },
      undocumented: '413 is not among the statuses Confluent documents',
    }));
    expectFailure(res, 413, 'payload_too_large', 'The request body is larger than keyward accepts');
  });
});
