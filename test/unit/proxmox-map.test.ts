import { describe, expect, it } from 'vitest';
import { mapVms } from '../../src/sinks/proxmox/map.js';
import {
  disk,
  homelabInventory,
  MAP_OPTIONS,
  prefix,
  vm,
  vmInterface,
  vmIp,
} from '../fixtures/proxmox/inventory.js';

const specOf = (key: string, inventory = homelabInventory()) =>
  mapVms(inventory, MAP_OPTIONS).resources.find((r) => r.key === key)?.spec;

describe('proxmox mapping', () => {
  it('maps a NetBox VM with a VMID to the full spec', () => {
    const mapping = mapVms(homelabInventory(), MAP_OPTIONS);

    const master = mapping.resources.find((r) => r.key === 'vm/11');

    expect(master).toEqual({
      kind: 'proxmox.vm',
      key: 'vm/11',
      spec: {
        vmid: 1001,
        node: 'pve2',
        name: 'k3s-master-1',
        cores: 2,
        memory: 4096,
        disks: { scsi0: 32768 },
        tags: ['k3s', 'nbsync-homelab', 'production'],
        description:
          'nbsync:homelab virtualization.virtualmachine/11\n' +
          'NetBox: https://netbox.int.lavaduck.net/virtualization/virtual-machines/11/\n\n' +
          'first control-plane node',
        power: 'running',
        net0: { bridge: 'vmbr0', vlan: 10 },
        ipconfig0: 'ip=10.10.10.11/24,gw=10.10.10.254',
      },
      meta: { source: 'virtualization.virtualmachine/11', extra: { template: 9000 } },
    });
  });

  it('leaves vmid out when NetBox has none, and uses the default node', () => {
    const spec = specOf('vm/12');

    expect(spec).not.toHaveProperty('vmid');
    expect(spec?.node).toBe('pve1');
  });

  it('maps only VMs of the configured clusters', () => {
    const keys = mapVms(homelabInventory(), MAP_OPTIONS).resources.map((r) => r.key);

    expect(keys).toEqual(['vm/11', 'vm/12', 'vm/13']);
  });

  it.each([
    ['active', 'running', false],
    ['offline', 'stopped', false],
    ['planned', 'stopped', false],
    ['staged', 'stopped', false],
    ['decommissioning', 'stopped', true],
  ])('status %s gives power %s (decommission tag: %s)', (status, power, tagged) => {
    const inventory = homelabInventory({ virtualMachines: [vm(11, 'k3s-master-1', { status })] });

    const spec = specOf('vm/11', inventory);

    expect(spec?.power).toBe(power);
    expect((spec?.tags as string[]).includes('nbsync-decommissioning')).toBe(tagged);
  });

  it.each([
    ['the prefix custom field gateway', '10.10.10.11/24', 'ip=10.10.10.11/24,gw=10.10.10.254'],
    ['the first host of the prefix', '10.10.20.5/24', 'ip=10.10.20.5/24,gw=10.10.20.1'],
    ['the sink gateways entry', '10.10.30.7/24', 'ip=10.10.30.7/24,gw=10.10.30.254'],
    [
      'the first host of the address network when no prefix holds it',
      '192.168.7.20/25',
      'ip=192.168.7.20/25,gw=192.168.7.1',
    ],
  ])('takes the gateway from %s', (_what, address, ipconfig) => {
    const inventory = homelabInventory({
      ipAddresses: [vmIp(1, address, 1)],
      virtualMachines: [vm(11, 'k3s-master-1', { primaryIp4Id: 1 })],
    });

    expect(specOf('vm/11', inventory)?.ipconfig0).toBe(ipconfig);
  });

  it('prefers the prefix field over a sink gateways entry for the same network', () => {
    const options = { ...MAP_OPTIONS, gateways: { '10.10.10.0/24': '10.10.10.1' } };

    const spec = mapVms(homelabInventory(), options).resources.find((r) => r.key === 'vm/11')?.spec;

    expect(spec?.ipconfig0).toBe('ip=10.10.10.11/24,gw=10.10.10.254');
  });

  it('adds ip6 for a primary IPv6 and uses DHCP without any primary IP', () => {
    const inventory = homelabInventory({
      prefixes: [prefix(9, '2001:db8:10::/64', { gateway: '2001:db8:10::1' })],
      ipAddresses: [vmIp(5, '2001:db8:10::11/64', 1)],
      virtualMachines: [vm(11, 'k3s-master-1', { primaryIp6Id: 5 }), vm(14, 'no-ip')],
    });

    expect(specOf('vm/11', inventory)?.ipconfig0).toBe('ip6=2001:db8:10::11/64,gw6=2001:db8:10::1');
    expect(specOf('vm/14', inventory)?.ipconfig0).toBe('ip=dhcp');
  });

  it('takes the VLAN from the interface holding the primary IP, else the first interface', () => {
    const inventory = homelabInventory({
      vmInterfaces: [vmInterface(1, 11, 3, 'mgmt'), vmInterface(2, 11, 1, 'eth0'), vmInterface(7, 14, null)],
      ipAddresses: [vmIp(1, '10.10.10.11/24', 2)],
      virtualMachines: [vm(11, 'k3s-master-1', { primaryIp4Id: 1 }), vm(14, 'untagged')],
    });

    expect(specOf('vm/11', inventory)?.net0).toEqual({ bridge: 'vmbr0', vlan: 10 });
    expect(specOf('vm/14', inventory)?.net0).toEqual({ bridge: 'vmbr0', vlan: null });
  });

  it('names disks after Proxmox keys, or the next free scsiN; the total size when there are none', () => {
    const inventory = homelabInventory({
      virtualMachines: [vm(11, 'k3s-master-1'), vm(12, 'app1', { diskMb: 16384 })],
      virtualDisks: [disk(1, 11, 'data', 51200), disk(2, 11, 'scsi0', 32768), disk(3, 11, 'virtio1', 1024)],
    });

    expect(specOf('vm/11', inventory)?.disks).toEqual({ scsi0: 32768, scsi1: 51200, virtio1: 1024 });
    expect(specOf('vm/12', inventory)?.disks).toEqual({ scsi0: 16384 });
  });

  it('takes the template from proxmox_template (VMID or name), else the sink template', () => {
    const inventory = homelabInventory({
      virtualMachines: [
        vm(11, 'a', { customFields: { proxmox_template: '9001' } }),
        vm(12, 'b', { customFields: { proxmox_template: 'debian-13-cloud' } }),
        vm(13, 'c'),
      ],
    });

    const templates = mapVms(inventory, MAP_OPTIONS).resources.map((r) => r.meta.extra?.template);

    expect(templates).toEqual([9001, 'debian-13-cloud', 9000]);
  });

  it('rounds fractional vCPUs up and fills unset sizes with defaults', () => {
    const inventory = homelabInventory({ virtualMachines: [vm(11, 'a', { vcpus: 1.5, memoryMb: null })] });

    const spec = specOf('vm/11', inventory);

    expect([spec?.cores, spec?.memory]).toEqual([2, 1024]);
  });

  it('skips what cannot become a Proxmox VM, saying why', () => {
    const inventory = homelabInventory({
      virtualMachines: [
        vm(11, 'first', { customFields: { proxmox_vmid: 1001 } }),
        vm(12, 'second', { customFields: { proxmox_vmid: '1001' } }),
        vm(13, 'bad name!'),
        vm(14, 'tiny', { customFields: { proxmox_vmid: 42 } }),
        vm(15, 'odd', { status: 'rebuilding' }),
      ],
    });

    const mapping = mapVms(inventory, MAP_OPTIONS);

    expect(mapping.resources.map((r) => r.key)).toEqual(['vm/11']);
    expect(mapping.skipped.map((s) => s.source)).toEqual([
      'virtualization.virtualmachine/12',
      'virtualization.virtualmachine/13',
      'virtualization.virtualmachine/14',
      'virtualization.virtualmachine/15',
    ]);
    expect(mapping.skipped[0]?.reason).toContain('already used by virtualization.virtualmachine/11');
  });

  it('is pure: the same inventory maps to the same result', () => {
    const inventory = homelabInventory();

    expect(mapVms(inventory, MAP_OPTIONS)).toEqual(mapVms(inventory, MAP_OPTIONS));
  });
});
