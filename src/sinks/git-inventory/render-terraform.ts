import type { Interface, Inventory, VirtualMachine } from '../../model/inventory.js';
import type { Skipped } from '../../model/resource.js';
import { headerText } from './header.js';
import {
  buildLookups,
  compare,
  containingPrefix,
  gatewayOf,
  inventoryHosts,
  type Lookups,
} from './lookups.js';

/**
 * `terraform/netbox_vms.auto.tfvars.json`: `{"vms": {<name>: {vmid, node, cores, memory, disks,
 * ip, gateway, vlan, mac, tags, template, status}}}` for every named VM (DESIGN §6). Unknown
 * values are `null`, never left out, so a Terraform `object({...})` type always matches.
 * The header is the `"//"` member, which Terraform ignores in JSON variable files.
 */
export interface TerraformRendering {
  readonly content: string;
  readonly vms: number;
  readonly skipped: readonly Skipped[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function renderTerraformVars(inventory: Inventory, instance: string): TerraformRendering {
  const lookups = buildLookups(inventory);
  const { hosts, skipped } = inventoryHosts(inventory, { devices: false });
  const vms: Record<string, Json> = {};
  const entries: Array<[string, Json]> = [];
  for (const host of hosts) {
    if (host.kind !== 'vm') continue;
    entries.push([host.object.name, vmEntry(host.object, lookups)]);
  }
  entries.sort((a, b) => compare(a[0], b[0]));
  for (const [name, entry] of entries) vms[name] = entry;
  const document = { '//': headerText(instance), vms };
  return { content: `${JSON.stringify(document, null, 2)}\n`, vms: entries.length, skipped };
}

function vmEntry(vm: VirtualMachine, lookups: Lookups): Json {
  const ip4 = vm.primaryIp4Id === null ? undefined : lookups.ips.get(vm.primaryIp4Id);
  const prefix = ip4 ? containingPrefix(ip4, lookups) : null;
  const nic = primaryInterface(vm, ip4?.assigned ?? null, lookups);
  const vlan = nic?.untaggedVlanId == null ? undefined : lookups.vlans.get(nic.untaggedVlanId);
  const disks = [...(lookups.disks.get(vm.id) ?? [])]
    .sort((a, b) => compare(a.name, b.name) || a.id - b.id)
    .map((d): Json => ({ name: d.name, size_mb: d.sizeMb }));
  // Keys in sorted order: the output is canonical.
  return {
    cores: vm.vcpus,
    disks,
    gateway: prefix ? gatewayOf(prefix) : null,
    ip: ip4 ? ip4.address : null,
    mac: nic?.mac ?? null,
    memory: vm.memoryMb,
    node: textField(vm.customFields.proxmox_node),
    status: vm.status,
    tags: [...vm.tags].sort(compare),
    template: templateField(vm.customFields.proxmox_template),
    vlan: vlan ? vlan.vid : null,
    vmid: integerField(vm.customFields.proxmox_vmid),
  };
}

/** The interface holding the primary IPv4, else the VM's first interface (by id). */
function primaryInterface(
  vm: VirtualMachine,
  assigned: { type: string; id: number } | null,
  lookups: Lookups,
): Interface | undefined {
  if (assigned?.type === 'virtualization.vminterface') {
    const iface = lookups.vmInterfaceById.get(assigned.id);
    if (iface && iface.parentId === vm.id) return iface;
  }
  const all = lookups.vmInterfaces.get(vm.id) ?? [];
  return [...all].sort((a, b) => a.id - b.id)[0];
}

function textField(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function integerField(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** A template is a VMID or a template name (DESIGN §6, Proxmox). */
function templateField(value: unknown): number | string | null {
  return integerField(value) ?? textField(value);
}
