import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { SyncError, type ErrorCode } from '../model/errors.js';
import { planToJson } from '../reconcile/plan-json.js';
import type { Plan } from '../model/plan.js';

/**
 * The error codes the HTTP API answers with, and their status. Every error body is
 * `{"error": {"code", "message"}}`; a stale approval adds the fresh `plan`.
 */
export const HTTP_ERRORS = {
  BAD_REQUEST: 400,
  WEBHOOK_MALFORMED: 400,
  UNAUTHORIZED: 401,
  WEBHOOK_SIGNATURE: 401,
  NOT_FOUND: 404,
  PLAN_STALE: 409,
  WEBHOOK_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NETBOX_UNREACHABLE: 502,
  SHUTTING_DOWN: 503,
  STORE_UNAVAILABLE: 503,
} as const satisfies Partial<Record<ErrorCode, number>>;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** The catalogue of codes the HTTP API may return (for docs/errors.md). */
export const HTTP_ERROR_CODES = Object.keys(HTTP_ERRORS) as HttpErrorCode[];

export interface ErrorBody {
  error: { code: string; message: string };
  plan?: unknown;
}

/** JSON schema of the error body, for route response schemas. */
export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    plan: { type: 'object', additionalProperties: true },
  },
} as const;

/** Send an error with its stable code; the status comes from the catalogue unless given. */
export function sendError(
  reply: FastifyReply,
  code: HttpErrorCode,
  message: string,
  status?: number,
): FastifyReply {
  const body: ErrorBody = { error: { code, message } };
  return reply
    .code(status ?? HTTP_ERRORS[code])
    .type('application/json')
    .send(body);
}

function statusOf(code: string): number {
  if (code in HTTP_ERRORS) return HTTP_ERRORS[code as HttpErrorCode];
  if (code.startsWith('NETBOX_') || code.startsWith('SINK_')) return 502;
  return 500;
}

function fastifyError(
  err: FastifyError,
  request: FastifyRequest,
): { status: number; code: string; message: string } {
  const status = err.statusCode ?? 500;
  if (err.validation) {
    return {
      status: 400,
      code: 'BAD_REQUEST',
      message: `${err.validationContext ?? 'request'} ${err.message}`,
    };
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const webhook = request.url.startsWith('/webhooks/');
    return {
      status: 413,
      code: webhook ? 'WEBHOOK_TOO_LARGE' : 'BAD_REQUEST',
      message: 'the request body is larger than server.bodyLimit allows',
    };
  }
  if (status >= 400 && status < 500) return { status, code: 'BAD_REQUEST', message: err.message };
  return { status: 500, code: 'INTERNAL', message: 'internal error; see the nbsync log' };
}

/** Error and not-found handlers answering `{error: {code, message}}`. */
export function installErrorHandlers(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError | SyncError, request, reply) => {
    if (err instanceof SyncError) {
      const status = statusOf(err.code);
      if (status >= 500) log.error({ err, code: err.code, url: request.url }, 'request failed');
      const body: ErrorBody = { error: { code: err.code, message: err.message } };
      const plan = err.details?.plan;
      if (err.code === 'PLAN_STALE' && plan) body.plan = planToJson(plan as Plan);
      return reply.code(status).type('application/json').send(body);
    }
    const mapped = fastifyError(err, request);
    if (mapped.status >= 500) log.error({ err, url: request.url }, 'request failed');
    const body: ErrorBody = { error: { code: mapped.code, message: mapped.message } };
    return reply.code(mapped.status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}; see /docs`),
  );
}
