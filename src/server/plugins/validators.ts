// Two Ajv instances: query strings and path parameters arrive as text, so they are coerced
// ("10" → 10, one value → array); JSON bodies are not, so `{"id": 5}` is a type error, not "5".
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(options: Options): Ajv {
  // `strict: false` lets route schemas carry OpenAPI annotations (examples, descriptions).
  const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: false, ...options });
  addFormats.default(ajv);
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false });
const textAjv = makeAjv({ coerceTypes: 'array' });

// Compiled once per schema object for the whole process (tests build hundreds of apps).
const compiled = { body: new WeakMap<object, ValidateFunction>(), text: new WeakMap<object, ValidateFunction>() };

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const [ajv, cache] = httpPart === 'body' ? [bodyAjv, compiled.body] : [textAjv, compiled.text];
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
};
