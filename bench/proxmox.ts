import { performance } from 'node:perf_hooks';
import type { Inventory } from '../src/model/inventory.js';
import { fromSpec } from '../src/sinks/proxmox/spec.js';
import { homelabInventory, vm, vmInterface, vmIp } from '../test/fixtures/proxmox/inventory.js';
import { proxmoxHarness } from '../test/fakes/proxmox/harness.js';
import { formatSize } from '../test/fakes/proxmox/state.js';
import type { BenchResult } from './result.js';

const COUNT = 2000;

/** `count` NetBox VMs with VMIDs, spread over two nodes and three VLANs, each with an IP and a disk. */
function bigInventory(count: number): Inventory {
  const base = homelabInventory();
  const vms = Array.from({ length: count }, (_, i) =>
    vm(i + 1, `vm-${i + 1}`, {
      primaryIp4Id: i + 1,
      status: i % 10 === 0 ? 'offline' : 'active',
      tags: i % 2 === 0 ? ['k3s'] : [],
      customFields: { proxmox_vmid: 1000 + i, proxmox_node: i % 2 === 0 ? 'pve1' : 'pve2' },
    }),
  );
  const vlanOf = (i: number) => (i % 3) + 1;
  const subnet = (i: number) => [10, 20, 30][vlanOf(i) - 1];
  return {
    ...base,
    virtualMachines: vms,
    vmInterfaces: vms.map((v, i) => vmInterface(i + 1, v.id, vlanOf(i))),
    ipAddresses: vms.map((_, i) => vmIp(i + 1, `10.10.${subnet(i)}.${(i % 250) + 2}/24`, i + 1)),
    virtualDisks: vms.map((v, i) => ({ id: i + 1, vmId: v.id, name: 'scsi0', sizeMb: 32768 })),
  };
}

/**
 * Plan 2,000 VMs against the fake, in process (`fake.handle` through a fetch shim): once against
 * a cluster that already matches (one list call plus one config read per VM), once against an
 * empty one (creates only). Reports wall time, requests and resident memory.
 */
export async function benchProxmox(): Promise<BenchResult[]> {
  const inventory = bigInventory(COUNT);
  const results: BenchResult[] = [];

  const empty = proxmoxHarness();
  let started = performance.now();
  const createPlan = await empty.plan(inventory);
  results.push(
    {
      name: 'proxmox plan 2000 VMs, empty cluster',
      value: Math.round(performance.now() - started),
      unit: 'ms',
      note: `${createPlan.changes.length} creates`,
    },
    {
      name: 'proxmox plan 2000 VMs, empty cluster: requests',
      value: empty.fake.requests.length,
      unit: 'requests',
    },
  );

  const h = proxmoxHarness();
  for (const resource of h.sink.desired(inventory).resources) {
    const want = fromSpec(resource.spec);
    const vmid = want.vmid ?? 0;
    h.fake.addVm({
      vmid,
      node: want.node,
      name: want.name,
      status: want.power,
      config: {
        cores: String(want.cores),
        memory: String(want.memory),
        tags: want.tags.join(';'),
        description: want.description,
        net0: `virtio=${h.fake.state.newMac()},bridge=${want.net0?.bridge ?? 'vmbr0'}${want.net0?.vlan ? `,tag=${want.net0.vlan}` : ''}`,
        ipconfig0: want.ipconfig0 ?? 'ip=dhcp',
        ...Object.fromEntries(
          Object.entries(want.disks).map(([key, mb]) => [
            key,
            `local-lvm:vm-${vmid}-disk-0,size=${formatSize(mb)}`,
          ]),
        ),
      },
    });
  }
  h.fake.requests.length = 0;
  started = performance.now();
  const plan = await h.plan(inventory);
  const planMs = performance.now() - started;
  if (plan.changes.length !== 0)
    throw new Error(`bench setup is wrong: ${plan.changes.length} changes on a matching cluster`);
  results.push(
    {
      name: 'proxmox plan 2000 VMs, nothing to change',
      value: Math.round(planMs),
      unit: 'ms',
      note: `${plan.owned} owned`,
    },
    {
      name: 'proxmox plan 2000 VMs, nothing to change: requests',
      value: h.fake.requests.length,
      unit: 'requests',
    },
    {
      name: 'proxmox plan 2000 VMs: resident memory',
      value: Math.round(process.memoryUsage().rss / (1024 * 1024)),
      unit: 'MB',
    },
  );
  return results;
}
