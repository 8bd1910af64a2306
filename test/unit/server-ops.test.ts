import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '../../src/model/errors.js';
import { HTTP_ERROR_CODES } from '../../src/server/errors.js';
import { findOpenApiFile } from '../../src/server/routes/docs.js';
import { ipInventory, manyIps } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { startHarness, type Harness } from './daemon-fakes.js';

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } };
}

/** DESIGN §7 plus the documentation routes. */
const ROUTES = [
  ['POST', '/webhooks/netbox'],
  ['GET', '/v1/plan'],
  ['POST', '/v1/apply'],
  ['GET', '/v1/status'],
  ['GET', '/v1/runs'],
  ['GET', '/v1/runs/{id}'],
  ['GET', '/healthz'],
  ['GET', '/readyz'],
  ['GET', '/metrics'],
  ['GET', '/'],
  ['GET', '/app.js'],
  ['GET', '/docs'],
  ['GET', '/docs/openapi.json'],
  ['GET', '/docs/openapi.yaml'],
] as const;

describe('health, metrics, docs', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  async function start(): Promise<Harness> {
    harness = await startHarness({ inventory: ipInventory(manyIps(2)), sinks: [new MemorySink('dns')] });
    return harness;
  }

  it('GET /healthz and /readyz answer 200 while serving', async () => {
    const h = await start();

    const health = await h.daemon.app.inject({ method: 'GET', url: '/healthz' });
    const ready = await h.daemon.app.inject({ method: 'GET', url: '/readyz' });

    expect(health.json()).toEqual({ status: 'ok' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { config: true, store: true } });
  });

  it('GET /metrics serves the Prometheus text with the sink, run and change metrics', async () => {
    const h = await start();

    const response = await h.daemon.app.inject({ method: 'GET', url: '/metrics' });

    expect(response.headers['content-type']).toMatch(/text\/plain/);
    for (const line of [
      /nbsync_sink_last_success_timestamp_seconds\{sink="dns"\} \d+/,
      /nbsync_sink_consecutive_errors\{sink="dns"\} 0/,
      /nbsync_sink_pending_changes\{sink="dns"\} 0/,
      /nbsync_sink_owned_objects\{sink="dns"\} 0/,
      /nbsync_applied_changes_total\{sink="dns",op="create",outcome="applied"\} 2/,
      /nbsync_run_duration_seconds_count\{trigger="full",status="ok"\} 1/,
      /nbsync_pending_events 0/,
    ]) {
      expect(response.body).toMatch(line);
    }
  });

  it('GET / answers a placeholder page linking the API', async () => {
    const h = await start();

    const response = await h.daemon.app.inject({ method: 'GET', url: '/' });

    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('href="/docs"');
  });

  it('serves the API description as HTML, JSON and YAML', async () => {
    const h = await start();

    const page = await h.daemon.app.inject({ method: 'GET', url: '/docs' });
    const json = await h.daemon.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    const yaml = await h.daemon.app.inject({ method: 'GET', url: '/docs/openapi.yaml' });

    expect(page.body).toContain('/docs/openapi.json');
    expect(json.json<{ openapi: string }>().openapi).toBe('3.1.0');
    expect(parse(yaml.body)).toEqual(json.json());
  });

  it('answers 404 NOT_FOUND for an unknown route', async () => {
    const h = await start();

    const response = await h.daemon.app.inject({ method: 'GET', url: '/v2/nothing' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('has every route in openapi/nbsync.yaml, and only routes that exist', async () => {
    const h = await start();
    const doc = parse(readFileSync(findOpenApiFile(), 'utf8')) as OpenApi;

    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );

    expect(documented.sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
    for (const [method, path] of ROUTES) {
      expect(h.daemon.app.hasRoute({ method, url: path.replace('{id}', ':id') }), `${method} ${path}`).toBe(
        true,
      );
    }
  });

  it('documents exactly the HTTP error codes, all of them from ERROR_CODES', () => {
    const doc = parse(readFileSync(findOpenApiFile(), 'utf8')) as OpenApi;

    const documented = doc.components.schemas.Error.properties.error.properties.code.enum;

    expect([...documented].sort()).toEqual([...HTTP_ERROR_CODES].sort());
    for (const code of HTTP_ERROR_CODES) expect(ERROR_CODES).toContain(code);
  });
});
