import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/model/plan.js';
import type { Resource } from '../../src/model/resource.js';
import {
  configHash,
  editSubnet,
  readDhcp4,
  seenReservations,
  subnetsOf,
  type KeaSubnet,
} from '../../src/sinks/kea/kea-config.js';

const MAC = 'bc:24:11:00:00:01';
const KEY = { scope: '10.10.20.0/24', mac: MAC };
const want: Resource = {
  kind: 'dhcp.reservation',
  key: `10.10.20.0/24/${MAC}`,
  spec: { ip: '10.10.20.11', hostName: 'app1' },
  meta: { source: 'ipam.ipaddress/11' },
};

function subnet(reservations: Record<string, unknown>[]): KeaSubnet {
  return { id: 1, cidr: '10.10.20.0/24', node: { id: 1, subnet: '10.10.20.0/24', reservations } };
}

function observed(owner: string | null, spec = { ip: '10.10.20.11', hostName: 'app1' }): Resource {
  return {
    ...want,
    spec,
    meta: { owner: owner === null ? null : { instance: owner, ref: 'ipam.ipaddress/11' } },
  };
}

const create: Change = { op: 'create', after: want, forced: false };

describe('kea configuration helpers', () => {
  it('lists top-level and shared-network subnets with normalised CIDRs', () => {
    const dhcp4 = readDhcp4(
      {
        Dhcp4: {
          subnet4: [{ id: 1, subnet: '10.10.20.0/24' }],
          'shared-networks': [{ name: 'iot', subnet4: [{ id: 7, subnet: '10.10.30.0/24' }] }],
        },
      },
      'Kea',
    );

    const subnets = subnetsOf(dhcp4, 'Kea');

    expect(subnets.map((s) => [s.id, s.cidr])).toEqual([
      [1, '10.10.20.0/24'],
      [7, '10.10.30.0/24'],
    ]);
  });

  it.each([
    ['no Dhcp4', { Control: {} }],
    ['a subnet without id', { Dhcp4: { subnet4: [{ subnet: '10.10.20.0/24' }] } }],
    [
      'reservations that are not a list',
      { Dhcp4: { subnet4: [{ id: 1, subnet: '10.10.20.0/24', reservations: {} }] } },
    ],
  ])('fails closed on %s', (_what, value) => {
    const read = (): unknown => readDhcp4(value, 'Kea');

    expect(read).toThrow(expect.objectContaining({ code: 'SINK_PARSE' }));
  });

  it('reads reservations: MAC normalised, owner from user-context, other identifiers without MAC', () => {
    const seen = seenReservations(
      subnet([
        {
          'hw-address': 'BC:24:11:00:00:01',
          'ip-address': '10.10.20.11',
          hostname: 'app1',
          'user-context': { nbsync: 'nbsync:homelab ipam.ipaddress/11' },
        },
        { 'client-id': '01:02:03', 'ip-address': '10.10.20.12' },
      ]),
    );

    expect(seen).toEqual([
      {
        scope: '10.10.20.0/24',
        mac: MAC,
        ip: '10.10.20.11',
        hostName: 'app1',
        owner: { instance: 'homelab', ref: 'ipam.ipaddress/11' },
      },
      { scope: '10.10.20.0/24', mac: null, ip: '10.10.20.12', hostName: '', owner: null },
    ]);
  });

  it('hashes configurations independently of key order, and differently when they differ', () => {
    const a = configHash({ b: 1, a: { y: [1, 2], x: 'z' } });

    const sameOtherOrder = configHash({ a: { x: 'z', y: [1, 2] }, b: 1 });
    const different = configHash({ b: 1, a: { y: [2, 1], x: 'z' } });

    expect(sameOtherOrder).toBe(a);
    expect(different).not.toBe(a);
  });

  it('adds a reservation with the owner mark', () => {
    const target = subnet([]);

    const edited = editSubnet(target, KEY, create, 'homelab');

    expect(edited).toBe(true);
    expect(target.node.reservations).toEqual([
      {
        'hw-address': MAC,
        'ip-address': '10.10.20.11',
        hostname: 'app1',
        'user-context': { nbsync: 'nbsync:homelab ipam.ipaddress/11' },
      },
    ]);
  });

  it('treats a create already in place as nothing to write', () => {
    const target = subnet([
      {
        'hw-address': MAC,
        'ip-address': '10.10.20.11',
        hostname: 'app1',
        'user-context': { nbsync: 'nbsync:homelab x/1' },
      },
    ]);

    const edited = editSubnet(target, KEY, create, 'homelab');

    expect(edited).toBe(false);
  });

  it.each([
    ['unmarked', {}],
    ['another instance’s', { 'user-context': { nbsync: 'nbsync:other x/1' } }],
  ])('refuses to create over an %s reservation of the MAC', (_what, extra) => {
    const target = subnet([{ 'hw-address': MAC, 'ip-address': '10.10.20.50', ...extra }]);

    const edit = (): boolean => editSubnet(target, KEY, create, 'homelab');

    expect(edit).toThrow(expect.objectContaining({ code: 'SINK_REJECTED' }));
  });

  it('adopts an unmarked reservation when the planner says so (update from an unmarked before)', () => {
    const target = subnet([
      { 'hw-address': MAC, 'ip-address': '10.10.20.50', 'user-context': { note: 'x' } },
    ]);
    const update: Change = { op: 'update', before: observed(null), after: want, diff: [], forced: false };

    editSubnet(target, KEY, update, 'homelab');

    expect(target.node.reservations).toEqual([
      {
        'hw-address': MAC,
        'ip-address': '10.10.20.11',
        hostname: 'app1',
        'user-context': { note: 'x', nbsync: 'nbsync:homelab ipam.ipaddress/11' },
      },
    ]);
  });

  it('removes an unmarked blocker of another client on adopt', () => {
    const target = subnet([{ 'client-id': '01:02', 'ip-address': '10.10.20.11' }]);
    const before: Resource = {
      ...observed(null),
      meta: { owner: null, extra: { blocker: { type: 'reservation', mac: null, ip: '10.10.20.11' } } },
    };
    const update: Change = { op: 'update', before, after: want, diff: [], forced: false };

    editSubnet(target, KEY, update, 'homelab');

    expect(
      (target.node.reservations as Record<string, unknown>[]).map((r) => r['hw-address'] ?? r['client-id']),
    ).toEqual([MAC]);
  });

  it('deletes its own reservation, treats a missing one as done, refuses others', () => {
    const ours = subnet([
      { 'hw-address': MAC, 'ip-address': '10.10.20.11', 'user-context': { nbsync: 'nbsync:homelab x/1' } },
    ]);
    const gone = subnet([]);
    const theirs = subnet([{ 'hw-address': MAC, 'ip-address': '10.10.20.11' }]);
    const del: Change = { op: 'delete', before: observed('homelab'), forced: false };

    const removed = editSubnet(ours, KEY, del, 'homelab');
    const nothing = editSubnet(gone, KEY, del, 'homelab');

    expect(removed).toBe(true);
    expect(ours.node.reservations).toEqual([]);
    expect(nothing).toBe(false);
    expect(() => editSubnet(theirs, KEY, del, 'homelab')).toThrow(
      expect.objectContaining({ code: 'SINK_REJECTED' }),
    );
  });
});
