import { describe, expect, it } from 'vitest';
import { InventoryIndex, classify, coalesce, reReadSet, scopeRefs } from '../../src/daemon/affected.js';
import { patchInventory } from '../../src/daemon/patch.js';
import type { Interface, Inventory, VirtualMachine } from '../../src/model/inventory.js';
import type { StoredEvent } from '../../src/store/events.js';
import { ip, ipInventory } from '../helpers/inventory.js';

function vm(id: number, primaryIp4Id: number | null = null): VirtualMachine {
  return {
    id,
    name: `vm-${id}`,
    status: 'active',
    site: null,
    tenant: null,
    role: null,
    platform: null,
    primaryIp4Id,
    primaryIp6Id: null,
    description: '',
    tags: [],
    customFields: {},
    clusterId: 1,
    vcpus: 2,
    memoryMb: 2048,
    diskMb: null,
  };
}

function vmInterface(id: number, vmId: number): Interface {
  return {
    id,
    parentType: 'virtualMachine',
    parentId: vmId,
    name: 'eth0',
    enabled: true,
    mac: null,
    mode: null,
    untaggedVlanId: null,
    taggedVlanIds: [],
  };
}

/** VM 7 with interface 57 holding IPs 1 (primary) and 2; VM 8 with interface 58 and no IP; disk 3 on VM 7. */
function lab(): Inventory {
  return {
    ...ipInventory([
      ip(1, 'web.int.lavaduck.net', '10.0.0.1/24', {
        assigned: { type: 'virtualization.vminterface', id: 57 },
      }),
      ip(2, 'web2.int.lavaduck.net', '10.0.0.2/24', {
        assigned: { type: 'virtualization.vminterface', id: 57 },
      }),
      ip(9, 'lonely.int.lavaduck.net', '10.0.0.9/24'),
    ]),
    virtualMachines: [vm(7, 1), vm(8)],
    vmInterfaces: [vmInterface(57, 7), vmInterface(58, 8)],
    virtualDisks: [{ id: 3, vmId: 7, name: 'root', sizeMb: 10240 }],
  };
}

let nextId = 1;
function event(objectType: string, objectId: number, kind = 'updated', related: string[] = []): StoredEvent {
  nextId += 1;
  return {
    id: nextId,
    receivedAt: '2026-08-20T08:00:00.000Z',
    origin: 'webhook',
    objectType,
    objectId,
    event: kind,
    requestId: null,
    username: null,
    payloadHash: `h${nextId}`,
    related,
    status: 'pending',
    note: null,
    processedAt: null,
  };
}

