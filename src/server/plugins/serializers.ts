// Response serialisers compiled once per schema for the whole process, not once per app: the
// schemas are module constants, and tests build hundreds of apps.
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';

const compiled = new WeakMap<object, (data: unknown) => string>();

export const serializerCompiler: FastifySerializerCompiler<object> = ({ schema }) => {
  let serialize = compiled.get(schema);
  if (!serialize) {
    serialize = fastJson(schema as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
    compiled.set(schema, serialize);
  }
  return serialize;
};
