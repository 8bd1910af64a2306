import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';
import { errorSchema, sendError } from '../errors.js';
import { appliedChangeSchema, runSchema, sinkStatusSchema } from '../schemas.js';

const statusSchema = {
  type: 'object',
  properties: {
    instance: { type: 'string' },
    ready: { type: 'boolean' },
    draining: { type: 'boolean' },
    pendingEvents: { type: 'integer' },
    lastPlan: {
      type: ['object', 'null'],
      properties: { id: { type: 'string' }, checksum: { type: 'string' }, createdAt: { type: 'string' } },
    },
    sinks: { type: 'array', items: sinkStatusSchema },
  },
} as const;

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    before: { type: 'string', maxLength: 64 },
  },
} as const;

/** `GET /v1/status`, `GET /v1/runs`, `GET /v1/runs/{id}`. */
export async function registerRunRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { store } = deps;

  app.get('/status', { schema: { response: { 200: statusSchema, '4xx': errorSchema } } }, async () => {
    const plan = store.plans.latest('full');
    return {
      instance: deps.instance,
      ready: deps.lifecycle.ready(),
      draining: deps.lifecycle.draining,
      pendingEvents: store.events.countPending(),
      lastPlan: plan ? { id: plan.id, checksum: plan.checksum, createdAt: plan.createdAt } : null,
      sinks: deps.sinks.map((sink) => {
        const state = store.state.sink(sink.name);
        return {
          name: sink.name,
          type: sink.type,
          mode: sink.mode,
          lastRun:
            state?.lastRunId && state.lastRunAt
              ? { id: state.lastRunId, at: state.lastRunAt, status: state.lastStatus ?? '' }
              : null,
          lastSuccessAt: state?.lastSuccessAt ?? null,
          owned: state?.owned ?? null,
          pendingChanges: state?.pending ?? null,
          consecutiveErrors: state?.consecutiveErrors ?? 0,
          lastError: state?.lastError ?? null,
        };
      }),
    };
  });

  app.get<{ Querystring: { limit: number; before?: string } }>(
    '/runs',
    {
      schema: {
        querystring: listQuerySchema,
        response: {
          200: { type: 'object', properties: { runs: { type: 'array', items: runSchema } } },
          '4xx': errorSchema,
        },
      },
    },
    async (request) => {
      const { limit, before } = request.query;
      return { runs: store.runs.list({ limit, ...(before ? { before } : {}) }) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/runs/:id',
    {
      schema: {
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: '^run_[0-9A-Z]{10,40}$' } },
        },
        response: {
          200: {
            type: 'object',
            properties: { run: runSchema, changes: { type: 'array', items: appliedChangeSchema } },
          },
          '4xx': errorSchema,
        },
      },
    },
    async (request, reply) => {
      const run = store.runs.get(request.params.id);
      if (!run) return sendError(reply, 'NOT_FOUND', `no run ${request.params.id}; list runs with GET /v1/runs`);
      return { run, changes: store.runs.changes(run.id) };
    },
  );
}
