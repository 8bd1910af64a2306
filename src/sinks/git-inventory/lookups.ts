import ipaddr from 'ipaddr.js';
import type {
  Cluster,
  Device,
  Interface,
  Inventory,
  IpAddress,
  Prefix,
  VirtualDisk,
  VirtualMachine,
  Vlan,
} from '../../model/inventory.js';
import { objectRef } from '../../model/inventory.js';
import type { Skipped } from '../../model/resource.js';

/** A device or a VM as an inventory host. */
export type Host =
  | { readonly kind: 'device'; readonly ref: string; readonly object: Device }
  | { readonly kind: 'vm'; readonly ref: string; readonly object: VirtualMachine };

/** Indexes over one inventory, built once per render. */
export interface Lookups {
  readonly ips: ReadonlyMap<number, IpAddress>;
  readonly clusters: ReadonlyMap<number, Cluster>;
  readonly vlans: ReadonlyMap<number, Vlan>;
  readonly vmInterfaces: ReadonlyMap<number, readonly Interface[]>;
  readonly vmInterfaceById: ReadonlyMap<number, Interface>;
  readonly disks: ReadonlyMap<number, readonly VirtualDisk[]>;
  readonly prefixes: readonly ParsedPrefix[];
}

interface ParsedPrefix {
  readonly prefix: Prefix;
  readonly network: ipaddr.IPv4 | ipaddr.IPv6;
  readonly length: number;
}

export function buildLookups(inventory: Inventory): Lookups {
  const vmInterfaces = new Map<number, Interface[]>();
  for (const iface of inventory.vmInterfaces) {
    const list = vmInterfaces.get(iface.parentId) ?? [];
    list.push(iface);
    vmInterfaces.set(iface.parentId, list);
  }
  const disks = new Map<number, VirtualDisk[]>();
  for (const disk of inventory.virtualDisks) {
    const list = disks.get(disk.vmId) ?? [];
    list.push(disk);
    disks.set(disk.vmId, list);
  }
  const prefixes: ParsedPrefix[] = [];
  for (const prefix of inventory.prefixes) {
    try {
      const [network, length] = ipaddr.parseCIDR(prefix.prefix);
      prefixes.push({ prefix, network, length });
    } catch {
      // A prefix NetBox accepted but ipaddr.js cannot parse cannot contain anything we match.
    }
  }
  // Most specific first, so the first match is the longest.
  prefixes.sort((a, b) => b.length - a.length || a.prefix.id - b.prefix.id);
  return {
    ips: new Map(inventory.ipAddresses.map((ip) => [ip.id, ip])),
    clusters: new Map(inventory.clusters.map((c) => [c.id, c])),
    vlans: new Map(inventory.vlans.map((v) => [v.id, v])),
    vmInterfaces,
    vmInterfaceById: new Map(inventory.vmInterfaces.map((i) => [i.id, i])),
    disks,
    prefixes,
  };
}

/**
 * The hosts of an inventory: devices, then VMs, each by id (the order nb_inventory reads them).
 * Nameless devices are skipped; a name already taken by an earlier host is skipped too (Ansible
 * would merge the two into one host).
 */
export function inventoryHosts(
  inventory: Inventory,
  options: { devices: boolean } = { devices: true },
): { hosts: Host[]; skipped: Skipped[] } {
  const hosts: Host[] = [];
  const skipped: Skipped[] = [];
  const taken = new Map<string, string>();
  const candidates: Host[] = [
    ...(options.devices ? inventory.devices : []).map((object): Host => ({
      kind: 'device',
      ref: objectRef('dcim.device', object.id),
      object,
    })),
    ...inventory.virtualMachines.map((object): Host => ({
      kind: 'vm',
      ref: objectRef('virtualization.virtualmachine', object.id),
      object,
    })),
  ];
  for (const host of candidates) {
    const name = host.object.name;
    if (name === '') {
      skipped.push({ source: host.ref, reason: 'has no name' });
      continue;
    }
    const holder = taken.get(name);
    if (holder !== undefined) {
      skipped.push({ source: host.ref, reason: `name ${name} is already used by ${holder}` });
      continue;
    }
    taken.set(name, host.ref);
    hosts.push(host);
  }
  return { hosts, skipped };
}

/** Code-unit order: stable across locales and runtimes. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An address without its prefix length: `10.0.0.5/24` → `10.0.0.5`. */
export function withoutMask(address: string): string {
  const slash = address.indexOf('/');
  return slash === -1 ? address : address.slice(0, slash);
}

/**
 * The host's primary IP as NetBox reports `primary_ip` with its default `PREFER_IPV4 = False`:
 * the IPv6 primary when set, else the IPv4 one.
 */
export function primaryIp(host: Host, lookups: Lookups): IpAddress | null {
  const v6 = host.object.primaryIp6Id === null ? undefined : lookups.ips.get(host.object.primaryIp6Id);
  const v4 = host.object.primaryIp4Id === null ? undefined : lookups.ips.get(host.object.primaryIp4Id);
  return v6 ?? v4 ?? null;
}

/** The most specific prefix (same VRF) that contains the address, or `null`. */
export function containingPrefix(ip: IpAddress, lookups: Lookups): Prefix | null {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(withoutMask(ip.address));
  } catch {
    return null;
  }
  for (const candidate of lookups.prefixes) {
    if (candidate.prefix.vrfId !== ip.vrfId) continue;
    if (candidate.network.kind() !== address.kind()) continue;
    if (address.match(candidate.network, candidate.length)) return candidate.prefix;
  }
  return null;
}

/**
 * The gateway of a prefix (DESIGN §5): its custom field `gateway` (mask dropped), else its first
 * host address.
 */
export function gatewayOf(prefix: Prefix): string | null {
  const custom = prefix.customFields.gateway;
  if (typeof custom === 'string' && custom.trim() !== '') return withoutMask(custom.trim());
  try {
    const [address, length] = ipaddr.parseCIDR(prefix.prefix);
    const network =
      address.kind() === 'ipv4'
        ? ipaddr.IPv4.networkAddressFromCIDR(prefix.prefix)
        : ipaddr.IPv6.networkAddressFromCIDR(prefix.prefix);
    const bytes = network.toByteArray();
    const width = bytes.length * 8;
    // /31, /32 (and /127, /128) have no network address to skip.
    if (width - length > 1) {
      for (let i = bytes.length - 1; i >= 0; i--) {
        const next = (bytes[i] ?? 0) + 1;
        bytes[i] = next & 0xff;
        if (next <= 0xff) break;
      }
    }
    return ipaddr.fromByteArray(bytes).toString();
  } catch {
    return null;
  }
}
