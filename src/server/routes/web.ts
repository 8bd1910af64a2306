import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { WEB_APP_JS } from '../web/app-script.js';
import { WEB_PAGE, WEB_STYLE } from '../web/page.js';

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy: scripts only from this origin (`/app.js`), the one inline
 * style block by its hash, requests only to this origin, no frames, no forms posting anywhere,
 * and Trusted Types with no policy, so the page cannot assign strings to `innerHTML` at all.
 */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src ${sha256Source(WEB_STYLE)}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

function secured(reply: FastifyReply, type: string): FastifyReply {
  return reply
    .type(type)
    .header('content-security-policy', WEB_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-cache');
}

/**
 * `GET /` (the web page: status, pending plan, diff, approve) and `GET /app.js` (its script).
 * Both are static and public; the data comes from `/v1` with the token the user enters.
 */
export async function registerWebRoutes(app: FastifyInstance): Promise<void> {
  const text = { response: { 200: { type: 'string' } } } as const;
  app.get('/', { schema: text }, async (_request, reply) =>
    secured(reply, 'text/html; charset=utf-8').send(WEB_PAGE),
  );
  app.get('/app.js', { schema: text }, async (_request, reply) =>
    secured(reply, 'text/javascript; charset=utf-8').send(WEB_APP_JS),
  );
}
