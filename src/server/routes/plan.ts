import type { FastifyInstance } from 'fastify';
import { planToJson } from '../../reconcile/plan-json.js';
import { renderPlan, type PlanFormat } from '../../reconcile/render.js';
import type { AppDeps } from '../app.js';
import { errorSchema, sendError } from '../errors.js';
import { applyBodySchema, applyResponseSchema, planQuerySchema, planSchema } from '../schemas.js';

const CONTENT_TYPE: Record<PlanFormat, string> = {
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

/** `GET /v1/plan` (the dry-run diff, computed now) and `POST /v1/apply` (approval by checksum). */
export async function registerPlanRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: { sink?: string[]; format: PlanFormat } }>(
    '/plan',
    {
      schema: {
        querystring: planQuerySchema,
        response: { 200: planSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
    },
    async (request, reply) => {
      const { sink, format } = request.query;
      const plan = await deps.operations.plan({ sinks: sink ?? [] });
      if (format === 'json') return reply.send(planToJson(plan));
      return reply.type(CONTENT_TYPE[format]).send(renderPlan(plan, format));
    },
  );

  app.post<{ Body: { checksum: string; sinks?: string[]; force: boolean } }>(
    '/apply',
    {
      schema: {
        body: applyBodySchema,
        response: { 200: applyResponseSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
    },
    async (request, reply) => {
      if (deps.lifecycle.draining) {
        return sendError(reply, 'SHUTTING_DOWN', 'nbsync is shutting down; apply after it restarted');
      }
      const { checksum, sinks, force } = request.body;
      const result = await deps.operations.approve({ checksum, force, ...(sinks ? { sinks } : {}) });
      return reply.send({
        run: { id: result.runId, status: result.runStatus },
        ok: result.report.ok,
        plan: planToJson(result.report.plan),
        sinks: result.report.sinks,
      });
    },
  );
}
