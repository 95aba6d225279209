// PostgreSQL cannot store a NUL character in text, and no identifier or name needs one, so keyward
// refuses NUL anywhere in a request on both databases alike: 400 for a parameter, 422 in a body.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../core/api-error.js';

function findNul(value: unknown, pointer: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? pointer : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${pointer}/${i}`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = findNul(key, pointer) ?? findNul(child, `${pointer}/${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export async function rejectNul(request: FastifyRequest): Promise<void> {
  for (const part of [request.params, request.query]) {
    const found = findNul(part, '');
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
  const found = findNul(body, '');
  if (found === undefined) return undefined;
  return new ApiError('invalid_configuration', `The property '${found || '/'}' contains a NUL character`, { pointer: found || '/' });
}
