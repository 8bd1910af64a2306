// NetBox objects (already parsed by ./schemas.ts) → the normalised inventory objects of
// src/model/inventory.ts. Pure; every version difference is settled here (NETBOX-MODELS.md).
import type { z } from 'zod';
import type {
  Cluster,
  Device,
  Interface,
  IpAddress,
  NamedRef,
  Prefix,
  Tag,
  VirtualDisk,
  VirtualMachine,
  Vlan,
  VlanGroup,
} from '../../model/inventory.js';
import type {
  clusterSchema,
  deviceSchema,
  interfaceSchemas,
  ipAddressSchema,
  prefixSchema,
  tagSchema,
  virtualDiskSchema,
  virtualMachineSchema,
  vlanGroupSchema,
  vlanSchema,
  vmInterfaceSchemas,
} from './schemas.js';
import type { Capabilities } from './version.js';

type Parsed<S extends z.ZodType> = z.infer<S>;
type AnyInterface =
  | Parsed<(typeof interfaceSchemas)[keyof typeof interfaceSchemas]>
  | Parsed<(typeof vmInterfaceSchemas)[keyof typeof vmInterfaceSchemas]>;

/** 4.1 changed disk units from GB to MB; NetBox's own migration multiplied by 1000. */
const MB_PER_GB = 1000;

/** `AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff`, `AABBCCDDEEFF` → `aa:bb:cc:dd:ee:ff`. */
export function normaliseMac(mac: string): string {
  const hex = mac.replace(/[^0-9A-Fa-f]/g, '').toLowerCase();
  return hex.match(/../g)?.join(':') ?? hex;
}

/** NetBox lower-cases dns_name on save but keeps a trailing dot if one was typed. */
export function normaliseDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, '');
}

/** Decimal vCPU count (`"2.00"` or `2`) → number. */
export function vcpusToNumber(vcpus: string | number | null): number | null {
  return vcpus === null ? null : Number(vcpus);
}

const ref = (r: { id: number } | null): number | null => (r === null ? null : r.id);
const named = (r: { id: number; name: string; slug: string } | null): NamedRef | null =>
  r === null ? null : { id: r.id, name: r.name, slug: r.slug };
const slugs = (tags: readonly { slug: string }[]): string[] => tags.map((t) => t.slug).sort();
/** Blank choices come back as null or as `{value: ""}` depending on the field and version. */
const choiceOrNull = (c: { value: string } | null): string | null =>
  c === null || c.value === '' ? null : c.value;

export function mapPrefix(p: Parsed<typeof prefixSchema>): Prefix {
  return {
    id: p.id,
    prefix: p.prefix,
    family: p.family.value,
    vrfId: ref(p.vrf),
    status: p.status.value,
    vlanId: ref(p.vlan),
    tenant: named(p.tenant),
    isPool: p.is_pool,
    tags: slugs(p.tags),
    customFields: p.custom_fields,
  };
}

export function mapIpAddress(ip: Parsed<typeof ipAddressSchema>): IpAddress {
  const assigned =
    ip.assigned_object_type !== null && ip.assigned_object_id !== null
      ? { type: ip.assigned_object_type, id: ip.assigned_object_id }
      : null;
  return {
    id: ip.id,
    address: ip.address,
    family: ip.family.value,
    vrfId: ref(ip.vrf),
    status: ip.status.value,
    role: choiceOrNull(ip.role),
    dnsName: normaliseDnsName(ip.dns_name),
    assigned,
    tenant: named(ip.tenant),
    description: ip.description,
    tags: slugs(ip.tags),
    customFields: ip.custom_fields,
  };
}

export function mapVlan(v: Parsed<typeof vlanSchema>): Vlan {
  return {
    id: v.id,
    vid: v.vid,
    name: v.name,
    groupId: ref(v.group),
    siteId: ref(v.site),
    status: v.status.value,
  };
}

export function mapVlanGroup(g: Parsed<typeof vlanGroupSchema>): VlanGroup {
  return { id: g.id, name: g.name, slug: g.slug };
}

type HostInput = Parsed<typeof deviceSchema> | Parsed<typeof virtualMachineSchema>;

function hostCommon(h: HostInput) {
  return {
    id: h.id,
    name: h.name ?? '',
    status: h.status.value,
    site: named(h.site),
    tenant: named(h.tenant),
    role: named(h.role),
    platform: named(h.platform),
    primaryIp4Id: ref(h.primary_ip4),
    primaryIp6Id: ref(h.primary_ip6),
    description: h.description,
    tags: slugs(h.tags),
    customFields: h.custom_fields,
  };
}

export function mapDevice(d: Parsed<typeof deviceSchema>): Device {
  // The device type slug: what the Ansible inventory plugin groups by.
  return { ...hostCommon(d), deviceType: d.device_type.slug, clusterId: ref(d.cluster) };
}

export function mapVirtualMachine(
  vm: Parsed<typeof virtualMachineSchema>,
  caps: Capabilities,
): VirtualMachine {
  return {
    ...hostCommon(vm),
    clusterId: ref(vm.cluster),
    vcpus: vcpusToNumber(vm.vcpus),
    memoryMb: vm.memory,
    diskMb: vm.disk === null ? null : caps.diskInGb ? vm.disk * MB_PER_GB : vm.disk,
  };
}

export function mapInterface(i: AnyInterface): Interface {
  const parent =
    'device' in i
      ? { parentType: 'device' as const, parentId: i.device.id }
      : { parentType: 'virtualMachine' as const, parentId: i.virtual_machine.id };
  const raw = 'primary_mac_address' in i ? (i.primary_mac_address?.mac_address ?? null) : i.mac_address;
  return {
    id: i.id,
    ...parent,
    name: i.name,
    enabled: i.enabled,
    mac: raw === null ? null : normaliseMac(raw),
    mode: choiceOrNull(i.mode),
    untaggedVlanId: ref(i.untagged_vlan),
    taggedVlanIds: i.tagged_vlans.map((v) => v.id).sort((a, b) => a - b),
  };
}

export function mapVirtualDisk(d: Parsed<typeof virtualDiskSchema>, caps: Capabilities): VirtualDisk {
  return {
    id: d.id,
    vmId: d.virtual_machine.id,
    name: d.name,
    sizeMb: caps.diskInGb ? d.size * MB_PER_GB : d.size,
  };
}

export function mapCluster(c: Parsed<typeof clusterSchema>): Cluster {
  return { id: c.id, name: c.name, type: named(c.type), group: named(c.group), status: c.status.value };
}

export function mapTag(t: Parsed<typeof tagSchema>): Tag {
  return { id: t.id, name: t.name, slug: t.slug };
}