describe('affected objects', () => {
  it.each([
    ['ipam.ipaddress', 'updated', 'targeted'],
    ['virtualization.virtualmachine', 'deleted', 'targeted'],
    ['dcim.macaddress', 'created', 'targeted'],
    ['ipam.prefix', 'updated', 'full'],
    ['virtualization.cluster', 'updated', 'full'],
    ['dcim.site', 'updated', 'full'],
    ['extras.journalentry', 'created', 'ignored'],
    ['core.job', 'updated', 'ignored'],
    ['ipam.ipaddress', 'job_ended', 'ignored'],
  ])('classifies %s %s as %s', (objectType, kind, expected) => {
    expect(classify({ objectType, event: kind })).toBe(expected);
  });

  it.each([
    ['an IP', 'ipam.ipaddress/1', ['virtualization.vminterface/57', 'virtualization.virtualmachine/7']],
    [
      'a VM interface',
      'virtualization.vminterface/57',
      ['virtualization.virtualmachine/7', 'ipam.ipaddress/1', 'ipam.ipaddress/2'],
    ],
    [
      'a VM',
      'virtualization.virtualmachine/7',
      [
        'virtualization.vminterface/57',
        'ipam.ipaddress/1',
        'ipam.ipaddress/2',
        'virtualization.virtualdisk/3',
      ],
    ],
    ['a disk', 'virtualization.virtualdisk/3', ['virtualization.virtualmachine/7']],
    ['an unassigned IP', 'ipam.ipaddress/9', []],
    ['an unknown object', 'ipam.ipaddress/404', []],
  ])('finds the neighbours of %s', (_name, target, expected) => {
    const index = new InventoryIndex(lab());

    const found = index.neighbours(target);

    expect(found).toEqual(expected);
  });

  it('coalesces events per object; the last one decides whether it was deleted', () => {
    const events = [
      event('ipam.ipaddress', 1, 'updated', ['dcim.interface/4']),
      event('ipam.ipaddress', 2),
      event('ipam.ipaddress', 1, 'deleted'),
    ];

    const targets = coalesce(events);

    expect(targets).toEqual([
      {
        ref: 'ipam.ipaddress/1',
        deleted: true,
        related: ['dcim.interface/4'],
        eventIds: [events[0]?.id, events[2]?.id],
      },
      { ref: 'ipam.ipaddress/2', deleted: false, related: [], eventIds: [events[1]?.id] },
    ]);
  });

  it('re-reads a VM with its interfaces, IPs and disks, and plans all their refs', () => {
    const index = new InventoryIndex(lab());
    const targets = coalesce([event('virtualization.virtualmachine', 7)]);

    const { reread, removed } = reReadSet(index, targets);
    const scope = scopeRefs(index, targets, reread, removed);

    expect(reread).toEqual([
      'ipam.ipaddress/1',
      'ipam.ipaddress/2',
      'virtualization.virtualdisk/3',
      'virtualization.virtualmachine/7',
      'virtualization.vminterface/57',
    ]);
    expect(removed).toEqual([]);
    expect([...scope].sort()).toEqual(reread);
  });

  it('does not re-read a deleted object, but re-reads what depended on it', () => {
    const index = new InventoryIndex(lab());

    const { reread, removed } = reReadSet(
      index,
      coalesce([event('virtualization.vminterface', 57, 'deleted')]),
    );

    expect(removed).toEqual(['virtualization.vminterface/57']);
    expect(reread).toEqual(['ipam.ipaddress/1', 'ipam.ipaddress/2', 'virtualization.virtualmachine/7']);
  });

  it('re-reads the objects a payload names (a new IP on an interface not loaded yet), but not MAC objects', () => {
    const index = new InventoryIndex(lab());
    const targets = coalesce([
      event('ipam.ipaddress', 20, 'created', [
        'virtualization.vminterface/58',
        'virtualization.virtualmachine/8',
      ]),
      event('dcim.macaddress', 5, 'updated', ['dcim.interface/4']),
    ]);

    const { reread } = reReadSet(index, targets);

    expect(reread).toEqual([
      'dcim.interface/4',
      'ipam.ipaddress/20',
      'virtualization.virtualmachine/8',
      'virtualization.vminterface/58',
    ]);
  });

  it('plans both VMs when an IP moves from one to the other', () => {
    const before = lab();
    const moved = ip(2, 'web2.int.lavaduck.net', '10.0.0.2/24', {
      assigned: { type: 'virtualization.vminterface', id: 58 },
    });
    const targets = coalesce([event('ipam.ipaddress', 2)]);
    const { reread, removed } = reReadSet(new InventoryIndex(before), targets);

    const after = patchInventory(before, { ipAddresses: [moved], missing: [] }, removed);
    const scope = scopeRefs(new InventoryIndex(after), targets, reread, removed);

    expect(scope).toEqual(
      new Set([
        'ipam.ipaddress/2',
        'virtualization.vminterface/57',
        'virtualization.virtualmachine/7',
        'virtualization.vminterface/58',
        'virtualization.virtualmachine/8',
      ]),
    );
  });
});

describe('patchInventory', () => {
  it('replaces, adds and removes objects by id, keeps lists sorted, and leaves the input alone', () => {
    const before = lab();

    const after = patchInventory(
      before,
      {
        ipAddresses: [
          ip(2, 'renamed.int.lavaduck.net', '10.0.0.2/24'),
          ip(5, 'new.int.lavaduck.net', '10.0.0.5/24'),
        ],
        missing: ['virtualization.virtualdisk/3'],
      },
      ['ipam.ipaddress/9'],
    );

    expect(after.ipAddresses.map((a) => [a.id, a.dnsName])).toEqual([
      [1, 'web.int.lavaduck.net'],
      [2, 'renamed.int.lavaduck.net'],
      [5, 'new.int.lavaduck.net'],
    ]);
    expect(after.virtualDisks).toEqual([]);
    expect(after.virtualMachines).toBe(before.virtualMachines);
    expect(before.ipAddresses.map((a) => a.id)).toEqual([1, 2, 9]);
  });
});
