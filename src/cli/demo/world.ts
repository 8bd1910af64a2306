import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_NETBOX_TOKEN_V1, FakeNetBox, type ChangeEvent } from '../../../test/fakes/netbox/index.js';
import { serveFake, type ServedFake } from '../../../test/fakes/serve.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../../../test/fakes/technitium/index.js';
import { buildHomelab } from '../../../test/fixtures/homelab.js';
import { SyncError } from '../../model/errors.js';
import { signBody } from '../../server/auth.js';
import { demoConfig, DNS_ZONES } from './config.js';
import {
  FAKE_PROXMOX_TOKEN,
  startCa,
  startGit,
  startProxmox,
  type DemoCa,
  type DemoGit,
  type DemoProxmox,
} from './simulators.js';

export const WEBHOOK_SECRET = 'demo-webhook-secret-not-for-production';
export const API_TOKEN = 'demo-api-token-not-for-production';
export const FORGE_TOKEN = 'demo-forge-token-not-for-production';
const CA_PASSWORD = 'demo-provisioner-password-not-for-production';

/** The running simulators, for the e2e tests and for `demo` itself. */
export interface DemoWorld {
  readonly dir: string;
  readonly configPath: string;
  readonly netbox: FakeNetBox;
  readonly netboxUrl: string;
  readonly technitium: FakeTechnitium;
  readonly technitiumUrl: string;
  readonly proxmox: readonly DemoProxmox[];
  readonly ca: DemoCa;
  /** The certificate store of the `certs` sink. */
  readonly certDir: string;
  /** Null when `git` is not installed: the demo then runs without the inventory sink. */
  readonly git: DemoGit | null;
  /** Why `git` is null. */
  readonly gitProblem: string | null;
  readonly editIpId: number;
  /** Forward NetBox changes as signed webhooks to this URL (what a NetBox event rule does). */
  forwardWebhooksTo(url: string): void;
  close(): Promise<void>;
  /** Remove the demo's files at once (for process exit, when nothing can be awaited). */
  removeFilesSync(): void;
}

function seedTechnitium(): FakeTechnitium {
  const technitium = new FakeTechnitium();
  for (const zone of DNS_ZONES) technitium.addZone(zone);
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
  // DHCP scopes of the servers and management VLANs: nbsync reserves the addresses NetBox assigns.
  technitium.addScope({
    name: 'servers',
    startingAddress: '10.10.10.100',
    endingAddress: '10.10.10.199',
    subnetMask: '255.255.255.0',
  });
  technitium.addScope({
    name: 'mgmt',
    startingAddress: '10.10.20.100',
    endingAddress: '10.10.20.199',
    subnetMask: '255.255.255.0',
  });
  return technitium;
}

/** Start the simulators with the sample homelab and write a config (and secret files) into `dir`. */
export async function startDemoWorld(dir: string): Promise<DemoWorld> {
  mkdirSync(dir, { recursive: true });
  const netbox = new FakeNetBox();
  const fixture = buildHomelab(netbox);
  const editIpId = fixture.ips['10.10.10.101'];
  if (editIpId === undefined) throw new SyncError('INTERNAL', 'demo fixture has no 10.10.10.101');
  const technitium = seedTechnitium();
  const servers: ServedFake[] = [];
  const track = (server: ServedFake): ServedFake => {
    servers.push(server);
    return server;
  };
  // Without git the demo still runs, minus the inventory sink (the help says why).
  const gitStart = startGit(FORGE_TOKEN).then(
    (git) => ({ git, problem: null }),
    (err: unknown) => ({ git: null, problem: err instanceof Error ? err.message : String(err) }),
  );
  try {
    const [servedNetbox, servedTechnitium, proxmox, ca, { git, problem }] = await Promise.all([
      serveFake(netbox).then(track),
      serveFake(technitium).then(track),
      startProxmox().then((clusters) => {
        clusters.forEach((cluster) => track(cluster.served));
        return clusters;
      }),
      startCa(dir, CA_PASSWORD).then((ca) => {
        track(ca.served);
        return ca;
      }),
      gitStart,
    ]);
    const secret = (name: string, value: string) =>
      writeFileSync(join(dir, name), `${value}\n`, { mode: 0o600 });
    secret('netbox.token', FAKE_NETBOX_TOKEN_V1);
    secret('webhook.secret', WEBHOOK_SECRET);
    secret('api.token', API_TOKEN);
    secret('technitium.token', FAKE_TECHNITIUM_TOKEN);
    secret('proxmox.token', FAKE_PROXMOX_TOKEN);
    secret('provisioner.password', CA_PASSWORD);
    secret('forge.token', FORGE_TOKEN);
    const configPath = join(dir, 'nbsync.yaml');
    writeFileSync(
      configPath,
      demoConfig({
        netbox: servedNetbox.url,
        technitium: servedTechnitium.url,
        proxmox,
        ca: ca.served.url,
        git: git ? { repoUrl: git.repoUrl, forgeUrl: git.remote.url } : null,
      }),
    );
    return world({
      dir,
      configPath,
      netbox,
      technitium,
      servedNetbox,
      servedTechnitium,
      proxmox,
      ca,
      git,
      gitProblem: problem,
      editIpId,
      servers,
    });
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    await (await gitStart).git?.remote.stop();
    throw err;
  }
}

interface Parts {
  readonly dir: string;
  readonly configPath: string;
  readonly netbox: FakeNetBox;
  readonly technitium: FakeTechnitium;
  readonly servedNetbox: ServedFake;
  readonly servedTechnitium: ServedFake;
  readonly proxmox: readonly DemoProxmox[];
  readonly ca: DemoCa;
  readonly git: DemoGit | null;
  readonly gitProblem: string | null;
  readonly editIpId: number;
  readonly servers: readonly ServedFake[];
}

function world(parts: Parts): DemoWorld {
  let unsubscribe: (() => void) | undefined;
  const removeFilesSync = () => {
    rmSync(parts.dir, { recursive: true, force: true });
    if (parts.git) rmSync(parts.git.remote.root, { recursive: true, force: true });
  };
  return {
    dir: parts.dir,
    configPath: parts.configPath,
    netbox: parts.netbox,
    netboxUrl: parts.servedNetbox.url,
    technitium: parts.technitium,
    technitiumUrl: parts.servedTechnitium.url,
    proxmox: parts.proxmox,
    ca: parts.ca,
    certDir: join(parts.dir, 'certs'),
    git: parts.git,
    gitProblem: parts.gitProblem,
    editIpId: parts.editIpId,
    forwardWebhooksTo(url: string) {
      unsubscribe?.();
      unsubscribe = parts.netbox.onChange((event: ChangeEvent) => {
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
      await Promise.all(parts.servers.map((s) => s.close()));
      await parts.git?.remote.stop();
      removeFilesSync();
    },
    removeFilesSync,
  };
}
