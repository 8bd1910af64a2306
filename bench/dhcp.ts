import { performance } from 'node:perf_hooks';
import pino from 'pino';
import {
  emptyInventory,
  type Interface,
  type Inventory,
  type IpAddress,
  type VirtualMachine,
} from '../src/model/inventory.js';
import type { Change } from '../src/model/plan.js';
import { planSink } from '../src/reconcile/planner.js';
import { keaFactory, type KeaSink } from '../src/sinks/kea/index.js';
import type { RunContext, SinkDeps } from '../src/sinks/sink.js';
import { technitiumDhcpFactory, type TechnitiumDhcpSink } from '../src/sinks/technitium-dhcp/index.js';
import type { FakeApi } from '../test/fakes/http.js';
import { FakeKea } from '../test/fakes/kea/fake.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../test/fakes/technitium/fake.js';
import type { BenchResult } from './result.js';

const COUNT = 5000;
/** Five /22 networks of 1,000 hosts each: 10.20.0.0/22, 10.20.4.0/22, … */
const NETWORKS = 5;
const PER_NETWORK = COUNT / NETWORKS;
const KEA_APPLY_SAMPLE = 20;

const ctx = (): RunContext => ({ log: pino({ level: 'silent' }), signal: new AbortController().signal });

function address(i: number): string {
  const network = Math.floor(i / PER_NETWORK);
  const host = (i % PER_NETWORK) + 10;
  return `10.20.${network * 4 + (host >> 8)}.${host & 255}`;
}

function mac(i: number): string {
  const hex = (0xbc2411000000 + i).toString(16).padStart(12, '0');
  return (hex.match(/../g) ?? []).join(':');
}

/** `COUNT` VMs with one interface, MAC and IPv4 address each, spread over the five networks. */
function bigInventory(): Inventory {
  const vms: VirtualMachine[] = [];
  const vmInterfaces: Interface[] = [];
  const ipAddresses: IpAddress[] = [];
  for (let i = 0; i < COUNT; i++) {
    const id = i + 1;
    vms.push({
      id,
      name: `vm-${String(id).padStart(5, '0')}`,
      status: 'active',
      site: null,
      tenant: null,
      role: null,
      platform: null,
      primaryIp4Id: id,
      primaryIp6Id: null,
      description: '',
      tags: [],
      customFields: {},
      clusterId: null,
      vcpus: 1,
      memoryMb: 1024,
      diskMb: null,
    });
    vmInterfaces.push({
      id,
      parentType: 'virtualMachine',
      parentId: id,
      name: 'eth0',
      enabled: true,
      mac: mac(i),
      mode: null,
      untaggedVlanId: null,
      taggedVlanIds: [],
    });
    ipAddresses.push({
      id,
      address: `${address(i)}/22`,
      family: 4,
      vrfId: null,
      status: i % 3 === 0 ? 'dhcp' : 'active',
      role: null,
      dnsName: `vm-${id}.int.lavaduck.net`,
      assigned: { type: 'virtualization.vminterface', id },
      tenant: null,
      description: '',
      tags: [],
      customFields: {},
    });
  }
  return {
    ...emptyInventory({ url: 'http://netbox.bench', version: '4.6.8' }),
    virtualMachines: vms,
    vmInterfaces,
    ipAddresses,
  };
}

function deps(fake: FakeApi, secret: string): SinkDeps {
  return {
    settings: {
      mode: 'apply',
      policy: 'sync',
      safety: { maxChangePercent: 30, minExisting: 10 },
      adopt: false,
      instance: 'bench',
    },
    secret: () => secret,
    // In process: straight into the fake, no sockets.
    fetch: (input, init) =>
      fake.handle(input instanceof Request && init === undefined ? input : new Request(input, init)),
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => undefined },
    baseDir: '.',
    dataDir: './data',
    sinkByName: () => undefined,
  };
}

async function timedPlan(sink: TechnitiumDhcpSink | KeaSink, inventory: Inventory) {
  const started = performance.now();
  const snapshot = await sink.observe(ctx());
  const { desired, observed } = sink.align(sink.desired(inventory), snapshot);
  const plan = planSink(sink, desired, observed);
  return { plan, ms: Math.round(performance.now() - started) };
}

async function applyAll(sink: TechnitiumDhcpSink | KeaSink, changes: readonly Change[]): Promise<number> {
  const started = performance.now();
  for (const change of changes) await sink.apply(change, ctx());
  return Math.round(performance.now() - started);
}

