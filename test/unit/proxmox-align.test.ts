import { describe, expect, it } from 'vitest';
import type { OwnerMark } from '../../src/model/owner.js';
import type { Desired, Resource, Snapshot } from '../../src/model/resource.js';
import { planSink } from '../../src/reconcile/planner.js';
import { alignVms } from '../../src/sinks/proxmox/align.js';
import type { SinkSettings } from '../../src/sinks/sink.js';

/** Every compared field, as observe and the mapping write them. */
const vmSpec = (name: string, disks: Record<string, number>) => ({
  node: 'pve1',
  name,
  cores: 1,
  memory: 1024,
  disks,
  tags: ['nbsync-homelab'],
  description: '',
  power: 'running',
  net0: { bridge: 'vmbr0', vlan: null },
  ipconfig0: null,
});

const OURS = (id: number): OwnerMark => ({ instance: 'homelab', ref: `virtualization.virtualmachine/${id}` });

/** A desired VM for NetBox VM `id`, with a VMID or none, and the disks NetBox lists. */
function want(id: number, vmid: number | null, disks: Record<string, number> = { scsi0: 32768 }): Resource {
  return {
    kind: 'proxmox.vm',
    key: `vm/${id}`,
    spec: { ...(vmid === null ? {} : { vmid }), ...vmSpec(`vm${id}`, disks) },
    meta: { source: `virtualization.virtualmachine/${id}`, extra: { template: 9000 } },
  };
}

/** A VM as observe reports it: keyed by its mark, else `vmid/<n>`. */
function seen(
  vmid: number,
  owner: OwnerMark | null,
  disks: Record<string, number> = { scsi0: 32768 },
  copies: Resource[] = [],
): Resource {
  const id = owner?.ref.split('/')[1];
  return {
    kind: 'proxmox.vm',
    key: owner === null ? `vmid/${vmid}` : `vm/${id}`,
    spec: { vmid, ...vmSpec(`guest${vmid}`, disks) },
    meta: {
      owner,
      extra: { vmid, node: 'pve1', digest: `d${vmid}`, ...(copies.length > 0 ? { copies } : {}) },
    },
  };
}

const desired = (...resources: Resource[]): Desired => ({ resources, skipped: [] });
const settings: SinkSettings = {
  mode: 'apply',
  policy: 'sync',
  safety: { maxChangePercent: 100, minExisting: 10 },
  adopt: false,
  instance: 'homelab',
};
const sink = { name: 'pve', type: 'proxmox', manages: ['proxmox.vm'] as const, settings };

