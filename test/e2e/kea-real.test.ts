import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import type { Change } from '../../src/model/plan.js';
import { planSink } from '../../src/reconcile/planner.js';
import { KeaClient, type KeaSink } from '../../src/sinks/kea/index.js';
import { keaSink, runContext } from '../fakes/kea/index.js';
import { dhcpInventory } from '../unit/dhcp-fixtures.js';

// REAL Kea (Debian packages kea-dhcp4-server and kea-ctrl-agent, 2.2.0 on bookworm): kea-dhcp4
// with a unix control socket and a memfile lease file in a temp dir, the Control Agent on
// 127.0.0.1 (free port, basic auth) in front of it. When network namespaces work (root,
// `ip netns`), kea-dhcp4 serves a veth pair between two private namespaces and a real DHCP client
// (busybox udhcpc) in the other namespace must get its reserved address; nothing touches the
// host's own interfaces. NBSYNC_E2E_NETNS=0 leaves that part out on machines without namespaces.

const KEA_DHCP4 = '/usr/sbin/kea-dhcp4';
const KEA_AGENT = '/usr/sbin/kea-ctrl-agent';
const LEASE_CMDS = '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so';
const USE_NETNS = process.env.NBSYNC_E2E_NETNS !== '0';
const LAN = '10.10.20.0/24';
const AUTH = { username: 'nbsync', password: 'kea-e2e-secret' };
const CLIENT_MAC = 'bc:24:11:e2:e2:01';
const tag = `nbk${process.pid}`;
const NS_SERVER = `${tag}s`;
const NS_CLIENT = `${tag}c`;

interface Harness {
  dir: string;
  url: string;
  dhcp4Config: string;
  children: ChildProcess[];
  netns: boolean;
  netnsProblem: string;
}

const h: Harness = { dir: '', url: '', dhcp4Config: '', children: [], netns: false, netnsProblem: '' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: 'pipe' });
}

/** Two private namespaces joined by a veth pair: server side 10.10.20.1/24, client side CLIENT_MAC. */
function setUpNamespaces(): string {
  try {
    run('ip', ['netns', 'add', NS_SERVER]);
    run('ip', ['netns', 'add', NS_CLIENT]);
    run('ip', [
      '-n',
      NS_SERVER,
      'link',
      'add',
      'vsrv',
      'type',
      'veth',
      'peer',
      'name',
      'vcli',
      'netns',
      NS_CLIENT,
    ]);
    run('ip', ['-n', NS_SERVER, 'addr', 'add', '10.10.20.1/24', 'dev', 'vsrv']);
    run('ip', ['-n', NS_SERVER, 'link', 'set', 'vsrv', 'up']);
    run('ip', ['-n', NS_CLIENT, 'link', 'set', 'vcli', 'address', CLIENT_MAC]);
    run('ip', ['-n', NS_CLIENT, 'link', 'set', 'vcli', 'up']);
    return '';
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return stderr || (err instanceof Error ? err.message : String(err));
  }
}

function tearDownNamespaces(): void {
  for (const ns of [NS_SERVER, NS_CLIENT]) {
    try {
      run('ip', ['netns', 'del', ns]);
    } catch {
      // not created
    }
  }
}

function start(command: string, args: string[], name: string): ChildProcess {
  const child = spawn(command, args, {
    cwd: h.dir,
    env: { ...process.env, KEA_PIDFILE_DIR: h.dir, KEA_LOCKFILE_DIR: h.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) writeFileSync(join(h.dir, `${name}.exit.log`), output);
  });
  h.children.push(child);
  return child;
}

function client(): KeaClient {
  return new KeaClient({
    url: h.url,
    auth: AUTH,
    fetch: (i, init) => globalThis.fetch(i, init),
    sink: 'e2e',
  });
}

