import { describe, expect, it } from 'vitest';
import {
  alignReservations,
  blockerOf,
  type DhcpNetwork,
  dhcpSnapshot,
  observedReservations,
  type ObservedInput,
  type SeenLease,
  type SeenReservation,
  type WantedReservation,
} from '../../src/lib/dhcp.js';
import type { Desired, Resource } from '../../src/model/resource.js';
import { planSink } from '../../src/reconcile/planner.js';
import { settings } from '../helpers/resources.js';

const A = 'bc:24:11:00:00:0a';
const B = 'bc:24:11:00:00:0b';
const wantA: WantedReservation = { scope: 'lan', mac: A, ip: '10.10.20.5' };
const LAN: DhcpNetwork = { scope: 'lan', cidr: '10.10.20.0/24' };
const OPTIONS = { instance: 'homelab', releaseLeases: false };

/** A resource as `desired` maps it: no scope yet, a provisional key. */
function candidate(id: number, mac: string, ip: string): Resource {
  const source = `ipam.ipaddress/${id}`;
  return {
    kind: 'dhcp.reservation',
    key: source,
    spec: { ip, hostName: `h${id}` },
    meta: { source, extra: { candidate: { id, mac, iface: `h${id}/eth0` } } },
  };
}

function candidates(...resources: Resource[]): Desired {
  return { resources, skipped: [] };
}

function reservation(mac: string | null, ip: string, owner: string | null = 'homelab'): SeenReservation {
  return {
    scope: 'lan',
    mac,
    ip,
    hostName: 'h',
    owner: owner === null ? null : { instance: owner, ref: 'ipam.ipaddress/1' },
  };
}

function lease(mac: string, ip: string): SeenLease {
  return { scope: 'lan', mac, ip, hostName: 'laptop' };
}

function observe(input: Partial<ObservedInput>) {
  return observedReservations({
    reservations: [],
    leases: [],
    wanted: new Map([[`lan/${A}`, wantA]]),
    instance: 'homelab',
    releaseLeases: false,
    ...input,
  });
}

describe('observedReservations', () => {
  it('keys reservations by scope and MAC with their owner mark', () => {
    const result = observe({ reservations: [reservation(A, '10.10.20.5')], wanted: new Map() });

    expect(result).toEqual([
      {
        kind: 'dhcp.reservation',
        key: `lan/${A}`,
        spec: { ip: '10.10.20.5', hostName: 'h' },
        meta: { owner: { instance: 'homelab', ref: 'ipam.ipaddress/1' }, extra: {} },
      },
    ]);
  });

  it('puts an unmarked reservation of another MAC on a wanted address under the wanted key', () => {
    const result = observe({ reservations: [reservation(B, '10.10.20.5', null)] });

    const blocked = result.find((r) => r.key === `lan/${A}`);
    expect(blocked?.meta.owner).toBeNull();
    expect(blockerOf(blocked!)).toEqual({ type: 'reservation', mac: B, ip: '10.10.20.5' });
    expect(result.map((r) => r.key).sort()).toEqual([`lan/${A}`, `lan/${B}`]);
  });

  it('keeps another instance’s mark on such a blocker', () => {
    const result = observe({ reservations: [reservation(B, '10.10.20.5', 'other')] });

    expect(result.find((r) => r.key === `lan/${A}`)?.meta.owner?.instance).toBe('other');
  });

  it('does not treat our own reservation of the address for another MAC as in the way', () => {
    const result = observe({ reservations: [reservation(B, '10.10.20.5')] });

    expect(result.map((r) => r.key)).toEqual([`lan/${B}`]);
  });

  it('puts a dynamic lease of another MAC on a wanted address under the wanted key', () => {
    const result = observe({ leases: [lease(B, '10.10.20.5')] });

    expect(result).toHaveLength(1);
    expect(result[0]?.key).toBe(`lan/${A}`);
    expect(blockerOf(result[0]!)).toEqual({ type: 'lease', mac: B, ip: '10.10.20.5' });
  });

  it('does not report such a lease when leases are to be released on apply', () => {
    const result = observe({ leases: [lease(B, '10.10.20.5')], releaseLeases: true });

    expect(result).toEqual([]);
  });

  it.each([
    ['a lease of the wanted MAC itself', [lease(A, '10.10.20.5')], []],
    ['a lease of another address', [lease(B, '10.10.20.6')], []],
    ['a lease once the reservation is in place', [lease(B, '10.10.20.5')], [reservation(A, '10.10.20.5')]],
  ])('ignores %s', (_what, leases, reservations) => {
    const result = observe({ leases, reservations });

    expect(result.every((r) => blockerOf(r) === null)).toBe(true);
  });

  it('replaces our own reservation of the wanted MAC when the new address is held by a lease', () => {
    const result = observe({
      reservations: [reservation(A, '10.10.20.9')],
      leases: [lease(B, '10.10.20.5')],
    });

    expect(result).toHaveLength(1);
    expect(blockerOf(result[0]!)?.type).toBe('lease');
  });

  it('makes the planner report a conflict, never a create, for a blocked address', () => {
    const observed = dhcpSnapshot(
      { networks: [LAN], reservations: [], leases: [lease(B, '10.10.20.5')] },
      'homelab',
    );
    const sink = {
      name: 'dhcp',
      type: 'technitium-dhcp',
      manages: ['dhcp.reservation' as const],
      settings: settings(),
    };

    const aligned = alignReservations(candidates(candidate(1, A, '10.10.20.5')), observed, OPTIONS);
    const plan = planSink(sink, aligned.desired, aligned.observed);

    expect(plan.changes).toEqual([]);
    expect(plan.conflicts.map((c) => [c.key, c.source])).toEqual([[`lan/${A}`, 'ipam.ipaddress/1']]);
  });
});

