import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNothingChanged, call, createUser, describeRoute, expectFailure, expectInvalidBody, itRejectsMalformedBodies,
} from '../fixtures-principals.js';

const COLLECTION = '/iam/v2/users';

describeRoute(`POST ${COLLECTION} errors`, (ctx) => {
  it('answers 409 resource_already_exists to an email a live user has, storing nothing', async () => {
    const c = ctx();
    await createUser(c, 'dup@example.com', 'First');
    const res = await assertNothingChanged(c, () => call(c, { method: 'POST', url: COLLECTION, payload: { email: 'dup@example.com', full_name: 'Second' } }));
    expectFailure(res, 409, 'resource_already_exists', "A user with email 'dup@example.com' already exists", { pointer: '/email' });
  });

  it('answers 409 to an email a live user has in other letter case, naming the email as sent', async () => {
    const c = ctx();
    await createUser(c, 'Dup.Case@Example.com', 'First');
    const res = await assertNothingChanged(c, () => call(c, { method: 'POST', url: COLLECTION, payload: { email: 'dup.case@example.COM', full_name: 'Second' } }));
    expectFailure(res, 409, 'resource_already_exists', "A user with email 'dup.case@example.COM' already exists", { pointer: '/email' });
  });

  it("answers 409 to the bootstrap admin's email", async () => {
    const c = ctx();
    const res = await assertNothingChanged(c, () =>
      call(c, { method: 'POST', url: COLLECTION, payload: { email: 'admin@keyward.local', full_name: 'Impostor', role: 'OrganizationAdmin' } }));
    expectFailure(res, 409, 'resource_already_exists', "A user with email 'admin@keyward.local' already exists", { pointer: '/email' });
  });

  it('lets exactly one of concurrent creates with the same email win', async () => {
    const c = ctx();
    const results = await Promise.all([1, 2, 3].map((n) => call(c, { method: 'POST', url: COLLECTION, payload: { email: 'race@example.com', full_name: `R${n}` } })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409]);
  });

  const invalid: Array<[label: string, payload: object, pointer: string, detail: string]> = [
    ['an email without @', { email: 'not-an-email', full_name: 'X' }, '/email', `The property '/email' must match format "email"`],
    ['an email with spaces', { email: 'a b@example.com', full_name: 'X' }, '/email', `The property '/email' must match format "email"`],
    ['an empty email', { email: '', full_name: 'X' }, '/email', `The property '/email' must match format "email"`],
    ['a missing email', { full_name: 'X' }, '/email', "The property '/email' must have required property 'email'"],
    ['a numeric email', { email: 5, full_name: 'X' }, '/email', "The property '/email' must be string"],
    ['a 255-character email', { email: `${'a'.repeat(243)}@example.com`, full_name: 'X' }, '/email',
      "The property '/email' must NOT have more than 254 characters"],
    ['a missing full_name', { email: 'x@example.com' }, '/full_name', "The property '/full_name' must have required property 'full_name'"],
    ['a numeric full_name', { email: 'x@example.com', full_name: 1 }, '/full_name', "The property '/full_name' must be string"],
    ['a 256-character full_name', { email: 'x@example.com', full_name: 'f'.repeat(256) }, '/full_name',
      "The property '/full_name' must NOT have more than 255 characters"],
    ['an unknown role', { email: 'x@example.com', full_name: 'X', role: 'Superuser' }, '/role', "The property '/role' must be one of 'OrganizationAdmin', null"],
    ['a role in other case', { email: 'x@example.com', full_name: 'X', role: 'organizationadmin' }, '/role', "The property '/role' must be one of 'OrganizationAdmin', null"],
  ];
  for (const [label, payload, pointer, detail] of invalid) {
    it(`answers 422 with pointer ${pointer} to ${label}, storing nothing`, async () => {
      await expectInvalidBody(ctx(), { method: 'POST', url: COLLECTION, payload }, pointer, detail);
    });
  }

  itRejectsMalformedBodies(ctx, 'POST', async () => COLLECTION);
});