async function waitForKea(): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      await client().command('list-commands', undefined, AbortSignal.timeout(2000));
      return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Kea did not answer within 20 s: ${last}`);
}

beforeAll(async () => {
  for (const binary of [KEA_DHCP4, KEA_AGENT]) {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: install the Debian packages kea-dhcp4-server and kea-ctrl-agent (apt-get install ` +
          'kea-dhcp4-server kea-ctrl-agent) to run the real-Kea tests',
      );
    }
  }
  h.dir = await mkdtemp(join(tmpdir(), 'nbsync-kea-'));
  chmodSync(h.dir, 0o755);
  const port = await freePort();
  h.url = `http://127.0.0.1:${port}/`;
  if (USE_NETNS) {
    h.netnsProblem = setUpNamespaces();
    h.netns = h.netnsProblem === '';
  }
  const socket = join(h.dir, 'kea4.sock');
  h.dhcp4Config = join(h.dir, 'kea-dhcp4.conf');
  const subnet: Record<string, unknown> = {
    id: 1,
    subnet: LAN,
    pools: [{ pool: '10.10.20.100-10.10.20.199' }],
  };
  if (h.netns) subnet.interface = 'vsrv';
  writeFileSync(
    h.dhcp4Config,
    JSON.stringify({
      Dhcp4: {
        'interfaces-config': { interfaces: h.netns ? ['vsrv'] : [], 'dhcp-socket-type': 'raw' },
        'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
        'lease-database': {
          type: 'memfile',
          persist: true,
          name: join(h.dir, 'leases4.csv'),
          'lfc-interval': 0,
        },
        'hooks-libraries': existsSync(LEASE_CMDS) ? [{ library: LEASE_CMDS }] : [],
        'valid-lifetime': 600,
        subnet4: [subnet, { id: 2, subnet: '10.10.30.0/24', pools: [{ pool: '10.10.30.100-10.10.30.199' }] }],
        loggers: [
          { name: 'kea-dhcp4', output_options: [{ output: join(h.dir, 'kea-dhcp4.log') }], severity: 'INFO' },
        ],
      },
    }),
  );
  const agentConfig = join(h.dir, 'kea-ctrl-agent.conf');
  writeFileSync(
    agentConfig,
    JSON.stringify({
      'Control-agent': {
        'http-host': '127.0.0.1',
        'http-port': port,
        authentication: {
          type: 'basic',
          realm: 'nbsync-e2e',
          clients: [{ user: AUTH.username, password: AUTH.password }],
        },
        'control-sockets': { dhcp4: { 'socket-type': 'unix', 'socket-name': socket } },
        loggers: [
          {
            name: 'kea-ctrl-agent',
            output_options: [{ output: join(h.dir, 'kea-ctrl-agent.log') }],
            severity: 'INFO',
          },
        ],
      },
    }),
  );
  if (h.netns) start('ip', ['netns', 'exec', NS_SERVER, KEA_DHCP4, '-c', h.dhcp4Config], 'kea-dhcp4');
  else start(KEA_DHCP4, ['-c', h.dhcp4Config], 'kea-dhcp4');
  start(KEA_AGENT, ['-c', agentConfig], 'kea-ctrl-agent');
  await waitForKea();
}, 40_000);

