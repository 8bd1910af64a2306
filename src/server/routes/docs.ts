import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { SyncError } from '../../model/errors.js';

/** Find openapi/nbsync.yaml above this module (src/server/routes in a checkout, dist/src/… when built). */
export function findOpenApiFile(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (let i = 0; i < 8; i += 1) {
    const candidate = join(dir, 'openapi', 'nbsync.yaml');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new SyncError('INTERNAL', 'openapi/nbsync.yaml is missing from the installation');
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nbsync API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .2rem}li{margin:.3rem 0}</style></head>
<body><h1>nbsync HTTP API</h1>
<p>Machine-readable description: <a href="/docs/openapi.json">openapi.json</a> ·
<a href="/docs/openapi.yaml">openapi.yaml</a>. Routes under <code>/v1</code> need
<code>Authorization: Bearer &lt;api token&gt;</code>.</p>
<ul id="routes"></ul>
<script>
fetch('/docs/openapi.json').then(r => r.json()).then(doc => {
  const list = document.getElementById('routes');
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const li = document.createElement('li');
      li.innerHTML = '<code></code> ';
      li.firstChild.textContent = method.toUpperCase() + ' ' + path;
      li.append(op.summary || '');
      list.append(li);
    }
  }
});
</script></body></html>
`;

/** `/docs` (a small page), `/docs/openapi.json`, `/docs/openapi.yaml`. */
export async function registerDocsRoutes(app: FastifyInstance): Promise<void> {
  let cache: { yaml: string; json: unknown } | undefined;
  const load = (): { yaml: string; json: unknown } => {
    if (!cache) {
      const yaml = readFileSync(findOpenApiFile(), 'utf8');
      cache = { yaml, json: parse(yaml) as unknown };
    }
    return cache;
  };
  app.get('/docs', { schema: { response: { 200: { type: 'string' } } } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
  app.get(
    '/docs/openapi.json',
    { schema: { response: { 200: { type: 'object', additionalProperties: true } } } },
    async (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(JSON.stringify(load().json)),
  );
  app.get(
    '/docs/openapi.yaml',
    { schema: { response: { 200: { type: 'string' } } } },
    async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(load().yaml),
  );
}
