// PostgreSQL cannot store a NUL character in text, and no identifier or name needs one, so keyward
// refuses NUL anywhere in a request on both databases alike: 400 for a parameter, 422 in a body.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../core/api-error.js';

/**
 * The JSON pointer of the first NUL in `value`: of the string holding it, or of the object with
 * the property name holding it; undefined for none. Every request's parameters and body pass
 * through here, so the pointer is built only once a NUL is found.
 */
function findNul(value: unknown): string | undefined {
  const path = nulPath(value);
  return path?.map((step) => `/${step}`).join('');
}

/** The steps to the first NUL in `value`, innermost last. */
function nulPath(value: unknown): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\0') ? [] : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i]);
      if (found) return [i, ...found];
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (key.includes('\0')) return [];
      const found = nulPath((value as Record<string, unknown>)[key]);
      if (found) return [key, ...found];
    }
  }
  return undefined;
}

export async function rejectNul(request: FastifyRequest): Promise<void> {
  for (const part of [request.params, request.query]) {
    const found = findNul(part);
    if (found !== undefined) {
      const parameter = found.slice(1).split('/')[0] ?? '';
      throw new ApiError('invalid_parameter', `The parameter '${parameter}' contains a NUL character`, { parameter });
    }
  }
  const inBody = nulInBody(request.body);
  if (inBody) throw inBody;
}

/** The 422 for a JSON body holding a NUL anywhere, in a value or a property name. */
export function nulInBody(body: unknown): ApiError | undefined {
  const found = findNul(body);
  if (found === undefined) return undefined;
  return new ApiError('invalid_configuration', `The property '${found || '/'}' contains a NUL character`, { pointer: found || '/' });
}
