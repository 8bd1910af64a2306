import { describe, expect, it } from 'vitest';
import {
  cidrFromMask,
  type DhcpNetwork,
  hostLabel,
  normalizeCidr,
  normalizeMac,
  parseReservationKey,
  placeReservations,
  reservationCandidates,
  reservationKey,
  wantedOf,
} from '../../src/lib/dhcp.js';
import type { Inventory } from '../../src/model/inventory.js';
import { dhcpInventory, twoVmInventory } from './dhcp-fixtures.js';

const LAN: DhcpNetwork = { scope: 'lan', cidr: '10.10.20.0/24' };
const STATUSES = ['active', 'dhcp', 'slaac'];
/** desired (candidates), then the placing half of align. */
const map = (inventory: Inventory, networks = [LAN]) =>
  placeReservations(reservationCandidates(inventory, STATUSES), networks);

describe('normalizeMac', () => {
  it.each([
    ['bc:24:11:aa:bb:cc', 'bc:24:11:aa:bb:cc'],
    ['BC-24-11-AA-BB-CC', 'bc:24:11:aa:bb:cc'],
    ['BC:24:11:AA:BB:CC', 'bc:24:11:aa:bb:cc'],
    ['bc24.11aa.bbcc', 'bc:24:11:aa:bb:cc'],
    ['bc2411aabbcc', 'bc:24:11:aa:bb:cc'],
    [' bc:24:11:aa:bb:cc ', 'bc:24:11:aa:bb:cc'],
    ['bc:24:11:aa:bb', null],
    ['zz:24:11:aa:bb:cc', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    const result = normalizeMac(input);

    expect(result).toBe(expected);
  });
});

describe('networks and keys', () => {
  it.each([
    ['10.10.20.7/24', '10.10.20.0/24'],
    ['10.10.20.0/24', '10.10.20.0/24'],
    ['192.168.1.130/25', '192.168.1.128/25'],
    ['fd00::/64', null],
    ['nonsense', null],
  ])('normalizeCidr(%j) = %j', (input, expected) => {
    expect(normalizeCidr(input)).toBe(expected);
  });

  it.each([
    ['10.10.20.0', '255.255.255.0', '10.10.20.0/24'],
    ['10.10.20.5', '255.255.254.0', '10.10.20.0/23'],
    ['10.10.20.0', '255.0.255.0', null],
  ])('cidrFromMask(%j, %j) = %j', (address, mask, expected) => {
    expect(cidrFromMask(address, mask)).toBe(expected);
  });

  it.each([
    ['lan/bc:24:11:aa:bb:cc', { scope: 'lan', mac: 'bc:24:11:aa:bb:cc' }],
    ['10.10.20.0/24/bc:24:11:aa:bb:cc', { scope: '10.10.20.0/24', mac: 'bc:24:11:aa:bb:cc' }],
    ['lan/BC-24-11-AA-BB-CC', null],
    ['bc:24:11:aa:bb:cc', null],
    ['/bc:24:11:aa:bb:cc', null],
  ])('parseReservationKey(%j)', (key, expected) => {
    expect(parseReservationKey(key)).toEqual(expected);
  });

  it('round-trips a key', () => {
    const key = { scope: 'Office LAN', mac: 'bc:24:11:aa:bb:cc' };

    const parsed = parseReservationKey(reservationKey(key));

    expect(parsed).toEqual(key);
  });

  it.each([
    ['app1', 'app1'],
    ['Web 01_a', 'web-01-a'],
    ['--x--', 'x'],
    ['ÄÖÜ', ''],
    ['a'.repeat(70), 'a'.repeat(63)],
  ])('hostLabel(%j) = %j', (input, expected) => {
    expect(hostLabel(input)).toBe(expected);
  });
});

describe('reservationCandidates', () => {
  it('maps every counting IPv4 on an interface to a scope-less candidate, without any network', () => {
    const inventory = twoVmInventory();

    const { resources, skipped } = reservationCandidates(inventory, STATUSES);

    expect(resources).toEqual([
      {
        kind: 'dhcp.reservation',
        key: 'ipam.ipaddress/11',
        spec: { ip: '10.10.20.11', hostName: 'app1' },
        meta: {
          source: 'ipam.ipaddress/11',
          extra: { candidate: { id: 11, mac: 'bc:24:11:00:00:01', iface: 'app1/eth0' } },
        },
      },
      {
        kind: 'dhcp.reservation',
        key: 'ipam.ipaddress/12',
        spec: { ip: '10.10.20.12', hostName: 'db1' },
        meta: {
          source: 'ipam.ipaddress/12',
          extra: { candidate: { id: 12, mac: 'bc:24:11:00:00:02', iface: 'db1/eth0' } },
        },
      },
    ]);
    expect(skipped).toEqual([]);
  });

  it('is pure: the same inventory maps to the same candidates', () => {
    const inventory = twoVmInventory();

    const first = reservationCandidates(inventory, STATUSES);
    const second = reservationCandidates(inventory, STATUSES);

    expect(second).toEqual(first);
  });
});

describe('placeReservations', () => {
  it('refuses resources that are not candidates of desired (INTERNAL)', () => {
    const placed = map(twoVmInventory());

    const attempt = () => placeReservations(placed, [LAN]);

    expect(attempt).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });

  it('maps each counting IPv4 on an interface with a MAC inside a managed network', () => {
    const inventory = twoVmInventory();

    const { resources, skipped } = map(inventory);

    expect(resources).toEqual([
      {
        kind: 'dhcp.reservation',
        key: 'lan/bc:24:11:00:00:01',
        spec: { ip: '10.10.20.11', hostName: 'app1' },
        meta: { source: 'ipam.ipaddress/11' },
      },
      {
        kind: 'dhcp.reservation',
        key: 'lan/bc:24:11:00:00:02',
        spec: { ip: '10.10.20.12', hostName: 'db1' },
        meta: { source: 'ipam.ipaddress/12' },
      },
    ]);
    expect(skipped).toEqual([]);
  });

  it('normalises MACs however NetBox or Proxmox wrote them', () => {
    const inventory = dhcpInventory([
      {
        id: 1,
        name: 'nas',
        kind: 'device',
        mac: 'BC-24-11-AA-BB-CC',
        addresses: [{ id: 5, address: '10.10.20.5/24' }],
      },
    ]);

    const { resources } = map(inventory);

    expect(resources.map((r) => r.key)).toEqual(['lan/bc:24:11:aa:bb:cc']);
  });

  it.each([
    ['a status that does not count', { status: 'reserved' }],
    ['an IPv6 address', { address: 'fd00:10:20::5/64' }],
  ])('ignores %s', (_what, change) => {
    const inventory = dhcpInventory([
      {
        id: 1,
        name: 'x',
        mac: 'bc:24:11:00:00:01',
        addresses: [{ id: 5, address: '10.10.20.5/24', ...change }],
      },
    ]);

    const { resources, skipped } = map(inventory);

    expect(resources).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it('reports an address with a MAC outside every managed network as out of scope', () => {
    const inventory = dhcpInventory([
      { id: 1, name: 'x', mac: 'bc:24:11:00:00:01', addresses: [{ id: 5, address: '10.10.30.5/24' }] },
    ]);

    const { resources, skipped } = map(inventory);

    expect(resources).toEqual([]);
    expect(skipped).toEqual([
      { source: 'ipam.ipaddress/5', reason: 'out of scope: no managed DHCP scope contains 10.10.30.5' },
    ]);
  });

  it('says nothing of an address without a MAC outside every managed network', () => {
    const inventory = dhcpInventory([
      { id: 1, name: 'x', mac: null, addresses: [{ id: 5, address: '10.10.30.5/24' }] },
    ]);

    const { resources, skipped } = map(inventory);

    expect(resources).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it('ignores addresses not assigned to an interface', () => {
    const inventory = dhcpInventory([]);
    const loose = { ...inventory, ipAddresses: [{ ...twoVmInventory().ipAddresses[0]!, assigned: null }] };

    const { resources } = map(loose);

    expect(resources).toEqual([]);
  });

  it('takes the host name from the first dns_name label, else the host name', () => {
    const inventory = dhcpInventory([
      {
        id: 1,
        name: 'VM One',
        mac: 'bc:24:11:00:00:01',
        addresses: [{ id: 5, address: '10.10.20.5/24', dnsName: 'web.int.lavaduck.net' }],
      },
      { id: 2, name: 'VM Two', mac: 'bc:24:11:00:00:02', addresses: [{ id: 6, address: '10.10.20.6/24' }] },
    ]);

    const { resources } = map(inventory);

    expect(resources.map((r) => r.spec.hostName)).toEqual(['web', 'vm-two']);
  });

  it('puts an address into the longest managed network holding it', () => {
    const inventory = dhcpInventory([
      { id: 1, name: 'a', mac: 'bc:24:11:00:00:01', addresses: [{ id: 5, address: '10.10.20.5/24' }] },
    ]);

    const { resources } = map(inventory, [{ scope: 'wide', cidr: '10.10.0.0/16' }, LAN]);

    expect(resources.map((r) => r.key)).toEqual(['lan/bc:24:11:00:00:01']);
  });

  it.each([
    ['an interface without a MAC', null, '10.10.20.5/24', 'interface a/eth0 has no MAC address'],
    ['an unreadable MAC', 'not-a-mac', '10.10.20.5/24', 'unreadable MAC address'],
    ['the network address', 'bc:24:11:00:00:01', '10.10.20.0/24', 'network or broadcast address'],
    ['the broadcast address', 'bc:24:11:00:00:01', '10.10.20.255/24', 'network or broadcast address'],
  ])('reports %s as skipped', (_what, mac, address, reason) => {
    const inventory = dhcpInventory([{ id: 1, name: 'a', mac, addresses: [{ id: 5, address }] }]);

    const { resources, skipped } = map(inventory);

    expect(resources).toEqual([]);
    expect(skipped).toEqual([{ source: 'ipam.ipaddress/5', reason: expect.stringContaining(reason) }]);
  });

  it('reports a MAC wanted with two addresses in one scope as a conflict on both', () => {
    const inventory = dhcpInventory([
      {
        id: 1,
        name: 'a',
        mac: 'bc:24:11:00:00:01',
        addresses: [
          { id: 5, address: '10.10.20.5/24' },
          { id: 6, address: '10.10.20.6/24' },
        ],
      },
    ]);

    const { resources, skipped } = map(inventory);

    expect(resources).toEqual([]);
    expect(skipped.map((s) => s.source)).toEqual(['ipam.ipaddress/5', 'ipam.ipaddress/6']);
    expect(skipped.every((s) => s.reason.startsWith('conflict: MAC bc:24:11:00:00:01 is claimed by'))).toBe(
      true,
    );
  });

  it('reports one address wanted for two MACs as a conflict on both', () => {
    const inventory = dhcpInventory([
      { id: 1, name: 'a', mac: 'bc:24:11:00:00:01', addresses: [{ id: 5, address: '10.10.20.5/24' }] },
      { id: 2, name: 'b', mac: 'bc:24:11:00:00:02', addresses: [{ id: 6, address: '10.10.20.5/24' }] },
    ]);

    const { resources, skipped } = map(inventory);

    expect(resources).toEqual([]);
    expect(skipped).toEqual([
      {
        source: 'ipam.ipaddress/5',
        reason: expect.stringMatching(/^conflict: 10\.10\.20\.5 is claimed for MACs/),
      },
      {
        source: 'ipam.ipaddress/6',
        reason: expect.stringMatching(/^conflict: 10\.10\.20\.5 is claimed for MACs/),
      },
    ]);
  });

  it('merges identical claims from two address objects, keeping the lowest id as source', () => {
    const inventory = dhcpInventory([
      {
        id: 1,
        name: 'a',
        mac: 'bc:24:11:00:00:01',
        addresses: [
          { id: 9, address: '10.10.20.5/24' },
          { id: 7, address: '10.10.20.5/32' },
        ],
      },
    ]);

    const { resources, skipped } = map(inventory);

    expect(resources.map((r) => [r.key, r.meta.source])).toEqual([
      ['lan/bc:24:11:00:00:01', 'ipam.ipaddress/7'],
    ]);
    expect(skipped).toEqual([]);
  });

  it('allows the same MAC in two scopes (VLAN sub-interfaces share it)', () => {
    const inventory = dhcpInventory([
      {
        id: 1,
        name: 'a',
        mac: 'bc:24:11:00:00:01',
        addresses: [
          { id: 5, address: '10.10.20.5/24' },
          { id: 6, address: '10.10.30.5/24' },
        ],
      },
    ]);

    const { resources } = map(inventory, [LAN, { scope: 'iot', cidr: '10.10.30.0/24' }]);

    expect(resources.map((r) => r.key)).toEqual(['iot/bc:24:11:00:00:01', 'lan/bc:24:11:00:00:01']);
  });

  it('reports an address in two equally long managed networks as a conflict', () => {
    const inventory = dhcpInventory([
      { id: 1, name: 'a', mac: 'bc:24:11:00:00:01', addresses: [{ id: 5, address: '10.10.20.5/24' }] },
    ]);

    const { resources, skipped } = map(inventory, [LAN, { scope: 'lan-copy', cidr: '10.10.20.0/24' }]);

    expect(resources).toEqual([]);
    expect(skipped[0]?.reason).toBe('conflict: 10.10.20.5 lies in scopes lan and lan-copy');
  });

  it('is pure: the same inventory maps to the same result', () => {
    const inventory = twoVmInventory();

    const first = map(inventory);
    const second = map(inventory);

    expect(second).toEqual(first);
  });

  it('lists what it wants by key', () => {
    const { resources } = map(twoVmInventory());

    const wanted = wantedOf(resources);

    expect(wanted.get('lan/bc:24:11:00:00:01')).toEqual({
      scope: 'lan',
      mac: 'bc:24:11:00:00:01',
      ip: '10.10.20.11',
    });
    expect(wanted.size).toBe(2);
  });
});
