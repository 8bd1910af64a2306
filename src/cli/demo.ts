import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveFake, type ServedFake } from '../../test/fakes/serve.js';
import { FAKE_NETBOX_TOKEN_V1, FakeNetBox, type ChangeEvent } from '../../test/fakes/netbox/index.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../../test/fakes/technitium/index.js';
import { buildHomelab } from '../../test/fixtures/homelab.js';
import { SyncError } from '../model/errors.js';
import { signBody } from '../server/auth.js';
import type { CliArgs } from './args.js';
import type { Io } from './commands.js';
import { startServing } from './serve.js';

const ZONES = [
  'int.lavaduck.net',
  '10.10.10.in-addr.arpa',
  '10.10.20.in-addr.arpa',
  '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
];
const WEBHOOK_SECRET = 'demo-webhook-secret-not-for-production';
const API_TOKEN = 'demo-api-token-not-for-production';

/** The running simulators, for the e2e test and for `demo` itself. */
export interface DemoWorld {
  readonly netbox: FakeNetBox;
  readonly technitium: FakeTechnitium;
  readonly served: readonly ServedFake[];
  readonly configPath: string;
  readonly editIpId: number;
  /** Forward NetBox changes as signed webhooks to this URL (what a NetBox event rule does). */
  forwardWebhooksTo(url: string): void;
  close(): Promise<void>;
}

/** Start the simulators with the sample homelab and write a config that points at them. */
export async function startDemoWorld(dir: string): Promise<DemoWorld> {
  const netbox = new FakeNetBox();
  const fixture = buildHomelab(netbox);
  const technitium = new FakeTechnitium();
  for (const zone of ZONES) technitium.addZone(zone);
  // Records somebody made by hand: nbsync must leave them alone (one collides: a conflict).
  technitium.addRecord('int.lavaduck.net', {
    name: 'printer.int.lavaduck.net',
    type: 'A',
    rData: { ipAddress: '10.10.30.200' },
  });
  technitium.addRecord('int.lavaduck.net', {
    name: 'netbox.int.lavaduck.net',
    type: 'A',
    rData: { ipAddress: '10.10.10.20' },
    comments: 'made by hand',
  });
  const served = [await serveFake(netbox), await serveFake(technitium)];
  const [netboxUrl, technitiumUrl] = served.map((s) => s.url);

  mkdirSync(dir, { recursive: true });
  const secret = (name: string, value: string) =>
    writeFileSync(join(dir, name), `${value}\n`, { mode: 0o600 });
  secret('netbox.token', FAKE_NETBOX_TOKEN_V1);
  secret('webhook.secret', WEBHOOK_SECRET);
  secret('api.token', API_TOKEN);
  secret('technitium.token', FAKE_TECHNITIUM_TOKEN);
  const configPath = join(dir, 'nbsync.yaml');
  writeFileSync(
    configPath,
    [
      '# Written by `nbsync demo`: every system here is a built-in simulator.',
      'instance: demo',
      'netbox:',
      `  url: ${netboxUrl}`,
      '  token: {file: netbox.token}',
      '  webhookSecret: {file: webhook.secret}',
      '  writeBack: journal',
      'server:',
      '  listen: 127.0.0.1:8080',
      '  apiTokens: [{file: api.token}]',
      'store: {path: nbsync.sqlite}',
      'schedule: {fullSync: "*/5 * * * *", debounceMs: 500}',
      'sinks:',
      '  dns:',
      '    type: technitium-dns',
      '    mode: apply',
      `    url: ${technitiumUrl}`,
      '    token: {file: technitium.token}',
      `    zones: [${ZONES.join(', ')}]`,
      '    ttl: 300',
      '    defaultZone: int.lavaduck.net',
      '',
    ].join('\n'),
  );

  let unsubscribe: (() => void) | undefined;
  const editIpId = fixture.ips['10.10.10.101'];
  if (editIpId === undefined) throw new SyncError('INTERNAL', 'demo fixture has no 10.10.10.101');
  return {
    netbox,
    technitium,
    served,
    configPath,
    editIpId,
    forwardWebhooksTo(url: string) {
      unsubscribe?.();
      unsubscribe = netbox.onChange((event: ChangeEvent) => {
        const body = JSON.stringify(event);
        void fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hook-signature': signBody(WEBHOOK_SECRET, body) },
          body,
        }).catch(() => undefined);
      });
    },
    async close() {
      unsubscribe?.();
      await Promise.all(served.map((s) => s.close()));
    },
  };
}

/** `nbsync demo`: simulators + sample homelab + `serve`, and a command to try. */
export async function demoCommand(args: CliArgs, io: Io): Promise<number> {
  const dir = join(tmpdir(), `nbsync-demo-${process.pid}`);
  const world = await startDemoWorld(dir);
  const port = args.port ?? 8080;
  let daemon;
  try {
    daemon = await startServing({ ...args, config: world.configPath }, io, `127.0.0.1:${port}`);
  } catch (err) {
    await world.close();
    if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
      throw new SyncError(
        'BAD_REQUEST',
        `port ${port} is in use; run the demo with --port N (0 picks a free port)`,
      );
    }
    throw err;
  }
  world.forwardWebhooksTo(`${daemon.address}/webhooks/netbox`);
  const [netboxUrl, technitiumUrl] = world.served.map((s) => s.url);
  io.stdout.write(
    [
      '',
      'nbsync demo is running — every system below is a built-in simulator.',
      '',
      `  nbsync API       ${daemon.address}   (token: ${API_TOKEN})`,
      `  NetBox (fake)    ${netboxUrl}   (token: ${FAKE_NETBOX_TOKEN_V1})`,
      `  Technitium (fake) ${technitiumUrl}`,
      `  config           ${world.configPath}`,
      '',
      'The first full sync created the DNS records of the sample homelab. Now edit NetBox',
      '(the fake sends the signed webhook, as a NetBox event rule would):',
      '',
      `  curl -s -X PATCH ${netboxUrl}/api/ipam/ip-addresses/${world.editIpId}/ \\`,
      `    -H 'Authorization: Token ${FAKE_NETBOX_TOKEN_V1}' -H 'Content-Type: application/json' \\`,
      `    -d '{"dns_name": "k8s-cp-1.int.lavaduck.net"}'`,
      '',
      'About a second later the record has moved:',
      '',
      `  curl -s '${technitiumUrl}/api/zones/records/get?token=${FAKE_TECHNITIUM_TOKEN}&domain=k8s-cp-1.int.lavaduck.net&zone=int.lavaduck.net'`,
      `  curl -s -H 'Authorization: Bearer ${API_TOKEN}' ${daemon.address}/v1/status`,
      `  curl -s -H 'Authorization: Bearer ${API_TOKEN}' '${daemon.address}/v1/plan?format=text'`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  return new Promise<number>(() => {});
}
