// Put the loaded lists together into an Inventory that keeps its invariants: sorted by id, and
// every cross reference pointing at an object of the same inventory or null. Children
// (interfaces, disks) of hosts outside the loaded scope are left out, so a filter on VMs also
// scopes their interfaces and disks; references to objects outside the scope become null.
import type { Inventory, NetBoxInfo } from '../../model/inventory.js';
import type { ItemOf, ListKind } from './endpoints.js';

export type Lists = { readonly [K in ListKind]: readonly ItemOf<K>[] };

export function byId<T extends { readonly id: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.id - b.id);
}

export function assembleInventory(netbox: NetBoxInfo, lists: Lists): Inventory {
  const ids = <T extends { readonly id: number }>(items: readonly T[]) => new Set(items.map((i) => i.id));
  const vlanIds = ids(lists.vlans);
  const vlanGroupIds = ids(lists.vlanGroups);
  const clusterIds = ids(lists.clusters);
  const deviceIds = ids(lists.devices);
  const vmIds = ids(lists.virtualMachines);
  const known = (set: Set<number>, id: number | null): number | null =>
    id !== null && set.has(id) ? id : null;

  const interfaces = lists.interfaces.filter((i) => deviceIds.has(i.parentId));
  const vmInterfaces = lists.vmInterfaces.filter((i) => vmIds.has(i.parentId));
  const interfaceIds = ids(interfaces);
  const vmInterfaceIds = ids(vmInterfaces);
  const scopeInterface = <T extends ItemOf<'interfaces'>>(i: T): T => ({
    ...i,
    untaggedVlanId: known(vlanIds, i.untaggedVlanId),
    taggedVlanIds: i.taggedVlanIds.filter((v) => vlanIds.has(v)),
  });

  const ipAddresses = lists.ipAddresses.map((ip) => {
    const a = ip.assigned;
    const present =
      a === null ||
      (a.type === 'dcim.interface' && interfaceIds.has(a.id)) ||
      (a.type === 'virtualization.vminterface' && vmInterfaceIds.has(a.id));
    // FHRP groups are not loaded (no inventory list); such an assignment is kept as NetBox has it.
    return present || a.type === 'ipam.fhrpgroup' ? ip : { ...ip, assigned: null };
  });
  const ipIds = ids(ipAddresses);
  const scopeHost = <T extends ItemOf<'devices'> | ItemOf<'virtualMachines'>>(h: T): T => ({
    ...h,
    clusterId: known(clusterIds, h.clusterId),
    primaryIp4Id: known(ipIds, h.primaryIp4Id),
    primaryIp6Id: known(ipIds, h.primaryIp6Id),
  });

  return {
    netbox,
    prefixes: byId(lists.prefixes.map((p) => ({ ...p, vlanId: known(vlanIds, p.vlanId) }))),
    ipAddresses: byId(ipAddresses),
    vlans: byId(lists.vlans.map((v) => ({ ...v, groupId: known(vlanGroupIds, v.groupId) }))),
    vlanGroups: byId(lists.vlanGroups),
    devices: byId(lists.devices.map(scopeHost)),
    interfaces: byId(interfaces.map(scopeInterface)),
    virtualMachines: byId(lists.virtualMachines.map(scopeHost)),
    vmInterfaces: byId(vmInterfaces.map(scopeInterface)),
    virtualDisks: byId(lists.virtualDisks.filter((d) => vmIds.has(d.vmId))),
    clusters: byId(lists.clusters),
    tags: byId(lists.tags),
  };
}
