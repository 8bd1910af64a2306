// netbox-setup against the stateful NetBox fake (msw): first run creates everything, second
// plans nothing, conflicts are reported and left alone, a read-only token is a clear error.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import {
  applySetup,
  createSetupClient,
  planNetBoxSetup,
  renderSetupPlan,
  setupToJson,
  type SetupOptions,
  type SetupPlan,
} from '../../src/setup/index.js';
import { mswHandlers } from '../fakes/http.js';
import { FAKE_NETBOX_TOKEN_V1, FakeNetBox, type JsonObject } from '../fakes/netbox/index.js';
import { buildHomelab } from '../fixtures/homelab.js';

const BASE = 'http://127.0.0.1:8000';
const SECRET = 'webhook-secret-0123456789';
const READ_ONLY = 'fedcba9876543210fedcba9876543210fedcba98';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const signal = () => AbortSignal.timeout(10_000);
const options: Omit<SetupOptions, 'version'> = {
  instance: 'homelab',
  payloadUrl: 'https://nbsync.example.net/webhooks/netbox',
  webhookSecret: SECRET,
  signaturesRequired: true,
  certificateTags: [],
};

function arrange(fakeOptions: { version?: string; token?: string } = {}) {
  const netbox = new FakeNetBox({
    ...(fakeOptions.version ? { version: fakeOptions.version } : {}),
    readOnlyTokens: [READ_ONLY],
  });
  server.use(...mswHandlers(BASE, netbox));
  const client = createSetupClient({
    url: BASE,
    token: fakeOptions.token ?? FAKE_NETBOX_TOKEN_V1,
    maxAttempts: 1,
  });
  const plan = (extra: Partial<typeof options> = {}) =>
    planNetBoxSetup(client, { ...options, ...extra }, signal());
  const apply = (p: SetupPlan) => applySetup(client, p, signal());
  return { netbox, client, plan, apply };
}

const byName = (
  netbox: FakeNetBox,
  type: 'extras.customfield' | 'extras.webhook' | 'extras.eventrule',
  name: string,
) => netbox.list(type).find((o) => o['name'] === name);
const keys = (plan: SetupPlan) => plan.changes.map((c) => `${c.op} ${c.kind} ${c.key}`);
const writes = (netbox: FakeNetBox) => netbox.requests.filter((r) => r.method !== 'GET');

