import type { OwnerMark } from '../../model/owner.js';
import type { Resource, Snapshot, UnmanagedObject } from '../../model/resource.js';
import type { ProxmoxClient } from './client.js';
import { vmKey } from './map.js';
import type { ClusterVm, VmConfig } from './schemas.js';
import { toSpec, VM_KIND, type VmState } from './spec.js';
import { disksAgainst, markOf, netboxIdOf, observedState } from './state.js';

/** What the last `desired()` told observe: VMIDs NetBox claims, and the desired states by key. */
export interface DesiredMemo {
  readonly claims: ReadonlyMap<number, string>;
  readonly wanted: ReadonlyMap<string, VmState>;
}

interface Candidate {
  readonly key: string;
  readonly vm: ClusterVm;
  readonly config: VmConfig;
  readonly owner: OwnerMark | null;
}

const CONFIG_READS_IN_FLIGHT = 8;

/**
 * Read every QEMU VM of the cluster: `/cluster/resources` once, then each VM's config (the owner
 * mark lives in its description). A VM marked with a NetBox VM ref is keyed by that ref; an
 * unmarked VM holding a VMID that NetBox claims is keyed like the NetBox VM (a conflict for the
 * planner); every other VM is `unmanaged`. Templates are not VMs to manage and are left out.
 * Any failed read fails the whole observe.
 */
export async function observeVms(
  client: ProxmoxClient,
  memo: DesiredMemo,
  signal: AbortSignal,
): Promise<Snapshot> {
  const vms = (await client.vms(signal)).filter((vm) => !vm.template);
  const configs = await mapLimit(vms, CONFIG_READS_IN_FLIGHT, (vm) =>
    client.config(vm.node, vm.vmid, signal),
  );

  const unmanaged: UnmanagedObject[] = [];
  const byKey = new Map<string, Candidate[]>();
  vms.forEach((vm, index) => {
    const config = configs[index] as VmConfig;
    const owner = markOf(config);
    const netboxId = netboxIdOf(owner);
    const key = netboxId !== null ? vmKey(netboxId) : owner === null ? memo.claims.get(vm.vmid) : undefined;
    if (key === undefined) {
      unmanaged.push({ kind: VM_KIND, key: `vmid/${vm.vmid}`, reason: unmanagedReason(vm, owner) });
      return;
    }
    const group = byKey.get(key);
    const candidate = { key, vm, config, owner };
    if (group) group.push(candidate);
    else byKey.set(key, [candidate]);
  });

  const resources: Resource[] = [];
  for (const [key, group] of byKey) {
    const [chosen, ...copies] = [...group].sort(
      (a, b) => preference(a, memo) - preference(b, memo) || a.vm.vmid - b.vm.vmid,
    );
    if (!chosen) continue;
    for (const copy of copies) {
      unmanaged.push({
        kind: VM_KIND,
        key: `vmid/${copy.vm.vmid}`,
        reason:
          copy.owner === null
            ? `holds the VMID NetBox records for ${key}, but VM ${chosen.vm.vmid} carries its owner mark; fix proxmox_vmid`
            : `also marked for ${key} (a copy of VM ${chosen.vm.vmid}?); remove the nbsync line from its description`,
      });
    }
    resources.push(toResource(chosen, memo.wanted.get(key), unmanaged));
  }
  resources.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  unmanaged.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { resources, unmanaged };
}

function toResource(
  candidate: Candidate,
  wanted: VmState | undefined,
  unmanaged: UnmanagedObject[],
): Resource {
  const { vm, config, owner, key } = candidate;
  let state = observedState(vm, config);
  if (wanted) {
    const { disks, shrinks } = disksAgainst(state.disks, wanted.disks);
    state = { ...state, disks };
    for (const s of shrinks) {
      unmanaged.push({
        kind: VM_KIND,
        key: `${key}/${s.disk}`,
        reason:
          `disk ${s.disk} of VM ${vm.vmid} has ${s.actualMb} MiB, NetBox asks for ${s.wantedMb} MiB: ` +
          'disks only grow, the shrink is skipped',
      });
    }
  }
  return {
    kind: VM_KIND,
    key,
    spec: toSpec(state),
    meta: { owner, extra: { vmid: vm.vmid, node: vm.node, digest: config.digest } },
  };
}

/** Among VMs with the same key: marked with the VMID NetBox records, then marked, then unmarked. */
function preference(candidate: Candidate, memo: DesiredMemo): number {
  if (candidate.owner === null) return 2;
  return memo.claims.get(candidate.vm.vmid) === candidate.key ? 0 : 1;
}

function unmanagedReason(vm: ClusterVm, owner: OwnerMark | null): string {
  const what = `VM ${vm.vmid} "${vm.name}" on ${vm.node}`;
  if (owner === null) return `${what} has no nbsync owner mark and no NetBox VM records its VMID`;
  return `${what} is marked by nbsync:${owner.instance} without a NetBox VM ref`;
}

/** Map with at most `limit` calls in flight; the first failure rejects (and stops new calls). */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(items[index] as T);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
