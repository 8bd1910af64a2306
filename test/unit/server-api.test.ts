import { afterEach, describe, expect, it } from 'vitest';
import type { PlanJson } from '../../src/reconcile/plan-json.js';
import { ipInventory, manyIps } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { API_TOKEN, bearer, startHarness, type Harness } from './daemon-fakes.js';

interface ErrorJson {
  error: { code: string; message: string };
  plan?: PlanJson;
}

describe('/v1 API', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  async function proposeHarness(count = 2): Promise<{ harness: Harness; sink: MemorySink }> {
    const sink = new MemorySink('dns', { mode: 'propose' });
    harness = await startHarness({
      inventory: ipInventory(manyIps(count)),
      sinks: [sink, new MemorySink('other')],
    });
    return { harness, sink };
  }

  it.each([
    ['no header', {}, /missing Authorization/],
    ['another scheme', { authorization: `Token ${API_TOKEN}` }, /Bearer/],
    ['an unknown token', { authorization: 'Bearer not-the-token' }, /unknown API token/],
  ])('answers 401 UNAUTHORIZED with %s', async (_name, headers, reason) => {
    const { harness: h } = await proposeHarness();

    const response = await h.daemon.app.inject({ method: 'GET', url: '/v1/status', headers });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    const body = response.json<ErrorJson>();
    expect(body.error.code).toBe('UNAUTHORIZED');
    expect(body.error.message).toMatch(reason);
    expect(body.error.message).not.toContain('not-the-token');
  });

  it('answers 401 to every /v1 request when no API token is configured', async () => {
    harness = await startHarness({
      inventory: ipInventory([]),
      sinks: [new MemorySink('dns')],
      server: { apiTokens: [] },
    });

    const response = await harness.daemon.app.inject({ method: 'GET', url: '/v1/status', headers: bearer });

    expect(response.statusCode).toBe(401);
    expect(response.json<ErrorJson>().error.message).toMatch(/server\.apiTokens/);
  });

  it('GET /v1/plan returns plan JSON computed now', async () => {
    const { harness: h } = await proposeHarness();

    const response = await h.daemon.app.inject({ method: 'GET', url: '/v1/plan?sink=dns', headers: bearer });

    expect(response.statusCode).toBe(200);
    const plan = response.json<PlanJson>();
    expect(plan.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.sinks.map((s) => s.sink)).toEqual(['dns']);
    expect(plan.sinks[0]?.changes[0]).toMatchObject({
      op: 'create',
      kind: 'dns.record',
      source: 'ipam.ipaddress/1',
    });
  });

  it.each([
    ['markdown', /text\/markdown/],
    ['text', /text\/plain/],
  ])('GET /v1/plan?format=%s renders the plan', async (format, type) => {
    const { harness: h } = await proposeHarness();

    const response = await h.daemon.app.inject({
      method: 'GET',
      url: `/v1/plan?format=${format}`,
      headers: bearer,
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(type);
    expect(response.body).toContain('host-1.int.lavaduck.net');
  });

  it.each([
    ['an unknown format', '/v1/plan?format=yaml', /format/],
    ['an unknown sink', '/v1/plan?sink=nope', /unknown sink nope/],
    ['a malformed sink name', '/v1/plan?sink=Bad%20Name', /sink/],
    ['an unknown parameter', '/v1/plan?sinks=dns', /additional/],
  ])('GET /v1/plan answers 400 BAD_REQUEST for %s', async (_name, url, reason) => {
    const { harness: h } = await proposeHarness();

    const response = await h.daemon.app.inject({ method: 'GET', url, headers: bearer });

    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorJson>().error).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(reason),
    });
  });

  it('POST /v1/apply with the reviewed checksum applies the propose sink and records an approval run', async () => {
    const { harness: h, sink } = await proposeHarness();
    const plan = (
      await h.daemon.app.inject({ method: 'GET', url: '/v1/plan', headers: bearer })
    ).json<PlanJson>();

    const response = await h.daemon.app.inject({
      method: 'POST',
      url: '/v1/apply',
      headers: bearer,
      payload: { checksum: plan.checksum },
    });

    expect(response.statusCode).toBe(200);
    const body = response.json<{
      ok: boolean;
      run: { id: string; status: string };
      sinks: { sink: string; status: string }[];
    }>();
    expect(body).toMatchObject({ ok: true, run: { status: 'ok' } });
    expect(body.sinks.find((s) => s.sink === 'dns')?.status).toBe('applied');
    expect(sink.target.size).toBe(2);
    expect(h.store.runs.get(body.run.id)).toMatchObject({ trigger: 'approval', checksum: plan.checksum });
  });

  it('POST /v1/apply with a stale checksum answers 409 PLAN_STALE with the fresh plan and applies nothing', async () => {
    const { harness: h, sink } = await proposeHarness();
    const reviewed = (
      await h.daemon.app.inject({ method: 'GET', url: '/v1/plan', headers: bearer })
    ).json<PlanJson>();
    h.netbox.inventory = ipInventory(manyIps(3));

    const response = await h.daemon.app.inject({
      method: 'POST',
      url: '/v1/apply',
      headers: bearer,
      payload: { checksum: reviewed.checksum },
    });

    expect(response.statusCode).toBe(409);
    const body = response.json<ErrorJson>();
    expect(body.error.code).toBe('PLAN_STALE');
    expect(body.plan?.checksum).not.toBe(reviewed.checksum);
    expect(body.plan?.sinks.find((s) => s.sink === 'dns')?.counts.create).toBe(3);
    expect(sink.target.size).toBe(0);
    expect(h.store.runs.list({ limit: 1 })[0]).toMatchObject({ trigger: 'approval', status: 'stale' });
  });

  it.each([
    ['no checksum', {}],
    ['a malformed checksum', { checksum: 'abc' }],
    ['an unknown field', { checksum: `sha256:${'0'.repeat(64)}`, dryRun: true }],
    ['a malformed sink name', { checksum: `sha256:${'0'.repeat(64)}`, sinks: ['Bad Name'] }],
    ['force not a boolean', { checksum: `sha256:${'0'.repeat(64)}`, force: 'yes please' }],
  ])('POST /v1/apply answers 400 BAD_REQUEST for %s', async (_name, payload) => {
    const { harness: h } = await proposeHarness();

    const response = await h.daemon.app.inject({
      method: 'POST',
      url: '/v1/apply',
      headers: bearer,
      payload,
    });

    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorJson>().error.code).toBe('BAD_REQUEST');
  });

  it('POST /v1/apply answers 400 for invalid JSON', async () => {
    const { harness: h } = await proposeHarness();

    const response = await h.daemon.app.inject({
      method: 'POST',
      url: '/v1/apply',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: '{"checksum":',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorJson>().error.code).toBe('BAD_REQUEST');
  });

  it('GET /v1/status reports mode, last run, owned and pending per sink', async () => {
    const { harness: h } = await proposeHarness();

    const response = await h.daemon.app.inject({ method: 'GET', url: '/v1/status', headers: bearer });

    expect(response.statusCode).toBe(200);
    const status = response.json<{ ready: boolean; sinks: Record<string, unknown>[] }>();
    expect(status.ready).toBe(true);
    expect(status.sinks).toEqual([
      expect.objectContaining({
        name: 'dns',
        mode: 'propose',
        pendingChanges: 2,
        owned: 0,
        consecutiveErrors: 0,
      }),
      expect.objectContaining({
        name: 'other',
        mode: 'apply',
        pendingChanges: 0,
        lastRun: expect.objectContaining({ status: 'applied' }),
      }),
    ]);
  });

  it('GET /v1/runs lists runs newest first and GET /v1/runs/{id} shows the changes applied', async () => {
    const { harness: h } = await proposeHarness();

    const list = await h.daemon.app.inject({ method: 'GET', url: '/v1/runs?limit=10', headers: bearer });
    const [run] = list.json<{ runs: { id: string; trigger: string }[] }>().runs;
    const detail = await h.daemon.app.inject({
      method: 'GET',
      url: `/v1/runs/${run?.id ?? ''}`,
      headers: bearer,
    });

    expect(run?.trigger).toBe('full');
    expect(detail.statusCode).toBe(200);
    expect(detail.json<{ changes: unknown[] }>().changes).toEqual([
      expect.objectContaining({ sink: 'other', op: 'create', outcome: 'applied' }),
      expect.objectContaining({ sink: 'other', op: 'create', outcome: 'applied' }),
    ]);
  });

  it.each([
    ['an unknown run', '/v1/runs/run_00000000000000000000000000', 404, 'NOT_FOUND'],
    ['a malformed run id', '/v1/runs/nope', 400, 'BAD_REQUEST'],
    ['a bad limit', '/v1/runs?limit=0', 400, 'BAD_REQUEST'],
  ])('answers an error for %s', async (_name, url, status, code) => {
    const { harness: h } = await proposeHarness();

    const response = await h.daemon.app.inject({ method: 'GET', url, headers: bearer });

    expect(response.statusCode).toBe(status);
    expect(response.json<ErrorJson>().error.code).toBe(code);
  });

  it('never logs the API token', async () => {
    const { harness: h } = await proposeHarness();

    await h.daemon.app.inject({ method: 'GET', url: '/v1/status', headers: bearer });
    await h.daemon.app.inject({
      method: 'GET',
      url: '/v1/status',
      headers: { authorization: 'Bearer wrong-token-value' },
    });

    expect(h.lines.join('')).not.toContain(API_TOKEN);
    expect(h.lines.join('')).not.toContain('wrong-token-value');
  });
});
