import type { Inventory } from '../../model/inventory.js';
import type { Skipped } from '../../model/resource.js';
import { headerText } from './header.js';
import { emitYaml, type YamlValue } from './yaml-emit.js';
import {
  buildLookups,
  compare,
  inventoryHosts,
  primaryIp,
  withoutMask,
  type Host,
  type Lookups,
} from './lookups.js';

/**
 * The Ansible YAML inventory, shaped like what the netbox.netbox `nb_inventory` plugin builds with
 * its defaults (`plurals: true`) and `group_by: [sites, device_roles, platforms, tags, cluster,
 * tenants]`: group `<grouping>_<slug>` (cluster: `cluster_<name>`), hostvars with plural keys
 * holding one-element lists (`sites: [home]`), `tags` the list of slugs, `status` the choice
 * object, `ansible_host` / `primary_ip4` / `primary_ip6` without prefix length. Added by nbsync:
 * `netbox_id`. Not rendered (nbsync does not load them): regions, locations, racks, services,
 * config contexts, manufacturers, serials.
 */
export interface AnsibleRendering {
  readonly content: string;
  readonly hosts: number;
  readonly groups: number;
  readonly skipped: readonly Skipped[];
}

type Json = YamlValue;

export function renderAnsibleInventory(inventory: Inventory, instance: string): AnsibleRendering {
  const lookups = buildLookups(inventory);
  const { hosts, skipped } = inventoryHosts(inventory);
  const hostvars = new Map<string, Json>();
  const groups = new Map<string, Set<string>>();
  for (const host of hosts) {
    const name = host.object.name;
    hostvars.set(name, hostVariables(host, lookups));
    for (const group of groupsOf(host, lookups)) {
      const members = groups.get(group) ?? new Set<string>();
      members.add(name);
      groups.set(group, members);
    }
  }

  const children: Record<string, Json> = {};
  for (const group of sortedKeys(groups)) {
    const members: Record<string, Json> = {};
    for (const member of [...(groups.get(group) ?? [])].sort(compare)) members[member] = null;
    children[group] = { hosts: members };
  }
  const hostsNode: Record<string, Json> = {};
  for (const name of sortedKeys(hostvars)) hostsNode[name] = hostvars.get(name) ?? null;
  const all: Record<string, Json> = {};
  if (groups.size > 0) all.children = children;
  if (hostvars.size > 0) all.hosts = hostsNode;

  const body = emitYaml({ all });
  return {
    content: `# ${headerText(instance)}\n${body}`,
    hosts: hostvars.size,
    groups: groups.size,
    skipped,
  };
}

/** The groups one host belongs to, in `group_by` order. */
function groupsOf(host: Host, lookups: Lookups): string[] {
  const object = host.object;
  const groups: string[] = [];
  if (object.site) groups.push(`sites_${object.site.slug}`);
  if (object.role) groups.push(`device_roles_${object.role.slug}`);
  if (object.platform) groups.push(`platforms_${object.platform.slug}`);
  for (const tag of object.tags) groups.push(`tags_${tag}`);
  const cluster = object.clusterId === null ? undefined : lookups.clusters.get(object.clusterId);
  if (cluster) groups.push(`cluster_${cluster.name}`);
  if (object.tenant) groups.push(`tenants_${object.tenant.slug}`);
  return groups;
}

function hostVariables(host: Host, lookups: Lookups): Json {
  const object = host.object;
  const vars: Record<string, Json> = {};
  const primary = primaryIp(host, lookups);
  if (primary) vars.ansible_host = withoutMask(primary.address);
  const ip4 = object.primaryIp4Id === null ? undefined : lookups.ips.get(object.primaryIp4Id);
  const ip6 = object.primaryIp6Id === null ? undefined : lookups.ips.get(object.primaryIp6Id);
  if (ip4) vars.primary_ip4 = withoutMask(ip4.address);
  if (ip6) vars.primary_ip6 = withoutMask(ip6.address);
  const cluster = object.clusterId === null ? undefined : lookups.clusters.get(object.clusterId);
  if (cluster) {
    vars.cluster = cluster.name;
    if (cluster.type) vars.cluster_type = cluster.type.slug;
    if (cluster.group) vars.cluster_group = cluster.group.slug;
  }
  vars.custom_fields = toJson(object.customFields);
  if (object.role) vars.device_roles = [object.role.slug];
  if (host.kind === 'device') {
    vars.device_types = [host.object.deviceType];
  } else {
    if (host.object.diskMb !== null) vars.disk = host.object.diskMb;
    if (host.object.memoryMb !== null) vars.memory = host.object.memoryMb;
    if (host.object.vcpus !== null) vars.vcpus = host.object.vcpus;
  }
  vars.is_virtual = host.kind === 'vm';
  vars.netbox_id = object.id;
  if (object.platform) vars.platforms = [object.platform.slug];
  if (object.site) vars.sites = [object.site.slug];
  vars.status = { label: statusLabel(object.status), value: object.status };
  vars.tags = [...object.tags];
  if (object.tenant) vars.tenants = [object.tenant.slug];
  return sortObject(vars);
}

/** NetBox's labels for the built-in statuses are the capitalised values. */
function statusLabel(value: string): string {
  return value === '' ? '' : `${value.charAt(0).toUpperCase()}${value.slice(1)}`;
}

/** Plain JSON with every object's keys sorted (custom fields may hold any JSON). */
function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort(compare))
      out[key] = toJson((value as Record<string, unknown>)[key]);
    return out;
  }
  return String(value);
}

function sortObject(record: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(record).sort(compare)) out[key] = record[key] ?? null;
  return out;
}

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort(compare);
}