describe('netbox-setup on an empty NetBox', () => {
  it('creates the custom fields, tags, webhook and event rule, then plans nothing', async () => {
    const { netbox, plan, apply } = arrange();

    const first = await plan();
    const results = await apply(first);
    const second = await plan();

    expect(keys(first)).toEqual([
      'create extras.customfield proxmox_vmid',
      'create extras.customfield proxmox_node',
      'create extras.customfield proxmox_template',
      'create extras.customfield dns_aliases',
      'create extras.customfield dns_ttl',
      'create extras.customfield gateway',
      'create extras.tag tls',
      'create extras.tag nbsync-homelab',
      'create extras.webhook nbsync-homelab',
      'create extras.eventrule nbsync-homelab',
    ]);
    expect(results.every((r) => r.outcome === 'applied')).toBe(true);
    expect(
      (['extras.customfield', 'extras.tag', 'extras.webhook', 'extras.eventrule'] as const).map((t) =>
        netbox.count(t),
      ),
    ).toEqual([6, 2, 1, 1]);
    expect(second.changes).toEqual([]);
    expect(second.conflicts).toEqual([]);
    expect(second.inPlace).toHaveLength(10);
  });

  it('gives the custom fields their types, object types, validation and the marker', async () => {
    const { netbox, plan, apply } = arrange();

    await apply(await plan());

    expect(byName(netbox, 'extras.customfield', 'proxmox_vmid')).toMatchObject({
      type: { value: 'integer' },
      object_types: ['virtualization.virtualmachine'],
      label: 'Proxmox VMID',
      validation_minimum: 100,
      validation_maximum: 999_999_999,
      description: expect.stringContaining('Managed by nbsync (homelab)'),
    });
    expect(byName(netbox, 'extras.customfield', 'dns_ttl')).toMatchObject({
      type: { value: 'integer' },
      object_types: ['ipam.ipaddress'],
      validation_minimum: 0,
    });
    expect(byName(netbox, 'extras.customfield', 'dns_aliases')).toMatchObject({
      type: { value: 'text' },
      object_types: ['ipam.ipaddress'],
    });
    expect(byName(netbox, 'extras.customfield', 'gateway')).toMatchObject({
      type: { value: 'text' },
      object_types: ['ipam.prefix'],
    });
    const gatewayRegex = new RegExp(
      String(byName(netbox, 'extras.customfield', 'gateway')?.['validation_regex']),
    );
    expect(['10.10.20.1', '10.10.20.1/24', '2001:db8::1'].every((v) => gatewayRegex.test(v))).toBe(true);
    expect(gatewayRegex.test('gw.example')).toBe(false);
  });

  it('points the event rule at the new webhook, signed with the secret, for every object nbsync loads', async () => {
    const { netbox, plan, apply } = arrange();

    await apply(await plan());

    const webhook = byName(netbox, 'extras.webhook', 'nbsync-homelab') as JsonObject;
    expect(webhook).toMatchObject({
      payload_url: 'https://nbsync.example.net/webhooks/netbox',
      http_method: 'POST',
      http_content_type: 'application/json',
      body_template: '',
      secret: SECRET,
      ssl_verification: true,
    });
    const rule = byName(netbox, 'extras.eventrule', 'nbsync-homelab');
    expect(rule).toMatchObject({
      enabled: true,
      event_types: ['object_created', 'object_updated', 'object_deleted'],
      action_type: { value: 'webhook' },
      action_object_type: 'extras.webhook',
      action_object_id: webhook['id'],
      description: 'Managed by nbsync (homelab)',
    });
    expect([...(rule?.['object_types'] as string[])].sort()).toEqual([
      'dcim.device',
      'dcim.interface',
      'dcim.macaddress',
      'ipam.ipaddress',
      'ipam.prefix',
      'ipam.vlan',
      'virtualization.virtualdisk',
      'virtualization.virtualmachine',
      'virtualization.vminterface',
    ]);
  });

  it('uses the type_* flags and leaves MAC objects out on NetBox 4.0, and converges', async () => {
    const { netbox, plan, apply } = arrange({ version: '4.0.11' });

    await apply(await plan());
    const second = await plan();

    const rule = byName(netbox, 'extras.eventrule', 'nbsync-homelab');
    expect(rule).toMatchObject({
      type_create: true,
      type_update: true,
      type_delete: true,
      type_job_start: false,
    });
    expect(rule?.['object_types']).not.toContain('dcim.macaddress');
    expect(second.changes).toEqual([]);
  });

  it('creates the tags of the certificate sinks too', async () => {
    const { netbox, plan, apply } = arrange();

    await apply(await plan({ certificateTags: ['tls', 'needs-cert'] }));

    expect(netbox.list('extras.tag').map((t) => t['slug'])).toEqual(['nbsync-homelab', 'needs-cert', 'tls']);
  });

  it('never prints the webhook secret, in text or JSON', async () => {
    const { plan } = arrange();

    const first = await plan();

    expect(renderSetupPlan(first)).toContain('+ extras.webhook nbsync-homelab');
    expect(renderSetupPlan(first)).toContain('secret=(hidden)');
    expect(renderSetupPlan(first)).not.toContain(SECRET);
    expect(JSON.stringify(setupToJson(first))).not.toContain(SECRET);
  });
});

