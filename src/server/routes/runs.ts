import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';
import { errorSchema, sendError } from '../errors.js';
import type { SinkCertificates } from '../app.js';
import { appliedChangeSchema, runSchema, sinkStatusSchema } from '../schemas.js';

/**
 * `GET /v1/status` lists, per certificate sink, the certificates whose notAfter is less than
 * this many days away (expired ones included). A fixed window, not the sink's `renewBefore`:
 * nbsync renews inside `renewBefore`, so an entry here that stays means renewal is failing.
 */
export const EXPIRING_WITHIN_DAYS = 7;

const certificatesSchema = {
  type: ['object', 'null'],
  properties: {
    total: { type: 'integer' },
    readAt: { type: 'string' },
    expiringWithinDays: { type: 'integer' },
    expiring: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, notAfter: { type: 'string' }, expired: { type: 'boolean' } },
      },
    },
  },
} as const;

const statusSinkSchema = {
  ...sinkStatusSchema,
  properties: { ...sinkStatusSchema.properties, certificates: certificatesSchema },
} as const;

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
    sinks: { type: 'array', items: statusSinkSchema },
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
  const now = deps.now ?? (() => new Date());

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
          certificates: certificatesStatus(deps.certificates?.certificates(sink.name) ?? null, now()),
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
      if (!run)
        return sendError(reply, 'NOT_FOUND', `no run ${request.params.id}; list runs with GET /v1/runs`);
      return { run, changes: store.runs.changes(run.id) };
    },
  );
}

/** Every certificate of a certificate sink counted; those expiring within the window listed, soonest first. */
function certificatesStatus(read: SinkCertificates | null, now: Date) {
  if (!read) return null;
  const limit = now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000;
  const expiring = read.expiries
    .filter((e) => e.notAfter.getTime() < limit)
    .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime() || a.name.localeCompare(b.name))
    .map((e) => ({
      name: e.name,
      notAfter: e.notAfter.toISOString(),
      expired: e.notAfter.getTime() <= now.getTime(),
    }));
  return {
    total: read.expiries.length,
    readAt: read.readAt.toISOString(),
    expiringWithinDays: EXPIRING_WITHIN_DAYS,
    expiring,
  };
}
