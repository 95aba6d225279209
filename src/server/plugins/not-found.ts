// 404 for unknown paths, 405 (with `Allow`) for a known path asked with the wrong method.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../core/api-error.js';
import { sendFailure } from './failure.js';

export function registerNotFound(app: FastifyInstance): void {
  const methodsByPattern = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', (route) => {
    const url = route.url;
    const entry = methodsByPattern.get(url) ?? {
      pattern: new RegExp(`^${url.replace(/:[^/]+/g, '[^/]+')}/?$`),
      methods: new Set<string>(),
    };
    for (const method of [route.method].flat()) entry.methods.add(method);
    methodsByPattern.set(url, entry);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    for (const { pattern, methods } of methodsByPattern.values()) {
      if (pattern.test(path)) {
        const allowed = [...methods].filter((m) => m !== 'HEAD').sort().join(', ');
        reply.header('Allow', allowed);
        return sendFailure(request, reply, new ApiError('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allowed}`));
      }
    }
    return sendFailure(request, reply, new ApiError('not_found', `No route for ${request.method} ${path}`));
  });
}