describe('alignReservations', () => {
  it('observes without blockers (observe runs before the mapping), align adds them', () => {
    const snapshot = dhcpSnapshot(
      { networks: [LAN], reservations: [reservation(B, '10.10.20.5', null)], leases: [] },
      'homelab',
    );

    const aligned = alignReservations(candidates(candidate(1, A, '10.10.20.5')), snapshot, OPTIONS);

    expect(snapshot.resources.map((r) => r.key)).toEqual([`lan/${B}`]);
    expect(aligned.observed.resources.map((r) => r.key)).toEqual([`lan/${A}`, `lan/${B}`]);
  });

  it('keys candidates by the scope the snapshot names, and skips the rest with reasons', () => {
    const snapshot = dhcpSnapshot({ networks: [LAN], reservations: [], leases: [] }, 'homelab');
    const mapped = candidates(
      candidate(1, A, '10.10.20.5'),
      candidate(2, B, '10.10.20.6'),
      candidate(3, B, '10.10.20.7'),
      candidate(4, A, '10.10.99.4'),
    );

    const { desired } = alignReservations(mapped, snapshot, OPTIONS);

    expect(desired.resources).toEqual([
      {
        kind: 'dhcp.reservation',
        key: `lan/${A}`,
        spec: { ip: '10.10.20.5', hostName: 'h1' },
        meta: { source: 'ipam.ipaddress/1' },
      },
    ]);
    expect(desired.skipped.map((s) => [s.source, s.reason.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['ipam.ipaddress/2', 'conflict: MAC'],
      ['ipam.ipaddress/3', 'conflict: MAC'],
      ['ipam.ipaddress/4', 'out of'],
    ]);
  });

  it('is pure: the same inputs align to the same result, and the inputs stay as they were', () => {
    const snapshot = dhcpSnapshot(
      { networks: [LAN], reservations: [], leases: [lease(B, '10.10.20.5')] },
      'homelab',
    );
    const mapped = candidates(candidate(1, A, '10.10.20.5'));
    const copy = structuredClone({ snapshot, mapped });

    const first = alignReservations(mapped, snapshot, OPTIONS);
    const second = alignReservations(mapped, snapshot, OPTIONS);

    expect(second).toEqual(first);
    expect({ snapshot, mapped }).toEqual(copy);
  });

  it('refuses a snapshot that observe did not make (INTERNAL)', () => {
    const foreign = { resources: [] };

    const attempt = () => alignReservations({ resources: [], skipped: [] }, foreign, OPTIONS);

    expect(attempt).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
