import { SyncError } from '../../model/errors.js';
import type { OwnerMark } from '../../model/owner.js';
import type { Desired, Resource, Skipped, Snapshot, UnmanagedObject } from '../../model/resource.js';
import { copyOf, describeVm, unmarkedKey, type ObservedExtra } from './observe.js';
import { fromSpec, VM_KIND } from './spec.js';
import { disksAgainst } from './state.js';

/** One observed VM that may stand for a key. */
interface Candidate {
  readonly resource: Resource;
  readonly owner: OwnerMark | null;
  readonly extra: ObservedExtra;
}

/**
 * Pure (`Sink.align`): the observed VMs seen in the light of the desired ones.
 *
 * - Identity. A VM marked `vm/<id>` keeps that key. An unmarked VM holding the VMID a desired VM
 *   records takes that VM's key, so the planner reports a conflict (or adopts it with `adopt`);
 *   any other unmarked VM is `unmanaged`. When several VMs stand for one key, the one kept is the
 *   marked VM with the VMID NetBox records, else the marked VM with the lowest VMID, else the
 *   unmarked one; the others are `unmanaged`, with what to fix.
 * - Disks only grow. Against its desired VM, an observed VM shows `min(actual, desired)` for each
 *   disk NetBox lists (a disk it does not list is not compared), and each larger disk is a
 *   `skipped` entry: the shrink is never planned. VMs nothing desires keep their disks as read.
 */
export function alignVms(desired: Desired, observed: Snapshot): Snapshot {
  const wanted = new Map<string, Resource>();
  const claims = new Map<number, string>();
  for (const resource of desired.resources) {
    if (resource.kind !== VM_KIND) continue;
    wanted.set(resource.key, resource);
    if (typeof resource.spec.vmid === 'number') claims.set(resource.spec.vmid, resource.key);
  }

  const groups = new Map<string, Candidate[]>();
  const decided = new Set<string>();
  const unmanaged: UnmanagedObject[] = [];
  for (const resource of observed.resources.flatMap(withCopies)) {
    const candidate = candidateOf(resource);
    const { vmid, node } = candidate.extra;
    decided.add(unmarkedKey(vmid));
    const key = candidate.owner !== null ? resource.key : claims.get(vmid);
    if (key === undefined) {
      unmanaged.push({
        kind: VM_KIND,
        key: unmarkedKey(vmid),
        reason: `${describeVm(vmid, fromSpec(resource.spec).name, node)} has no nbsync owner mark and no NetBox VM records its VMID`,
      });
      continue;
    }
    const group = groups.get(key) ?? [];
    group.push(candidate);
    groups.set(key, group);
  }
  // Observe listed the copies it kept aside; the verdict on them is made again above.
  unmanaged.push(...(observed.unmanaged ?? []).filter((u) => !decided.has(u.key)));

  const resources: Resource[] = [];
  const skipped: Skipped[] = [...(observed.skipped ?? [])];
  for (const [key, group] of [...groups].sort(([a], [b]) => compare(a, b))) {
    const rank = (c: Candidate) => (c.owner === null ? 2 : claims.get(c.extra.vmid) === key ? 0 : 1);
    const [chosen, ...others] = group.sort((a, b) => rank(a) - rank(b) || a.extra.vmid - b.extra.vmid);
    if (!chosen) continue;
    for (const other of others) {
      unmanaged.push(
        other.owner === null
          ? {
              kind: VM_KIND,
              key: unmarkedKey(other.extra.vmid),
              reason: `holds the VMID NetBox records for ${key}, but VM ${chosen.extra.vmid} carries its owner mark; fix proxmox_vmid`,
            }
          : copyOf(key, other.extra.vmid, chosen.extra.vmid),
      );
    }
    resources.push(aligned(key, chosen, wanted.get(key), skipped));
  }
  unmanaged.sort((a, b) => compare(a.key, b.key));
  return { resources, unmanaged, skipped };
}

/** The kept VM under its key, without the copies observe attached, disks compared grow-only. */
function aligned(key: string, chosen: Candidate, want: Resource | undefined, skipped: Skipped[]): Resource {
  const meta = { owner: chosen.owner, extra: { ...chosen.extra } };
  const spec = chosen.resource.spec;
  if (!want) return { kind: VM_KIND, key, spec, meta };
  const { disks, shrinks } = disksAgainst(fromSpec(spec).disks, fromSpec(want.spec).disks);
  for (const s of shrinks) {
    skipped.push({
      source: want.meta.source ?? key,
      reason:
        `disk ${s.disk} of VM ${chosen.extra.vmid} has ${s.actualMb} MiB, NetBox asks for ${s.wantedMb} MiB: ` +
        'disks only grow, the shrink is skipped',
    });
  }
  return { kind: VM_KIND, key, spec: { ...spec, disks }, meta };
}

function withCopies(resource: Resource): Resource[] {
  const copies: unknown = resource.meta.extra?.copies;
  return Array.isArray(copies) ? [resource, ...(copies as Resource[])] : [resource];
}

function candidateOf(resource: Resource): Candidate {
  const { vmid, node, digest } = resource.meta.extra ?? {};
  if (typeof vmid !== 'number' || typeof node !== 'string' || typeof digest !== 'string') {
    throw new SyncError('INTERNAL', `proxmox: observed ${resource.key} lacks its VMID, node or digest`);
  }
  return { resource, owner: resource.meta.owner ?? null, extra: { vmid, node, digest } };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
