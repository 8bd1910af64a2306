import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/server/auth.js';
import { ipInventory, manyIps } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import {
  WEBHOOK_SECRET,
  postWebhook,
  startHarness,
  webhookBody,
  type Harness,
  type HarnessOptions,
} from './daemon-fakes.js';

const SAMPLE = readFileSync(
  new URL(
    '../../../shared/specs/netbox/samples/synthetic-4.6/webhook-ipaddress-updated.json',
    import.meta.url,
  ),
  'utf8',
);

async function start(options: Partial<HarnessOptions> = {}): Promise<Harness> {
  return startHarness({ inventory: ipInventory(manyIps(2)), sinks: [new MemorySink('dns')], ...options });
}

describe('POST /webhooks/netbox', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  it('stores a correctly signed NetBox 4.6 body and answers 202', async () => {
    harness = await start();

    const response = await postWebhook(harness.daemon, SAMPLE);

    expect(response.statusCode).toBe(202);
    const { event } = response.json<{ event: number }>();
    expect(harness.store.events.get(event)).toMatchObject({
      objectType: 'ipam.ipaddress',
      objectId: 812,
      event: 'updated',
      requestId: '5b0e7c52-2a1f-4f38-9d59-1c7c3e1d2a10',
      username: 'sync-bot',
      status: 'pending',
      related: ['virtualization.virtualmachine/21', 'virtualization.vminterface/57'],
    });
  });

  it.each([
    ['missing', null],
    ['wrong', signBody('another secret', SAMPLE)],
    ['not hex', 'z'.repeat(128)],
    ['truncated', signBody(WEBHOOK_SECRET, SAMPLE).slice(0, 64)],
  ])(
    'answers 401 WEBHOOK_SIGNATURE when the signature is %s, and stores nothing',
    async (_name, signature) => {
      harness = await start();

      const response = await postWebhook(harness.daemon, SAMPLE, signature);

      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'WEBHOOK_SIGNATURE' } });
      expect(harness.store.events.countPending()).toBe(0);
    },
  );

  it('answers 401 when the body was altered after signing', async () => {
    harness = await start();
    const signature = signBody(WEBHOOK_SECRET, SAMPLE);

    const response = await postWebhook(harness.daemon, SAMPLE.replace('"id": 812', '"id": 813'), signature);

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'WEBHOOK_SIGNATURE' } });
  });

  it('accepts the signature in upper-case hex too', async () => {
    harness = await start();

    const response = await postWebhook(
      harness.daemon,
      SAMPLE,
      signBody(WEBHOOK_SECRET, SAMPLE).toUpperCase(),
    );

    expect(response.statusCode).toBe(202);
  });

  it('accepts unsigned bodies when signatures are disabled', async () => {
    harness = await start({ server: { webhookSignatures: 'disabled' } });

    const response = await postWebhook(harness.daemon, SAMPLE, null);

    expect(response.statusCode).toBe(202);
  });

  it('answers 401 naming the fix when signatures are required and no secret is configured', async () => {
    harness = await start({ netbox: { webhookSecret: undefined } });

    const response = await postWebhook(harness.daemon, SAMPLE);

    expect(response.statusCode).toBe(401);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/netbox\.webhookSecret/);
  });

  it('answers 413 WEBHOOK_TOO_LARGE over the body limit', async () => {
    harness = await start({ server: { bodyLimit: 2048 } });
    const body = webhookBody('ipam.ipaddress', 1, 'updated', { padding: 'x'.repeat(4096) });

    const response = await postWebhook(harness.daemon, body);

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'WEBHOOK_TOO_LARGE' } });
  });

  it.each([
    ['not JSON', '{"event": "updated",', /not JSON/],
    ['a JSON array', '[1, 2]', /JSON object/],
    ['empty', '', /not JSON/],
    ['without event', JSON.stringify({ object_type: 'ipam.ipaddress', data: { id: 1 } }), /event/],
    [
      'with an unknown event',
      webhookBody('ipam.ipaddress', 1).replace('"updated"', '"renamed"'),
      /event: expected one of/,
    ],
    ['without object_type or model', JSON.stringify({ event: 'updated', data: { id: 1 } }), /object_type/],
    [
      'with a bad object_type',
      JSON.stringify({ event: 'updated', object_type: 'IP Address', data: { id: 1 } }),
      /object_type: expected app_label\.model/,
    ],
    [
      'without data',
      JSON.stringify({ event: 'updated', object_type: 'ipam.ipaddress' }),
      /data: expected the serialized object/,
    ],
    [
      'without data.id',
      JSON.stringify({ event: 'updated', object_type: 'ipam.ipaddress', data: {} }),
      /data\.id/,
    ],
    [
      'with a string data.id',
      JSON.stringify({ event: 'updated', object_type: 'ipam.ipaddress', data: { id: '7' } }),
      /data\.id/,
    ],
    [
      'with request not an object',
      JSON.stringify({ event: 'updated', object_type: 'ipam.ipaddress', data: { id: 1 }, request: 'x' }),
      /request/,
    ],
  ])('answers 400 WEBHOOK_MALFORMED for a body %s, saying what is wrong', async (_name, body, reason) => {
    harness = await start();

    const response = await postWebhook(harness.daemon, body);

    expect(response.statusCode).toBe(400);
    const error = response.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('WEBHOOK_MALFORMED');
    expect(error.message).toMatch(reason);
  });

  it('tolerates the pre-4.5 shape: bare model, username and request_id at the top', async () => {
    harness = await start();
    const body = JSON.stringify({
      event: 'deleted',
      model: 'vminterface',
      username: 'bob',
      request_id: '11111111-2222-4333-8444-555555555555',
      data: { id: 57, virtual_machine: { id: 21, name: 'web-01' } },
    });

    const response = await postWebhook(harness.daemon, body);

    expect(response.statusCode).toBe(202);
    expect(harness.store.events.get(response.json<{ event: number }>().event)).toMatchObject({
      objectType: 'virtualization.vminterface',
      username: 'bob',
      requestId: '11111111-2222-4333-8444-555555555555',
      related: ['virtualization.virtualmachine/21'],
    });
  });

  it('stores a redelivered identical payload once', async () => {
    harness = await start();

    const first = await postWebhook(harness.daemon, SAMPLE);
    const again = await postWebhook(harness.daemon, SAMPLE);

    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ event: first.json<{ event: number }>().event, duplicate: true });
    expect(harness.store.events.countPending()).toBe(1);
  });

  it('answers 429 RATE_LIMITED with Retry-After when one address sends too fast', async () => {
    harness = await start({ extra: { rateLimit: { capacity: 2, refillPerSecond: 0.001 } } });

    const statuses: number[] = [];
    let last;
    for (let id = 1; id <= 3; id += 1) {
      last = await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', id));
      statuses.push(last.statusCode);
    }

    expect(statuses).toEqual([202, 202, 429]);
    expect(last?.headers['retry-after']).toBeDefined();
    expect(last?.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });

  it('counts webhooks by result in /metrics', async () => {
    harness = await start();
    await postWebhook(harness.daemon, SAMPLE);
    await postWebhook(harness.daemon, SAMPLE, null);

    const metrics = await harness.daemon.app.inject({ method: 'GET', url: '/metrics' });

    expect(metrics.body).toMatch(/nbsync_webhook_events_total\{result="accepted"\} 1/);
    expect(metrics.body).toMatch(/nbsync_webhook_events_total\{result="unauthorized"\} 1/);
  });

  it('never logs the webhook secret or a signature', async () => {
    harness = await start();

    await postWebhook(harness.daemon, SAMPLE, signBody('wrong', SAMPLE));
    await postWebhook(harness.daemon, SAMPLE);
    await harness.daemon.settle();

    const output = harness.lines.join('');
    expect(output).not.toContain(WEBHOOK_SECRET);
    expect(output).not.toContain(signBody(WEBHOOK_SECRET, SAMPLE));
    expect(output).toContain('webhook rejected: bad signature');
  });
});