afterAll(async () => {
  for (const child of h.children) {
    if (child.pid === undefined || child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }
  tearDownNamespaces();
  if (h.dir) await rm(h.dir, { recursive: true, force: true });
});

function sink(settings: Parameters<typeof keaSink>[1] = {}): KeaSink {
  return keaSink(
    { auth: { username: AUTH.username, password: { env: 'KEA_PASSWORD' } } },
    settings,
    { KEA_PASSWORD: AUTH.password },
    h.url,
  );
}

/** What the controller does: observe, desired, align, plan what align returns. */
async function plan(target: KeaSink, inventory: Inventory) {
  const snapshot = await target.observe(runContext());
  const { desired, observed } = target.align(target.desired(inventory), snapshot);
  return planSink(target, desired, observed);
}

async function applyAll(target: KeaSink, changes: readonly Change[]) {
  const results = [];
  for (const change of changes) results.push(await target.apply(change, runContext()));
  return results;
}

async function reservations(cidr: string): Promise<Record<string, unknown>[]> {
  const answer = await client().command('config-get', undefined, AbortSignal.timeout(5000));
  const dhcp4 = (
    answer.arguments as { Dhcp4: { subnet4: { subnet: string; reservations?: Record<string, unknown>[] }[] } }
  ).Dhcp4;
  return dhcp4.subnet4.find((s) => s.subnet === cidr)?.reservations ?? [];
}

const homelab = (address = '10.10.20.50/24'): Inventory =>
  dhcpInventory([
    {
      id: 1,
      name: 'client-vm',
      mac: CLIENT_MAC,
      addresses: [{ id: 11, address, dnsName: 'client.int.lavaduck.net' }],
    },
    { id: 2, name: 'db1', mac: 'bc:24:11:e2:e2:02', addresses: [{ id: 12, address: '10.10.20.12/24' }] },
    {
      id: 3,
      name: 'sensor',
      kind: 'device',
      mac: 'BC-24-11-E2-E2-03',
      addresses: [{ id: 13, address: '10.10.30.13/24' }],
    },
  ]);

describe('kea sink against real Kea 2.x', () => {
  it('applies reservations that config-get shows with our user-context and the saved file keeps; the next plan is empty', async () => {
    const target = sink();

    const first = await plan(target, homelab());
    const outcomes = await applyAll(target, first.changes);
    const second = await plan(target, homelab());

    expect(first.changes.map((c) => c.op)).toEqual(['create', 'create', 'create']);
    expect(outcomes.every((o) => o.outcome === 'applied')).toBe(true);
    expect(await reservations(LAN)).toEqual([
      expect.objectContaining({
        'hw-address': CLIENT_MAC,
        'ip-address': '10.10.20.50',
        hostname: 'client',
        'user-context': { nbsync: 'nbsync:homelab ipam.ipaddress/11' },
      }),
      expect.objectContaining({
        'hw-address': 'bc:24:11:e2:e2:02',
        'ip-address': '10.10.20.12',
        'user-context': { nbsync: 'nbsync:homelab ipam.ipaddress/12' },
      }),
    ]);
    expect(await reservations('10.10.30.0/24')).toEqual([
      expect.objectContaining({
        'hw-address': 'bc:24:11:e2:e2:03',
        'ip-address': '10.10.30.13',
        hostname: 'sensor',
      }),
    ]);
    expect(readFileSync(h.dhcp4Config, 'utf8')).toContain('nbsync:homelab ipam.ipaddress/13');
    expect(second.changes).toEqual([]);
    expect(second.conflicts).toEqual([]);
  });

  it('re-applying the same changes is a no-op', async () => {
    const target = sink();
    const changes = (await plan(target, homelab())).changes;
    await applyAll(target, changes);

    const again = await applyAll(target, changes);

    expect(again.every((o) => o.outcome === 'noop')).toBe(true);
  });

  it('reports a reservation made by hand as a conflict and leaves it as it was', async () => {
    const target = sink();
    await applyAll(target, (await plan(target, homelab())).changes);
    const answer = await client().command('config-get', undefined, AbortSignal.timeout(5000));
    const dhcp4 = structuredClone((answer.arguments as { Dhcp4: Record<string, unknown> }).Dhcp4);
    const lan = (dhcp4.subnet4 as { subnet: string; reservations: Record<string, unknown>[] }[]).find(
      (s) => s.subnet === LAN,
    )!;
    lan.reservations.push({
      'hw-address': 'aa:bb:cc:e2:e2:09',
      'ip-address': '10.10.20.60',
      hostname: 'by-hand',
    });
    await client().command('config-set', { Dhcp4: dhcp4 }, AbortSignal.timeout(5000), { write: true });
    const wantsIt = dhcpInventory([
      ...[1, 2].map((id) => ({
        id,
        name: `h${id}`,
        mac: `bc:24:11:e2:e2:0${id}`,
        addresses: [{ id: 10 + id, address: id === 1 ? '10.10.20.50/24' : '10.10.20.12/24' }],
      })),
      {
        id: 9,
        name: 'printer',
        mac: 'aa:bb:cc:e2:e2:09',
        addresses: [{ id: 19, address: '10.10.20.61/24' }],
      },
    ]);

    const result = await plan(target, wantsIt);
    await applyAll(target, result.changes);

    expect(result.conflicts.map((c) => [c.key, c.reason])).toEqual([
      [`${LAN}/aa:bb:cc:e2:e2:09`, 'exists without owner mark'],
    ]);
    expect((await reservations(LAN)).find((r) => r['hw-address'] === 'aa:bb:cc:e2:e2:09')).toMatchObject({
      'ip-address': '10.10.20.60',
      hostname: 'by-hand',
    });
  });

  it('sees an active lease of another MAC on a wanted address through lease_cmds', async () => {
    const target = sink();
    await client().command(
      'lease4-add',
      { 'ip-address': '10.10.20.70', 'hw-address': 'aa:bb:cc:e2:e2:70', 'subnet-id': 1 },
      AbortSignal.timeout(5000),
      { write: true },
    );
    const wants70 = dhcpInventory([
      { id: 7, name: 'new', mac: 'bc:24:11:e2:e2:07', addresses: [{ id: 17, address: '10.10.20.70/24' }] },
    ]);

    const result = await plan(target, wants70);

    expect(result.conflicts.map((c) => c.key)).toEqual([`${LAN}/bc:24:11:e2:e2:07`]);
    expect(result.changes.some((c) => c.op === 'create')).toBe(false);
  });

  it('moves an address (update in place) and deletes what NetBox dropped', async () => {
    const target = sink();
    await applyAll(target, (await plan(target, homelab())).changes);
    const moved = dhcpInventory([
      {
        id: 1,
        name: 'client-vm',
        mac: CLIENT_MAC,
        addresses: [{ id: 11, address: '10.10.20.51/24', dnsName: 'client.int.lavaduck.net' }],
      },
    ]);

    const result = await plan(target, moved);
    await applyAll(target, result.changes);

    expect(result.changes.map((c) => c.op).sort()).toEqual(['delete', 'delete', 'update']);
    expect((await reservations(LAN)).filter((r) => typeof r['user-context'] === 'object')).toEqual([
      expect.objectContaining({ 'hw-address': CLIENT_MAC, 'ip-address': '10.10.20.51' }),
    ]);
    expect((await plan(target, moved)).changes).toEqual([]);
    await applyAll(target, (await plan(target, homelab())).changes);
  });

  if (USE_NETNS) {
    it('a real DHCP client in a network namespace gets its reserved address', async () => {
      if (!h.netns) {
        throw new Error(
          `network namespaces are not available here (ip netns: ${h.netnsProblem}); run as root with iproute2, ` +
            'or set NBSYNC_E2E_NETNS=0 to leave the DHCP client test out',
        );
      }
      try {
        execFileSync('busybox', ['true'], { stdio: 'pipe' });
      } catch {
        throw new Error(
          "busybox is missing: install the Debian package busybox (its udhcpc is this test's DHCP client)",
        );
      }
      const target = sink();
      await applyAll(target, (await plan(target, homelab())).changes);
      const script = join(h.dir, 'udhcpc.sh');
      const bound = join(h.dir, 'bound');
      writeFileSync(script, `#!/bin/sh\nif [ "$1" = bound ]; then echo "$ip $hostname" > ${bound}; fi\n`);
      chmodSync(script, 0o755);

      execFileSync(
        'ip',
        [
          'netns',
          'exec',
          NS_CLIENT,
          'busybox',
          'udhcpc',
          '-f',
          '-q',
          '-n',
          '-t',
          '6',
          '-T',
          '1',
          '-i',
          'vcli',
          '-s',
          script,
        ],
        {
          stdio: 'pipe',
          timeout: 15_000,
        },
      );

      expect(readFileSync(bound, 'utf8').trim().split(' ')[0]).toBe('10.10.20.50');
    });
  }
});
