import type { Device, Interface, Inventory, IpAddress, VirtualMachine } from '../../src/model/inventory.js';
import { emptyInventory } from '../../src/model/inventory.js';
import { ip } from '../helpers/inventory.js';

/** One address on a host interface: `[id, address]`, optional dns name and status. */
export interface AddressSpec {
  readonly id: number;
  readonly address: string;
  readonly dnsName?: string;
  readonly status?: string;
}

/** A VM or device with one interface (id = host id × 10) carrying `mac` and `addresses`. */
export interface HostSpec {
  readonly id: number;
  readonly name: string;
  readonly kind?: 'vm' | 'device';
  readonly mac: string | null;
  readonly addresses: readonly AddressSpec[];
}

/** A hand-built inventory of hosts with one interface each (for DHCP mapping and sink tests). */
export function dhcpInventory(hosts: readonly HostSpec[], extra: Partial<Inventory> = {}): Inventory {
  const base = emptyInventory({ url: 'http://netbox.test', version: '4.6.8' });
  const devices: Device[] = [];
  const vms: VirtualMachine[] = [];
  const interfaces: Interface[] = [];
  const vmInterfaces: Interface[] = [];
  const ips: IpAddress[] = [];
  for (const host of hosts) {
    const kind = host.kind ?? 'vm';
    const common = {
      id: host.id,
      name: host.name,
      status: 'active',
      site: null,
      tenant: null,
      role: null,
      platform: null,
      primaryIp4Id: host.addresses[0]?.id ?? null,
      primaryIp6Id: null,
      description: '',
      tags: [],
      customFields: {},
    };
    const iface: Interface = {
      id: host.id * 10,
      parentType: kind === 'vm' ? 'virtualMachine' : 'device',
      parentId: host.id,
      name: kind === 'vm' ? 'eth0' : 'nic0',
      enabled: true,
      mac: host.mac,
      mode: null,
      untaggedVlanId: null,
      taggedVlanIds: [],
    };
    if (kind === 'vm') {
      vms.push({ ...common, clusterId: null, vcpus: 1, memoryMb: 1024, diskMb: null });
      vmInterfaces.push(iface);
    } else {
      devices.push({ ...common, deviceType: 'server', clusterId: null });
      interfaces.push(iface);
    }
    for (const a of host.addresses) {
      ips.push(
        ip(a.id, a.dnsName ?? '', a.address, {
          status: a.status ?? 'active',
          assigned: { type: kind === 'vm' ? 'virtualization.vminterface' : 'dcim.interface', id: iface.id },
        }),
      );
    }
  }
  const byId = <T extends { id: number }>(list: T[]): T[] => list.sort((a, b) => a.id - b.id);
  return {
    ...base,
    devices: byId(devices),
    virtualMachines: byId(vms),
    interfaces: byId(interfaces),
    vmInterfaces: byId(vmInterfaces),
    ipAddresses: byId(ips),
    ...extra,
  };
}

/** Two VMs in 10.10.20.0/24 with MACs, as most sink tests want. */
export function twoVmInventory(): Inventory {
  return dhcpInventory([
    {
      id: 1,
      name: 'app1',
      mac: 'bc:24:11:00:00:01',
      addresses: [{ id: 11, address: '10.10.20.11/24', dnsName: 'app1.int.lavaduck.net' }],
    },
    { id: 2, name: 'db1', mac: 'bc:24:11:00:00:02', addresses: [{ id: 12, address: '10.10.20.12/24' }] },
  ]);
}
