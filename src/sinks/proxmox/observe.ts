import type { OwnerMark } from '../../model/owner.js';
import type { Resource, Snapshot, UnmanagedObject } from '../../model/resource.js';
import type { ProxmoxClient } from './client.js';
import { vmKey } from './map.js';
import type { ClusterVm, VmConfig } from './schemas.js';
import { toSpec, VM_KIND } from './spec.js';
import { markOf, netboxIdOf, observedState } from './state.js';

/**
 * What an observed VM carries in `meta.extra` (never compared): where it is and the config
 * digest for writes; on the VM keyed by a mark, the other VMs with the same mark (`copies`).
 */
export interface ObservedExtra {
  readonly vmid: number;
  readonly node: string;
  readonly digest: string;
  readonly copies?: readonly Resource[];
}

const CONFIG_READS_IN_FLIGHT = 8;

/**
 * Read every QEMU VM of the cluster: `/cluster/resources` once, then each VM's config (the owner
 * mark lives in its description). Observe knows nothing of NetBox;
 * `alignVms` joins the two. Templates are left out; any failed read fails the whole observe.
 *
 * - A VM marked with a NetBox VM ref is keyed by that ref (`vm/<id>`), its mark as owner. When
 *   several carry the same ref (copies made in the GUI), the lowest VMID is keyed so and the
 *   others are `unmanaged` here, kept in its `meta.extra.copies` for `align` to choose among.
 * - An unmarked VM is keyed `vmid/<n>` with owner `null`; nothing plans it as it is.
 * - A VM marked without a NetBox VM ref is `unmanaged`.
 */
export async function observeVms(client: ProxmoxClient, signal: AbortSignal): Promise<Snapshot> {
  const vms = (await client.vms(signal)).filter((vm) => !vm.template);
  const configs = await mapLimit(vms, CONFIG_READS_IN_FLIGHT, (vm) =>
    client.config(vm.node, vm.vmid, signal),
  );

  const resources: Resource[] = [];
  const unmanaged: UnmanagedObject[] = [];
  const marked = new Map<string, { vmid: number; resource: Resource }[]>();
  vms.forEach((vm, index) => {
    const config = configs[index] as VmConfig;
    const owner = markOf(config);
    const netboxId = netboxIdOf(owner);
    if (owner === null) {
      resources.push(vmResource(unmarkedKey(vm.vmid), vm, config, null));
    } else if (netboxId === null) {
      unmanaged.push({
        kind: VM_KIND,
        key: unmarkedKey(vm.vmid),
        reason: `${describeVm(vm.vmid, vm.name, vm.node)} is marked by nbsync:${owner.instance} without a NetBox VM ref`,
      });
    } else {
      const key = vmKey(netboxId);
      const group = marked.get(key) ?? [];
      group.push({ vmid: vm.vmid, resource: vmResource(key, vm, config, owner) });
      marked.set(key, group);
    }
  });

  for (const [key, group] of marked) {
    const [first, ...copies] = group.sort((a, b) => a.vmid - b.vmid);
    if (!first) continue;
    for (const copy of copies) unmanaged.push(copyOf(key, copy.vmid, first.vmid));
    const kept = first.resource;
    const extra = { ...kept.meta.extra, copies: copies.map((c) => c.resource) };
    resources.push(copies.length === 0 ? kept : { ...kept, meta: { ...kept.meta, extra } });
  }
  resources.sort(byKey);
  unmanaged.sort(byKey);
  return { resources, unmanaged };
}

/** The key of a VM no mark ties to a NetBox VM (before `align`, and in `unmanaged`). */
export function unmarkedKey(vmid: number): string {
  return `vmid/${vmid}`;
}

/** `VM 105 "web1" on pve1`, as messages name a VM. */
export function describeVm(vmid: number, name: string, node: string): string {
  return `VM ${vmid} "${name}" on ${node}`;
}

/** The unmanaged entry of a second VM carrying the mark for `key` (a copy of `kept`?). */
export function copyOf(key: string, vmid: number, kept: number): UnmanagedObject {
  return {
    kind: VM_KIND,
    key: unmarkedKey(vmid),
    reason: `also marked for ${key} (a copy of VM ${kept}?); remove the nbsync line from its description`,
  };
}

function vmResource(key: string, vm: ClusterVm, config: VmConfig, owner: OwnerMark | null): Resource {
  const extra: ObservedExtra = { vmid: vm.vmid, node: vm.node, digest: config.digest };
  return {
    kind: VM_KIND,
    key,
    spec: toSpec(observedState(vm, config)),
    meta: { owner, extra: { ...extra } },
  };
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
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