async function benchTechnitium(inventory: Inventory): Promise<BenchResult[]> {
  const fake = new FakeTechnitium();
  for (let n = 0; n < NETWORKS; n++) {
    fake.addScope({
      name: `bench-${n}`,
      startingAddress: `10.20.${n * 4 + 3}.1`,
      endingAddress: `10.20.${n * 4 + 3}.250`,
      subnetMask: '255.255.252.0',
    });
  }
  const sink = technitiumDhcpFactory.create(
    'dhcp',
    technitiumDhcpFactory.schema.parse({ url: 'http://technitium.bench:5380', token: { env: 'T' } }),
    deps(fake, FAKE_TECHNITIUM_TOKEN),
  );
  const empty = await timedPlan(sink, inventory);
  const emptyRequests = fake.requests.length;
  fake.requests.length = 0;
  const applyMs = await applyAll(sink, empty.plan.changes);
  const applyRequests = fake.requests.length;
  fake.requests.length = 0;
  const steady = await timedPlan(sink, inventory);
  return [
    {
      name: `technitium-dhcp plan ${COUNT} reservations, empty scopes`,
      value: empty.ms,
      unit: 'ms',
      note: `${empty.plan.changes.length} creates`,
    },
    { name: `technitium-dhcp plan ${COUNT}, empty scopes: requests`, value: emptyRequests, unit: 'requests' },
    {
      name: `technitium-dhcp apply ${COUNT} creates`,
      value: applyMs,
      unit: 'ms',
      note: 'one addReservedLease each',
    },
    { name: `technitium-dhcp apply ${COUNT} creates: requests`, value: applyRequests, unit: 'requests' },
    {
      name: `technitium-dhcp plan ${COUNT}, all in place`,
      value: steady.ms,
      unit: 'ms',
      note: `${steady.plan.changes.length} changes`,
    },
    {
      name: `technitium-dhcp plan ${COUNT}, all in place: requests`,
      value: fake.requests.length,
      unit: 'requests',
    },
  ];
}

async function benchKea(inventory: Inventory): Promise<BenchResult[]> {
  const subnet4 = Array.from({ length: NETWORKS }, (_, n) => ({
    id: n + 1,
    subnet: `10.20.${n * 4}.0/22`,
    reservations: [] as unknown[],
  }));
  const fake = new FakeKea({ dhcp4: { subnet4 } });
  const sink = keaFactory.create(
    'kea',
    keaFactory.schema.parse({ url: 'http://kea.bench:8000/' }),
    deps(fake, ''),
  );
  const empty = await timedPlan(sink, inventory);
  const emptyRequests = fake.requests.length;

  // Every reservation but a sample in place (as if applied earlier), then the sample applied.
  const sample = empty.plan.changes.slice(0, KEA_APPLY_SAMPLE);
  const rest = empty.plan.changes.slice(KEA_APPLY_SAMPLE);
  fake.editConfig((dhcp4) => {
    const subnets = dhcp4.subnet4 as { subnet: string; reservations: unknown[] }[];
    for (const change of rest) {
      if (change.op !== 'create') continue;
      const at = change.after.key.lastIndexOf('/');
      const target = subnets.find((s) => s.subnet === change.after.key.slice(0, at));
      target?.reservations.push({
        'hw-address': change.after.key.slice(at + 1),
        'ip-address': change.after.spec.ip,
        hostname: change.after.spec.hostName,
        'user-context': { nbsync: `nbsync:bench ${change.after.meta.source ?? ''}` },
      });
    }
  });
  fake.requests.length = 0;
  const applyMs = await applyAll(sink, sample);
  const applyRequests = fake.requests.length;
  fake.requests.length = 0;
  const steady = await timedPlan(sink, inventory);
  return [
    {
      name: `kea plan ${COUNT} reservations, empty subnets`,
      value: empty.ms,
      unit: 'ms',
      note: `${empty.plan.changes.length} creates`,
    },
    {
      name: `kea plan ${COUNT}, empty subnets: requests`,
      value: emptyRequests,
      unit: 'requests',
      note: 'list-commands, config-get, lease4-get-all',
    },
    {
      name: `kea apply one change at ${COUNT} reservations`,
      value: Math.round(applyMs / sample.length),
      unit: 'ms',
      note: `mean of ${sample.length}; whole-config edit`,
    },
    {
      name: `kea apply one change: requests`,
      value: applyRequests / sample.length,
      unit: 'requests',
      note: 'get, test, get, set, write',
    },
    {
      name: `kea plan ${COUNT}, all in place`,
      value: steady.ms,
      unit: 'ms',
      note: `${steady.plan.changes.length} changes`,
    },
    { name: `kea plan ${COUNT}, all in place: requests`, value: fake.requests.length, unit: 'requests' },
  ];
}

/**
 * DHCP reservations for 5,000 VM interfaces over five /22 networks, against the Technitium and
 * Kea fakes in process (`fake.handle` through a fetch shim): plan time and requests on empty
 * targets and with everything in place; Technitium applies all creates, Kea (whose every change
 * rewrites the whole configuration) a sample of 20 on a 5,000-reservation configuration.
 */
export async function benchDhcp(): Promise<BenchResult[]> {
  const inventory = bigInventory();
  return [...(await benchTechnitium(inventory)), ...(await benchKea(inventory))];
}
