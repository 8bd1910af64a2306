import { describe, expect, it } from 'vitest';
import {
  alignReservations,
  blockerOf,
  dhcpSnapshot,
  observedReservations,
  type ObservedInput,
  type SeenLease,
  type SeenReservation,
  type WantedReservation,
} from '../../src/lib/dhcp.js';
import { planSink } from '../../src/reconcile/planner.js';
import { settings } from '../helpers/resources.js';

const A = 'bc:24:11:00:00:0a';
const B = 'bc:24:11:00:00:0b';
const wantA: WantedReservation = { scope: 'lan', mac: A, ip: '10.10.20.5' };

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
    const desired = {
      resources: [
        {
          kind: 'dhcp.reservation' as const,
          key: `lan/${A}`,
          spec: { ip: '10.10.20.5', hostName: 'a' },
          meta: { source: 'ipam.ipaddress/1' },
        },
      ],
      skipped: [],
    };
    const observed = dhcpSnapshot([], [lease(B, '10.10.20.5')], 'homelab');
    const sink = {
      name: 'dhcp',
      type: 'technitium-dhcp',
      manages: ['dhcp.reservation' as const],
      settings: settings(),
    };

    const plan = planSink(
      sink,
      desired,
      alignReservations(desired, observed, { instance: 'homelab', releaseLeases: false }),
    );

    expect(plan.changes).toEqual([]);
    expect(plan.conflicts.map((c) => c.key)).toEqual([`lan/${A}`]);
  });

  it('observes without blockers (observe runs before the mapping), align adds them', () => {
    const snapshot = dhcpSnapshot([reservation(B, '10.10.20.5', null)], [], 'homelab');
    const desired = {
      resources: [
        {
          kind: 'dhcp.reservation' as const,
          key: `lan/${A}`,
          spec: { ip: '10.10.20.5', hostName: 'a' },
          meta: {},
        },
      ],
      skipped: [],
    };

    const aligned = alignReservations(desired, snapshot, { instance: 'homelab', releaseLeases: false });

    expect(snapshot.resources.map((r) => r.key)).toEqual([`lan/${B}`]);
    expect(aligned.resources.map((r) => r.key)).toEqual([`lan/${A}`, `lan/${B}`]);
  });

  it('leaves a snapshot it did not make as it is', () => {
    const foreign = { resources: [] };

    const aligned = alignReservations({ resources: [], skipped: [] }, foreign, {
      instance: 'homelab',
      releaseLeases: false,
    });

    expect(aligned).toBe(foreign);
  });
});
