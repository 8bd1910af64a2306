import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';
import { verifySignature } from '../auth.js';
import { errorSchema, sendError } from '../errors.js';
import { DEFAULT_WEBHOOK_RATE_LIMIT, TokenBuckets } from '../rate-limit.js';
import { noticeToEvent, parseWebhookPayload } from '../webhook-payload.js';

const acceptedSchema = {
  type: 'object',
  required: ['status', 'event', 'duplicate'],
  properties: {
    status: { type: 'string', enum: ['accepted'] },
    event: { type: 'integer' },
    duplicate: { type: 'boolean' },
  },
} as const;

/**
 * `POST /webhooks/netbox`: the raw body is kept for the signature (HMAC-SHA512 over the exact
 * bytes, NETBOX-WEBHOOKS.md), the event is committed to the store, then 202. Processing is
 * asynchronous (NetBox does not retry by default, so answer fast).
 */
export async function registerWebhookRoute(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { metrics, log } = deps;
  const buckets = new TokenBuckets(deps.rateLimit ?? DEFAULT_WEBHOOK_RATE_LIMIT);
  const now = deps.now ?? (() => new Date());
  if (deps.webhookSignatures === 'required' && deps.webhookSecret === null) {
    log.warn(
      'server.webhookSignatures is required but netbox.webhookSecret is not set: every webhook will get 401',
    );
  }

  await app.register(async (scope) => {
    // Any content type (NetBox's http_content_type is configurable): keep the bytes as they came.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.bodyLimit }, (_req, body, done) => {
      done(null, body);
    });
    scope.addHook('onError', async (_request, _reply, err) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') metrics.webhook('too_large');
    });

    scope.post(
      '/webhooks/netbox',
      {
        bodyLimit: deps.bodyLimit,
        schema: {
          headers: {
            type: 'object',
            properties: { 'x-hook-signature': { type: 'string', maxLength: 256 } },
          },
          response: { 202: acceptedSchema, '4xx': errorSchema, '5xx': errorSchema },
        },
        onRequest: async (request, reply) => {
          if (deps.lifecycle.draining) {
            metrics.webhook('draining');
            await sendError(reply, 'SHUTTING_DOWN', 'nbsync is shutting down; NetBox may retry later');
            return reply;
          }
          const wait = buckets.take(request.ip);
          if (wait > 0) {
            metrics.webhook('rate_limited');
            await sendError(
              reply.header('Retry-After', String(wait)),
              'RATE_LIMITED',
              'too many webhooks from this address; slow down',
            );
            return reply;
          }
          return undefined;
        },
      },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        if (deps.webhookSignatures === 'required') {
          const header = request.headers['x-hook-signature'];
          const problem =
            deps.webhookSecret === null
              ? 'no webhook secret configured: set netbox.webhookSecret, or server.webhookSignatures: disabled'
              : typeof header !== 'string' || header === ''
                ? 'missing X-Hook-Signature: set a secret on the NetBox webhook'
                : verifySignature(deps.webhookSecret, raw, header)
                  ? null
                  : 'X-Hook-Signature does not match the body; check that NetBox and nbsync share the same secret';
          if (problem) {
            metrics.webhook('unauthorized');
            log.warn({ ip: request.ip }, 'webhook rejected: bad signature');
            return sendError(reply, 'WEBHOOK_SIGNATURE', problem);
          }
        }
        const parsed = parseWebhookPayload(raw);
        if (!parsed.ok) {
          metrics.webhook('malformed');
          log.warn({ problems: parsed.problems }, 'webhook rejected: malformed body');
          return sendError(
            reply,
            'WEBHOOK_MALFORMED',
            `malformed webhook body: ${parsed.problems.join('; ')}`,
          );
        }
        const { event, duplicate } = deps.intake.accept(noticeToEvent(parsed.notice, raw, now()));
        metrics.webhook(duplicate ? 'duplicate' : 'accepted');
        log.debug(
          { event: event.id, object: `${event.objectType}/${event.objectId}`, duplicate },
          'webhook stored',
        );
        return reply.code(202).send({ status: 'accepted', event: event.id, duplicate });
      },
    );
  });
}
