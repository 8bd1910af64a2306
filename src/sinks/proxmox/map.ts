import ipaddr from 'ipaddr.js';
import type { Interface, Inventory, IpAddress, VirtualMachine } from '../../model/inventory.js';
import { objectRef } from '../../model/inventory.js';
import { formatOwnerMark } from '../../model/owner.js';
import type { Desired, Resource, Skipped } from '../../model/resource.js';
import { GatewayLookup } from './network.js';
import { toSpec, VM_KIND, type Power, type VmState } from './spec.js';
import { compareDiskKeys, DISK_KEY, TAG_PATTERN } from './values.js';

/** What the mapping needs from the sink's config. */
export interface MapOptions {
  readonly instance: string;
  readonly clusters: readonly string[];
  readonly defaultNode: string;
  readonly template: number;
  readonly bridge: string;
  readonly gateways: Readonly<Record<string, string>>;
}

/** What `create` needs beyond the spec; never compared. */
export interface DesiredExtra {
  /** A template VMID, or a template name to look up among the Proxmox templates. */
  readonly template: number | string;
}

/** Power and deletion mark per NetBox VM status (DESIGN §6). */
const POWER: Readonly<Record<string, Power>> = {
  active: 'running',
  offline: 'stopped',
  planned: 'stopped',
  staged: 'stopped',
  failed: 'stopped',
  decommissioning: 'stopped',
};

/** Tag that marks a VM whose NetBox status is `decommissioning`: stopped, to be destroyed. */
export const DECOMMISSION_TAG = 'nbsync-decommissioning';
export const DEFAULT_CORES = 1;
export const DEFAULT_MEMORY_MB = 1024;
const DNS_NAME =
  /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const MAX_DESCRIPTION = 8192;

/** The owner tag: a VM-list-visible copy of the owner mark (the description line is authoritative). */
export function ownerTag(instance: string): string {
  return `nbsync-${instance}`;
}

/** The key of the VM made for NetBox VM `id`: stable across renames, migrations and VMID changes. */
export function vmKey(netboxId: number): string {
  return `vm/${netboxId}`;
}

/** Pure: every NetBox VM in a managed cluster → one desired `proxmox.vm`. */
export function mapVms(inventory: Inventory, options: MapOptions): Desired {
  const clusterIds = new Set(
    inventory.clusters.filter((c) => options.clusters.includes(c.name)).map((c) => c.id),
  );
  const ips = new Map(inventory.ipAddresses.map((ip) => [ip.id, ip]));
  const vlans = new Map(inventory.vlans.map((v) => [v.id, v.vid]));
  const interfaces = groupBy(inventory.vmInterfaces, (i) => i.parentId);
  const disks = groupBy(inventory.virtualDisks, (d) => d.vmId);
  const gateways = new GatewayLookup({ prefixes: inventory.prefixes, gateways: options.gateways });

  const resources: Resource[] = [];
  const skipped: Skipped[] = [];
  const claims = new Map<number, string>();
  for (const vm of inventory.virtualMachines) {
    if (vm.clusterId === null || !clusterIds.has(vm.clusterId)) continue;
    const source = objectRef('virtualization.virtualmachine', vm.id);
    const skip = (reason: string) => skipped.push({ source, reason });
    const power = POWER[vm.status];
    if (power === undefined) {
      skip(
        `status "${vm.status}" has no Proxmox power state; use active, offline, planned, staged or decommissioning`,
      );
      continue;
    }
    if (!DNS_NAME.test(vm.name)) {
      skip(`name "${vm.name}" is not a valid Proxmox VM name (letters, digits, "-" and "."); rename the VM`);
      continue;
    }
    const vmid = customVmid(vm.customFields.proxmox_vmid);
    if (vmid === 'invalid') {
      skip('custom field proxmox_vmid must be an integer from 100 to 999999999');
      continue;
    }
    if (vmid !== null && claims.has(vmid)) {
      skip(
        `proxmox_vmid ${vmid} is already used by ${sourceOfKey(claims.get(vmid) ?? '')}; give each VM its own VMID`,
      );
      continue;
    }
    const ip4 = primaryIp(vm.primaryIp4Id, ips);
    const ip6 = primaryIp(vm.primaryIp6Id, ips);
    const nic = pickInterface(interfaces.get(vm.id) ?? [], ip4 ?? ip6);
    const vlanId = nic?.untaggedVlanId ?? null;
    const state: VmState = {
      vmid,
      node: nonEmptyString(vm.customFields.proxmox_node) ?? options.defaultNode,
      name: vm.name,
      cores: vm.vcpus === null ? DEFAULT_CORES : Math.max(1, Math.ceil(vm.vcpus)),
      memory: vm.memoryMb === null ? DEFAULT_MEMORY_MB : Math.max(16, Math.round(vm.memoryMb)),
      disks: diskSpec(disks.get(vm.id) ?? [], vm.diskMb),
      tags: tagsFor(vm, options.instance, vm.status === 'decommissioning'),
      description: descriptionFor(vm, source, inventory.netbox.url, options.instance),
      power,
      net0: { bridge: options.bridge, vlan: vlanId === null ? null : (vlans.get(vlanId) ?? null) },
      ipconfig0: gateways.ipConfig(ip4, ip6),
    };
    const key = vmKey(vm.id);
    if (vmid !== null) claims.set(vmid, key);
    const extra: DesiredExtra = { template: templateOf(vm.customFields.proxmox_template, options.template) };
    resources.push({ kind: VM_KIND, key, spec: toSpec(state), meta: { source, extra: { ...extra } } });
  }
  return { resources, skipped };
}

