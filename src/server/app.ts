import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import type { Plan, SinkMode } from '../model/plan.js';
import type { ApplyReport } from '../reconcile/controller.js';
import type { EventInput, StoredEvent } from '../store/events.js';
import type { RunStatus } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { BearerAuth } from './auth.js';
import { installErrorHandlers, sendError } from './errors.js';
import type { Metrics } from './metrics.js';
import type { RateLimitOptions } from './rate-limit.js';
import { registerDocsRoutes } from './routes/docs.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerPlanRoutes } from './routes/plan.js';
import { registerRunRoutes } from './routes/runs.js';
import { registerWebRoutes } from './routes/web.js';
import { registerWebhookRoute } from './routes/webhook.js';

/** A configured sink as the API shows it. */
export interface SinkInfo {
  readonly name: string;
  readonly type: string;
  readonly mode: SinkMode;
}

/** Where accepted webhooks go: stored (durably, before the 202) and handed to the debouncer. */
export interface EventIntake {
  accept(input: EventInput): { event: StoredEvent; duplicate: boolean };
}

export interface ApprovalRequest {
  readonly checksum: string;
  readonly sinks?: readonly string[];
  readonly force?: boolean;
}

export interface ApprovalResult {
  readonly runId: string;
  readonly runStatus: RunStatus;
  readonly report: ApplyReport;
}

/** What the API does on demand; the daemon records runs and plans around the controller. */
export interface Operations {
  plan(request: { sinks?: readonly string[] }): Promise<Plan>;
  /** Throws SyncError PLAN_STALE (details.plan = the fresh plan) when the checksum differs. */
  approve(request: ApprovalRequest): Promise<ApprovalResult>;
}

/** The certificates of one certificate sink, as its store held them at the last read. */
export interface SinkCertificates {
  readonly readAt: Date;
  readonly expiries: readonly { readonly name: string; readonly notAfter: Date }[];
}

/** Certificate stores read after each run (the status route filters what expires soon). */
export interface CertificateReport {
  /** `null` for a sink that holds no certificates, or whose store was not read yet. */
  certificates(sink: string): SinkCertificates | null;
}

/** Readiness as the daemon sees it. */
export interface Lifecycle {
  /** True once SIGTERM (or close) began: intake stops, `/readyz` answers 503. */
  readonly draining: boolean;
  ready(): boolean;
}

export interface AppDeps {
  readonly instance: string;
  readonly log: Logger;
  readonly bodyLimit: number;
  readonly webhookSignatures: 'required' | 'disabled';
  /** The resolved `netbox.webhookSecret`; null when not configured. */
  readonly webhookSecret: string | null;
  /** The resolved `server.apiTokens`. */
  readonly apiTokens: readonly string[];
  readonly sinks: readonly SinkInfo[];
  readonly store: Store;
  readonly metrics: Metrics;
  readonly intake: EventIntake;
  readonly operations: Operations;
  readonly lifecycle: Lifecycle;
  readonly rateLimit?: RateLimitOptions;
  readonly certificates?: CertificateReport;
  readonly now?: () => Date;
}

/** One debug line per request (method, path, status): never headers, so never a token. */
class QuietRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const path = request.url.split('?')[0];
    request.log.debug(
      { method: request.method, path, status: reply.statusCode, err: error ?? undefined },
      'request',
    );
  }
}

/**
 * The HTTP API of `nbsync serve` (DESIGN §7): webhooks, plan/apply/status/runs under `/v1`
 * (bearer token), health, metrics and the API description under `/docs`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const httpLog: FastifyBaseLogger = deps.log.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: httpLog,
    logController: new QuietRequestLog(),
    bodyLimit: deps.bodyLimit,
    trustProxy: false,
    return503OnClosing: true,
    // Reject unknown fields instead of silently dropping them (fastify's default removes them).
    ajv: { customOptions: { removeAdditional: false } },
  });
  installErrorHandlers(app, deps.log);
  await registerWebhookRoute(app, deps);
  await registerHealthRoutes(app, deps);
  await registerDocsRoutes(app);
  await registerWebRoutes(app);
  const auth = new BearerAuth(deps.apiTokens);
  if (!auth.configured) deps.log.warn('no server.apiTokens configured: every /v1 request will get 401');
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', async (request, reply) => {
        const problem = auth.check(request.headers.authorization);
        if (problem) {
          await sendError(reply.header('WWW-Authenticate', 'Bearer realm="nbsync"'), 'UNAUTHORIZED', problem);
          return reply;
        }
        return undefined;
      });
      await registerPlanRoutes(v1, deps);
      await registerRunRoutes(v1, deps);
    },
    { prefix: '/v1' },
  );
  return app;
}
