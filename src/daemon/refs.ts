import type { NetBoxObjectType } from '../model/inventory.js';
import type { PatchableCollection } from './ports.js';

/** The inventory list holding objects of a NetBox type (`dcim.macaddress` is folded into interfaces). */
export const COLLECTION_OF_TYPE: Readonly<Partial<Record<string, PatchableCollection>>> = {
  'ipam.prefix': 'prefixes',
  'ipam.ipaddress': 'ipAddresses',
  'ipam.vlan': 'vlans',
  'ipam.vlangroup': 'vlanGroups',
  'dcim.device': 'devices',
  'dcim.interface': 'interfaces',
  'virtualization.virtualmachine': 'virtualMachines',
  'virtualization.vminterface': 'vmInterfaces',
  'virtualization.virtualdisk': 'virtualDisks',
  'virtualization.cluster': 'clusters',
  'extras.tag': 'tags',
} satisfies Partial<Record<NetBoxObjectType, PatchableCollection>>;

/** Split `ipam.ipaddress/42` into type and id; `null` when it is not a ref. */
export function parseRef(ref: string): { type: string; id: number } | null {
  const match = /^([a-z0-9_]+\.[a-z0-9_]+)\/(\d+)$/.exec(ref);
  if (!match?.[1] || !match[2]) return null;
  return { type: match[1], id: Number(match[2]) };
}

export function ref(type: string, id: number): string {
  return `${type}/${id}`;
}