function customVmid(value: unknown): number | null | 'invalid' {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  return Number.isInteger(n) && n >= 100 && n <= 999_999_999 ? n : 'invalid';
}

function templateOf(value: unknown, fallback: number): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const text = nonEmptyString(value);
  if (text === null) return fallback;
  return /^\d+$/.test(text) ? Number(text) : text;
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function primaryIp(id: number | null, ips: ReadonlyMap<number, IpAddress>): IpAddress | null {
  const ip = id === null ? undefined : ips.get(id);
  return ip && ipaddr.isValidCIDR(ip.address) ? ip : null;
}

/** The interface holding the primary IP, else the VM's first interface. */
function pickInterface(interfaces: readonly Interface[], ip: IpAddress | null): Interface | null {
  const assigned = ip?.assigned;
  if (assigned?.type === 'virtualization.vminterface') {
    const holder = interfaces.find((i) => i.id === assigned.id);
    if (holder) return holder;
  }
  return interfaces[0] ?? null;
}

/**
 * Disks by Proxmox key: a NetBox disk named like a Proxmox disk (`scsi0`, `virtio1`) keeps its
 * name; the others take the next free `scsiN` in id order. No virtual disks but a total size:
 * that size for `scsi0`.
 */
function diskSpec(
  disks: readonly { name: string; sizeMb: number }[],
  totalMb: number | null,
): Record<string, number> {
  const spec: Record<string, number> = {};
  const unnamed: number[] = [];
  for (const disk of disks) {
    const name = disk.name.trim().toLowerCase();
    if (DISK_KEY.test(name) && spec[name] === undefined) spec[name] = disk.sizeMb;
    else unnamed.push(disk.sizeMb);
  }
  let index = 0;
  for (const size of unnamed) {
    while (spec[`scsi${index}`] !== undefined) index += 1;
    spec[`scsi${index}`] = size;
  }
  if (disks.length === 0 && totalMb !== null && totalMb > 0) spec.scsi0 = totalMb;
  return Object.fromEntries(Object.entries(spec).sort(([a], [b]) => compareDiskKeys(a, b)));
}

function tagsFor(vm: VirtualMachine, instance: string, decommissioning: boolean): string[] {
  const tags = new Set(vm.tags.map((t) => t.toLowerCase()).filter((t) => TAG_PATTERN.test(t)));
  tags.add(ownerTag(instance));
  if (decommissioning) tags.add(DECOMMISSION_TAG);
  return [...tags].sort();
}

/** Owner mark line, NetBox link, then the NetBox description (cut to Proxmox's 8 KiB). */
function descriptionFor(vm: VirtualMachine, source: string, netboxUrl: string, instance: string): string {
  const lines = [
    formatOwnerMark({ instance, ref: source }),
    `NetBox: ${netboxUrl.replace(/\/+$/, '')}/virtualization/virtual-machines/${vm.id}/`,
  ];
  const text = vm.description.trim();
  const head = lines.join('\n');
  if (text === '') return head;
  return `${head}\n\n${text}`.slice(0, MAX_DESCRIPTION).replace(/\s+$/, '');
}

function sourceOfKey(key: string): string {
  return `virtualization.virtualmachine/${key.slice('vm/'.length)}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
