// The detail of a schema violation, as Fastify's own validator reports it to the error handler:
// a choice among constants names its choices, and every other violation keeps Ajv's message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type, type TSchema } from '@sinclair/typebox';
import Fastify from 'fastify';
import { registerErrorHandling } from '../../src/server/plugins/error-handling.js';
import { validatorCompiler } from '../../src/server/plugins/validators.js';

/** The `detail` of the answer to `value` as property `p` of a body checked against `schema`, by keyward's validators. */
async function detailFor(schema: TSchema, value: unknown): Promise<string> {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  app.post('/', { schema: { body: Type.Object({ p: schema }) } }, async () => ({}));
  try {
    const res = await app.inject({ method: 'POST', url: '/', payload: { p: value } });
    assert.equal(res.statusCode, 422, res.body);
    return res.json().errors[0].detail;
  } finally {
    await app.close();
  }
}

describe('schema violation details', () => {
  it('name every choice of a union of constants', async () => {
    const order = Type.Union([Type.Literal('oldest_first'), Type.Literal('newest_first')]);
    assert.equal(await detailFor(order, 'desc'), "The property '/p' must be one of 'oldest_first', 'newest_first'");
    assert.equal(await detailFor(order, 7), "The property '/p' must be one of 'oldest_first', 'newest_first'");
  });

  it('name null among the choices when the union allows it', async () => {
    const role = Type.Union([Type.Literal('OrganizationAdmin'), Type.Null()]);
    assert.equal(await detailFor(role, 'Member'), "The property '/p' must be one of 'OrganizationAdmin', null");
  });

  it("keep Ajv's message when no constant is among the choices", async () => {
    const nullableName = Type.Union([Type.String(), Type.Null()]);
    assert.equal(await detailFor(nullableName, 5), "The property '/p' must be string");
    assert.equal(await detailFor(Type.String({ maxLength: 2 }), 'abc'), "The property '/p' must NOT have more than 2 characters");
  });
});
