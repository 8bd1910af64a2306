import type {
  Device,
  Interface,
  Inventory,
  IpAddress,
  NamedRef,
  VirtualMachine,
} from '../../../src/model/inventory.js';
import { emptyInventory } from '../../../src/model/inventory.js';

// A small hand-built homelab for the git-inventory and forge tests: two devices, three VMs,
// one cluster, prefixes with and without a gateway custom field, v4 and v6 primaries.

const ref = (id: number, name: string, slug = name.toLowerCase()): NamedRef => ({ id, name, slug });

export const SITE = ref(1, 'Home');
export const TENANT = ref(1, 'Lab');
export const ROLE_SERVER = ref(1, 'Server');
export const ROLE_ROUTER = ref(2, 'Router');
export const PLATFORM_DEBIAN = ref(1, 'Debian 12', 'debian-12');

function address(id: number, cidr: string, assigned: IpAddress['assigned'], dnsName = ''): IpAddress {
  return {
    id,
    address: cidr,
    family: cidr.includes(':') ? 6 : 4,
    vrfId: null,
    status: 'active',
    role: null,
    dnsName,
    assigned,
    tenant: null,
    description: '',
    tags: [],
    customFields: {},
  };
}

function device(id: number, name: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    name,
    status: 'active',
    site: SITE,
    tenant: null,
    role: ROLE_SERVER,
    platform: null,
    primaryIp4Id: null,
    primaryIp6Id: null,
    description: '',
    tags: [],
    customFields: {},
    deviceType: 'generic-server',
    clusterId: null,
    ...overrides,
  };
}

export function vm(id: number, name: string, overrides: Partial<VirtualMachine> = {}): VirtualMachine {
  return {
    id,
    name,
    status: 'active',
    site: SITE,
    tenant: TENANT,
    role: ROLE_SERVER,
    platform: PLATFORM_DEBIAN,
    primaryIp4Id: null,
    primaryIp6Id: null,
    description: '',
    tags: [],
    customFields: { proxmox_node: null, proxmox_template: null, proxmox_vmid: null },
    clusterId: 1,
    vcpus: 2,
    memoryMb: 2048,
    diskMb: 32768,
    ...overrides,
  };
}

function vmInterface(id: number, vmId: number, mac: string | null, vlanId: number | null): Interface {
  return {
    id,
    parentType: 'virtualMachine',
    parentId: vmId,
    name: 'eth0',
    enabled: true,
    mac,
    mode: vlanId === null ? null : 'access',
    untaggedVlanId: vlanId,
    taggedVlanIds: [],
  };
}

/** The sample homelab. */
export function sampleInventory(): Inventory {
  return {
    ...emptyInventory({ url: 'http://netbox.test', version: '4.2.2' }),
    prefixes: [
      {
        id: 1,
        prefix: '10.10.10.0/24',
        family: 4,
        vrfId: null,
        status: 'active',
        vlanId: null,
        tenant: null,
        isPool: false,
        tags: [],
        customFields: { gateway: '10.10.10.254/24' },
      },
      {
        id: 2,
        prefix: '10.10.20.0/24',
        family: 4,
        vrfId: null,
        status: 'active',
        vlanId: 1,
        tenant: null,
        isPool: false,
        tags: [],
        customFields: {},
      },
    ],
    ipAddresses: [
      address(1, '10.10.10.1/24', { type: 'dcim.interface', id: 1 }, 'gw1.int.lavaduck.net'),
      address(2, '10.10.20.5/24', { type: 'virtualization.vminterface', id: 1 }, 'web1.int.lavaduck.net'),
      address(3, '10.10.10.7/24', { type: 'virtualization.vminterface', id: 2 }),
      address(4, 'fd00:10::7/64', { type: 'virtualization.vminterface', id: 2 }),
    ],
    vlans: [{ id: 1, vid: 20, name: 'servers', groupId: null, siteId: 1, status: 'active' }],
    devices: [
      device(1, 'gw1', {
        role: ROLE_ROUTER,
        platform: ref(2, 'RouterOS', 'routeros'),
        primaryIp4Id: 1,
        deviceType: 'rb5009',
      }),
      device(2, 'nas1', { tenant: TENANT, tags: ['storage'], customFields: { backup: 'yes' } }),
    ],
    virtualMachines: [
      vm(1, 'web1', {
        primaryIp4Id: 2,
        tags: ['web', 'tls'],
        customFields: {
          proxmox_node: 'pve1',
          proxmox_template: 9000,
          proxmox_vmid: 101,
          note: '{{ lookup("pipe", "id") }}',
        },
      }),
      vm(2, 'db1', { primaryIp4Id: 3, primaryIp6Id: 4, vcpus: 4, memoryMb: 8192, tenant: null }),
      vm(3, 'builder', { status: 'planned', platform: null, diskMb: null }),
    ],
    vmInterfaces: [vmInterface(1, 1, 'bc:24:11:00:00:01', 1), vmInterface(2, 2, 'bc:24:11:00:00:02', null)],
    virtualDisks: [
      { id: 1, vmId: 1, name: 'scsi0', sizeMb: 32768 },
      { id: 2, vmId: 2, name: 'scsi1', sizeMb: 102400 },
      { id: 3, vmId: 2, name: 'scsi0', sizeMb: 16384 },
    ],
    clusters: [{ id: 1, name: 'pve', type: ref(1, 'Proxmox'), group: null, status: 'active' }],
    tags: [ref(1, 'web'), ref(2, 'tls'), ref(3, 'storage')],
  };
}

/** The same inventory with one VM changed. */
export function withVm(inventory: Inventory, name: string, change: Partial<VirtualMachine>): Inventory {
  return {
    ...inventory,
    virtualMachines: inventory.virtualMachines.map((v) => (v.name === name ? { ...v, ...change } : v)),
  };
}
