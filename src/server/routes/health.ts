import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';
import { errorSchema, sendError } from '../errors.js';

const okSchema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    checks: { type: 'object', additionalProperties: { type: 'boolean' } },
  },
} as const;

/** `/healthz` (liveness), `/readyz` (store open, not draining), and `/metrics`. */
export async function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/healthz', { schema: { response: { 200: okSchema } } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { schema: { response: { 200: okSchema, 503: errorSchema } } },
    async (_request, reply) => {
      if (deps.lifecycle.draining) return sendError(reply, 'SHUTTING_DOWN', 'nbsync is shutting down');
      if (!deps.store.isOpen) return sendError(reply, 'STORE_UNAVAILABLE', 'the store is closed');
      if (!deps.lifecycle.ready()) return sendError(reply, 'SHUTTING_DOWN', 'nbsync is not started yet', 503);
      return { status: 'ready', checks: { config: true, store: true } };
    },
  );

  app.get('/metrics', { schema: { response: { 200: { type: 'string' } } } }, async (_request, reply) => {
    deps.metrics.setPendingEvents(deps.store.isOpen ? deps.store.events.countPending() : 0);
    const text = await deps.metrics.text();
    return reply.type(deps.metrics.contentType).send(text);
  });
}