describe('proxmox align', () => {
  it('keys an unmarked VM holding a VMID NetBox records as that NetBox VM: a conflict', () => {
    const wanted = desired(want(11, 1001));
    const observed: Snapshot = { resources: [seen(1001, null)], unmanaged: [] };

    const aligned = alignVms(wanted, observed);

    expect(aligned.resources.map((r) => [r.key, r.meta.owner, r.meta.extra?.vmid])).toEqual([
      ['vm/11', null, 1001],
    ]);
    expect(planSink(sink, wanted, aligned).conflicts).toEqual([
      {
        kind: 'proxmox.vm',
        key: 'vm/11',
        reason: 'exists without owner mark',
        source: 'virtualization.virtualmachine/11',
      },
    ]);
  });

  it('moves an unmarked VM no NetBox VM records into unmanaged', () => {
    const observed: Snapshot = { resources: [seen(555, null)], unmanaged: [] };

    const aligned = alignVms(desired(want(11, 1001)), observed);

    expect(aligned.resources).toEqual([]);
    expect(aligned.unmanaged).toEqual([
      {
        kind: 'proxmox.vm',
        key: 'vmid/555',
        reason: 'VM 555 "guest555" on pve1 has no nbsync owner mark and no NetBox VM records its VMID',
      },
    ]);
  });

  it('keeps, among copies of a marked VM, the one with the VMID NetBox records', () => {
    const copy = seen(1001, OURS(11));
    const observed: Snapshot = {
      resources: [seen(150, OURS(11), { scsi0: 32768 }, [copy])],
      unmanaged: [
        { kind: 'proxmox.vm', key: 'vmid/1001', reason: 'also marked for vm/11 (a copy of VM 150?)' },
      ],
    };

    const aligned = alignVms(desired(want(11, 1001)), observed);

    expect(aligned.resources).toEqual([{ ...copy, key: 'vm/11' }]);
    expect(aligned.unmanaged).toEqual([
      {
        kind: 'proxmox.vm',
        key: 'vmid/150',
        reason: 'also marked for vm/11 (a copy of VM 1001?); remove the nbsync line from its description',
      },
    ]);
  });

  it('keeps the lowest marked VMID when NetBox records none, without the copies in extra', () => {
    const observed: Snapshot = { resources: [seen(150, OURS(12), { scsi0: 32768 }, [seen(170, OURS(12))])] };

    const aligned = alignVms(desired(want(12, null)), observed);

    expect(aligned.resources.map((r) => [r.key, r.meta.extra])).toEqual([
      ['vm/12', { vmid: 150, node: 'pve1', digest: 'd150' }],
    ]);
    expect(aligned.unmanaged?.map((u) => u.key)).toEqual(['vmid/170']);
  });

  it('prefers the marked VM over an unmarked one holding the recorded VMID, and says what to fix', () => {
    const observed: Snapshot = { resources: [seen(1001, null), seen(1050, OURS(11))], unmanaged: [] };

    const aligned = alignVms(desired(want(11, 1001)), observed);

    expect(aligned.resources.map((r) => [r.key, r.meta.extra?.vmid])).toEqual([['vm/11', 1050]]);
    expect(aligned.unmanaged).toEqual([
      {
        kind: 'proxmox.vm',
        key: 'vmid/1001',
        reason:
          'holds the VMID NetBox records for vm/11, but VM 1050 carries its owner mark; fix proxmox_vmid',
      },
    ]);
  });

  it('compares disks grow-only and lists each shrink as skipped', () => {
    const wanted = desired(want(11, 1001, { scsi0: 16384, scsi1: 2048, scsi2: 10 }));
    const observed: Snapshot = {
      resources: [seen(1001, OURS(11), { scsi0: 32768, scsi1: 1024, virtio0: 9 })],
      unmanaged: [],
    };

    const aligned = alignVms(wanted, observed);

    expect(aligned.resources[0]?.spec.disks).toEqual({ scsi0: 16384, scsi1: 1024 });
    expect(aligned.skipped).toEqual([
      {
        source: 'virtualization.virtualmachine/11',
        reason:
          'disk scsi0 of VM 1001 has 32768 MiB, NetBox asks for 16384 MiB: disks only grow, the shrink is skipped',
      },
    ]);
    expect(aligned.unmanaged).toEqual([]);
  });

  it('leaves the disks of a VM nothing desires as they are (it is a delete)', () => {
    const observed: Snapshot = { resources: [seen(1001, OURS(11), { scsi0: 32768, scsi1: 1 })] };

    const aligned = alignVms(desired(), observed);

    expect(aligned.resources.map((r) => [r.key, r.spec.disks])).toEqual([
      ['vm/11', { scsi0: 32768, scsi1: 1 }],
    ]);
    expect(aligned.skipped).toEqual([]);
  });

  it('keeps unmanaged entries and skipped entries it does not decide on', () => {
    const other = {
      kind: 'proxmox.vm' as const,
      key: 'vmid/700',
      reason: 'marked by nbsync:x without a NetBox VM ref',
    };
    const note = { source: 'virtualization.virtualmachine/9', reason: 'noted by observe' };

    const aligned = alignVms(desired(), { resources: [], unmanaged: [other], skipped: [note] });

    expect(aligned).toEqual({ resources: [], unmanaged: [other], skipped: [note] });
  });

  it('is pure: the same inputs give the same snapshot and are left as they were', () => {
    const wanted = desired(want(11, 1001, { scsi0: 1024 }), want(12, 1002));
    const observed: Snapshot = {
      resources: [seen(1002, null), seen(150, OURS(11), { scsi0: 32768 }, [seen(1001, OURS(11))])],
      unmanaged: [{ kind: 'proxmox.vm', key: 'vmid/1001', reason: 'copy' }],
    };
    const before = structuredClone({ wanted, observed });

    const first = alignVms(wanted, observed);
    const second = alignVms(wanted, observed);

    expect(second).toEqual(first);
    expect({ wanted, observed }).toEqual(before);
  });

  it('refuses an observed VM without its VMID (a bug, not a conflict)', () => {
    const broken: Resource = { ...seen(1001, null), meta: { owner: null, extra: {} } };

    const attempt = () => alignVms(desired(), { resources: [broken] });

    expect(attempt).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
