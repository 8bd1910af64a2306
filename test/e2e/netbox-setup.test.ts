import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveFake, type ServedFake } from '../fakes/serve.js';
import { FAKE_NETBOX_TOKEN_V2, FakeNetBox } from '../fakes/netbox/index.js';
import { runCli } from './cli-harness.js';

// The built CLI (`npm run build` first), as a separate process, against the NetBox fake over
// HTTP on loopback.
const SECRET = 'e2e-webhook-secret-0123456789';
const READ_ONLY = 'fedcba9876543210fedcba9876543210fedcba98';

describe('nbsync netbox-setup (end to end)', () => {
  let netbox: FakeNetBox;
  let served: ServedFake;
  let config: string;
  let env: NodeJS.ProcessEnv;
  const writeConfig = (listen = '127.0.0.1:8080') =>
    writeFileSync(
      config,
      [
        'instance: homelab',
        'netbox:',
        `  url: ${served.url}`,
        '  token: {env: NETBOX_TOKEN}',
        '  webhookSecret: {env: NETBOX_WEBHOOK_SECRET}',
        '  timeoutMs: 5000',
        `server: {listen: "${listen}"}`,
        // netbox-setup reads only the netbox and server sections; this sink is never contacted.
        'sinks:',
        '  dns: {type: technitium-dns, url: "http://127.0.0.1:9", token: {env: UNUSED}, zones: [example.net]}',
        '',
      ].join('\n'),
    );
  const cli = (...args: string[]) => runCli(['netbox-setup', ...args, '--config', config], env);

  beforeEach(async () => {
    netbox = new FakeNetBox({ readOnlyTokens: [READ_ONLY] });
    served = await serveFake(netbox);
    config = join(mkdtempSync(join(tmpdir(), 'nbsync-setup-')), 'nbsync.yaml');
    env = { NETBOX_TOKEN: FAKE_NETBOX_TOKEN_V2, NETBOX_WEBHOOK_SECRET: SECRET };
    writeConfig();
  });

  afterEach(async () => {
    await served.close();
  });

  it('plans (exit 2), applies (exit 0), then has nothing to do (exit 0)', async () => {
    const plan = await cli('--url', 'https://nbsync.example.net');
    const apply = await cli('--url', 'https://nbsync.example.net', '--apply');
    const again = await cli('--url', 'https://nbsync.example.net');
    const againJson = await cli('--url', 'https://nbsync.example.net', '--format', 'json');

    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('10 to create, 0 to update, 0 in place');
    expect(plan.stdout).toContain('+ extras.customfield proxmox_vmid  name=proxmox_vmid type=integer');
    expect(plan.stdout).toContain(
      '+ extras.webhook nbsync-homelab  name=nbsync-homelab description=Managed by nbsync (homelab) payload_url=https://nbsync.example.net/webhooks/netbox',
    );
    expect(plan.stdout).toContain('Run nbsync netbox-setup --apply');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('  done create extras.eventrule nbsync-homelab (id 1)');
    expect(apply.stdout).toContain('NetBox setup complete.');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to do: NetBox has everything nbsync needs.');
    expect(JSON.parse(againJson.stdout)).toMatchObject({
      instance: 'homelab',
      netbox: { version: '4.6.8' },
      counts: { create: 0, update: 0, conflict: 0, inPlace: 10 },
      changes: [],
    });
    expect(againJson.code).toBe(0);
    for (const output of [plan, apply, again, againJson])
      expect(output.stdout + output.stderr).not.toContain(SECRET);
    expect(netbox.list('extras.webhook')[0]).toMatchObject({ secret: SECRET });
  });

  it('reports a custom field of another type as a conflict (exit 1) and leaves it untouched', async () => {
    const gateway = netbox.add('extras.customfield', {
      name: 'gateway',
      type: 'integer',
      object_types: ['ipam.prefix'],
    });

    const plan = await cli();
    const apply = await cli('--apply');

    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('! extras.customfield gateway: exists as a integer field');
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain(
      'NetBox setup finished with problems: 1 conflict(s) to resolve in NetBox (exit 1).',
    );
    expect(netbox.get('extras.customfield', gateway['id'] as number)).toEqual(gateway);
    expect(netbox.count('extras.customfield')).toBe(6);
    expect(netbox.count('extras.eventrule')).toBe(1);
  });

  it('says which permissions a read-only token lacks (exit 1) and writes nothing', async () => {
    env = { ...env, NETBOX_TOKEN: READ_ONLY };

    const plan = await cli();
    const apply = await cli('--apply');

    expect(plan.code).toBe(2);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      'error NETBOX_AUTH: NetBox refused to create custom field proxmox_vmid (HTTP 403): the token must be write-enabled',
    );
    expect(apply.stderr).toContain('extras.add_eventrule');
    expect(netbox.count('extras.customfield')).toBe(0);
  });

  it('asks for --url when server.listen is a wildcard address', async () => {
    writeConfig('0.0.0.0:8080');

    const result = await cli();

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error BAD_REQUEST: server.listen is 0.0.0.0:8080');
    expect(result.stderr).toContain('pass --url');
  });
});