describe('netbox-setup never changes what it did not create', () => {
  it('reports a custom field of another type as a conflict and leaves it as it is', async () => {
    const { netbox, plan, apply } = arrange();
    const gateway = netbox.add('extras.customfield', {
      name: 'gateway',
      type: 'integer',
      object_types: ['ipam.prefix'],
    });

    const first = await plan();
    const results = await apply(first);

    expect(first.conflicts).toEqual([
      {
        kind: 'extras.customfield',
        key: 'gateway',
        reason: expect.stringContaining(
          'exists as a integer field (not created by nbsync); nbsync needs text',
        ),
      },
    ]);
    expect(keys(first)).not.toContain('create extras.customfield gateway');
    expect(results).toHaveLength(9);
    expect(netbox.get('extras.customfield', gateway['id'] as number)).toEqual(gateway);
    expect(writes(netbox).some((r) => r.url.includes(`/custom-fields/${String(gateway['id'])}/`))).toBe(
      false,
    );
  });

  it('keeps custom fields and tags someone made by hand, without writing to them', async () => {
    const { netbox, plan, apply } = arrange();
    buildHomelab(netbox);
    netbox.resetRequests();

    const first = await plan();
    await apply(first);

    expect(keys(first)).toEqual([
      'create extras.tag nbsync-homelab',
      'create extras.webhook nbsync-homelab',
      'create extras.eventrule nbsync-homelab',
    ]);
    expect(first.inPlace.filter((i) => i.note === 'not created by nbsync').map((i) => i.key)).toEqual([
      'proxmox_vmid',
      'proxmox_node',
      'proxmox_template',
      'dns_aliases',
      'dns_ttl',
      'gateway',
      'tls',
    ]);
    expect(writes(netbox).map((r) => new URL(r.url).pathname)).toEqual([
      '/api/extras/tags/',
      '/api/extras/webhooks/',
      '/api/extras/event-rules/',
    ]);
  });

  it('reports a hand-made field that lacks an object type instead of adding it', async () => {
    const { netbox, plan } = arrange();
    netbox.add('extras.customfield', { name: 'dns_ttl', type: 'integer', object_types: ['dcim.device'] });

    const first = await plan();

    expect(first.conflicts.map((c) => [c.key, c.reason])).toEqual([
      [
        'dns_ttl',
        expect.stringContaining('without object type ipam.ipaddress: add it to the field in NetBox'),
      ],
    ]);
  });

  it('reports webhooks and event rules of the same name that nbsync did not create', async () => {
    const { netbox, plan } = arrange();
    netbox.add('extras.webhook', { name: 'nbsync-homelab', payload_url: 'http://elsewhere/' });

    const first = await plan();

    expect(first.conflicts.map((c) => `${c.kind} ${c.key}`)).toEqual([
      'extras.webhook nbsync-homelab',
      'extras.eventrule nbsync-homelab',
    ]);
    expect(first.conflicts[1]?.reason).toBe('waits for the webhook nbsync-homelab');
  });

  it('reports a tag whose name nbsync wants under another slug', async () => {
    const { netbox, plan } = arrange();
    netbox.add('extras.tag', { name: 'tls', slug: 'tls-certificates' });

    const first = await plan();

    expect(first.conflicts).toEqual([
      {
        kind: 'extras.tag',
        key: 'tls',
        reason: expect.stringContaining('a tag named "tls" exists with slug "tls-certificates"'),
      },
    ]);
  });

  it('updates only its own objects, e.g. a rotated webhook secret and a new URL, with the secret hidden', async () => {
    const { netbox, plan, apply } = arrange();
    await apply(await plan());
    const rotated = 'rotated-secret-9876543210';

    const next = await plan({
      webhookSecret: rotated,
      payloadUrl: 'https://nbsync2.example.net/webhooks/netbox',
    });
    await apply(next);

    expect(next.changes.map((c) => [c.op, c.key, c.diff])).toEqual([
      [
        'update',
        'nbsync-homelab',
        [
          {
            field: 'payload_url',
            from: 'https://nbsync.example.net/webhooks/netbox',
            to: 'https://nbsync2.example.net/webhooks/netbox',
          },
          { field: 'secret', from: '(hidden)', to: '(hidden)' },
        ],
      ],
    ]);
    expect(renderSetupPlan(next)).not.toContain(rotated);
    expect(byName(netbox, 'extras.webhook', 'nbsync-homelab')).toMatchObject({ secret: rotated });
  });

  it('adds a missing object type to its own event rule and keeps the ones a person added', async () => {
    const { netbox, plan, apply } = arrange();
    await apply(await plan());
    const rule = byName(netbox, 'extras.eventrule', 'nbsync-homelab') as JsonObject;
    netbox.update('extras.eventrule', rule['id'] as number, {
      object_types: ['ipam.ipaddress', 'dcim.site'],
    });

    const next = await plan();
    await apply(next);

    expect(keys(next)).toEqual(['update extras.eventrule nbsync-homelab']);
    expect(byName(netbox, 'extras.eventrule', 'nbsync-homelab')?.['object_types']).toContain('dcim.site');
    expect((await plan()).changes).toEqual([]);
  });

  it('notes a second webhook sending to the same URL', async () => {
    const { netbox, plan } = arrange();
    netbox.add('extras.webhook', { name: 'by hand', payload_url: options.payloadUrl });

    const first = await plan();

    expect(first.notes).toEqual([expect.stringContaining('webhook "by hand" (id 1) also sends to')]);
  });

  it('refuses to plan an unsigned webhook while signatures are required', async () => {
    const { plan } = arrange();

    const first = await plan({ webhookSecret: undefined });

    expect(first.conflicts).toEqual([
      {
        kind: 'extras.webhook',
        key: 'nbsync-homelab',
        reason: expect.stringContaining('netbox.webhookSecret is not set'),
      },
    ]);
    expect(keys(first).filter((k) => k.includes('webhook') || k.includes('eventrule'))).toEqual([]);
  });
});

describe('netbox-setup with a token that may not write', () => {
  it('stops at the first write and names the permissions the token needs', async () => {
    const { netbox, plan, apply } = arrange({ token: READ_ONLY });
    const first = await plan();

    const error = await apply(first).then(
      () => undefined,
      (err: unknown) => err,
    );

    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('NETBOX_AUTH');
    expect((error as SyncError).message).toContain(
      'NetBox refused to create custom field proxmox_vmid (HTTP 403): the token must be write-enabled and its user needs the permission extras.add_customfield',
    );
    expect((error as SyncError).message).toContain('extras.change_eventrule');
    expect(writes(netbox)).toHaveLength(1);
    expect(netbox.count('extras.customfield')).toBe(0);
  });
});
