import { CHOICES, field, type ModelDef, type RenderContext } from '../schema.js';
import type { JsonObject, StoredRecord } from '../types.js';
import { atLeast } from '../version.js';
import {
  alwaysNull,
  checkPrimaryIps,
  countOf,
  PRIMARY_IP_KEYS,
  primaryIp,
  scope,
  siteFromScope,
  TAIL,
} from './common.js';
import { macFilter } from './dcim.js';

/** NetBox < 4.1 counts disk sizes in GB; the 4.1 migration multiplied them by 1000 (MB). */
export function sizeToWire(megabytes: unknown, ctx: RenderContext): unknown {
  if (typeof megabytes !== 'number' || atLeast(ctx.version, '4.1')) return megabytes ?? null;
  return Math.round(megabytes / 1000);
}

export function sizeFromWire(body: JsonObject, key: string, ctx: RenderContext): JsonObject {
  const value = body[key];
  if (atLeast(ctx.version, '4.1') || typeof value !== 'number') return body;
  return { ...body, [key]: value * 1000 };
}

function disksTotal(ctx: RenderContext, vmId: number): number {
  return ctx.store
    .referencing('virtualization.virtualdisk', 'virtual_machine', vmId)
    .reduce((sum, disk) => sum + (disk['size'] as number), 0);
}

function vmsOf(ctx: RenderContext, clusterId: number): readonly StoredRecord[] {
  return ctx.store.referencing('virtualization.virtualmachine', 'cluster', clusterId);
}

export const cluster: ModelDef = {
  type: 'virtualization.cluster',
  className: 'Cluster',
  path: 'virtualization/clusters',
  fields: {
    name: field.str({ required: true }),
    type: field.fk('virtualization.clustertype', { required: true, onDelete: 'protect' }),
    group: field.fk('virtualization.clustergroup', { onDelete: 'protect' }),
    status: field.choice(CHOICES.clusterStatus, { default: 'active' }),
    tenant: field.fk('tenancy.tenant', { onDelete: 'protect' }),
    scope_type: { kind: 'generic-type', allowed: ['dcim.site'], idField: 'scope_id', onDelete: 'set-null' },
    scope_id: { kind: 'generic-id' },
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'name',
    'type',
    'group',
    'status',
    'tenant',
    'scope_type',
    'scope_id',
    'scope',
    'site',
    'description',
    ...TAIL,
    'device_count',
    'virtualmachine_count',
    'allocated_vcpus',
    'allocated_memory',
    'allocated_disk',
  ],
  keySince: {
    scope_type: '4.2',
    scope_id: '4.2',
    scope: '4.2',
    allocated_vcpus: '4.2',
    allocated_memory: '4.2',
    allocated_disk: '4.2',
  },
  keyUntil: { site: '4.2' },
  computed: {
    scope,
    site: siteFromScope,
    device_count: countOf('dcim.device', 'cluster'),
    virtualmachine_count: countOf('virtualization.virtualmachine', 'cluster'),
    allocated_vcpus: (record, ctx) => sumOf(vmsOf(ctx, record.id), 'vcpus'),
    allocated_memory: (record, ctx) => sumOf(vmsOf(ctx, record.id), 'memory'),
    allocated_disk: (record, ctx) => sumOf(vmsOf(ctx, record.id), 'disk'),
  },
  brief: ['id', 'url', 'display', 'name', 'description', 'virtualmachine_count'],
  counts: ['device_count', 'virtualmachine_count'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'description'],
  compare: (a, b) => String(a['name']).localeCompare(String(b['name'])) || a.id - b.id,
  filters: {
    site_id: {
      build: (values) => (record) =>
        record['scope_type'] === 'dcim.site' && values.includes(String(record['scope_id'])),
    },
  },
  fromWire(body, ctx) {
    if (atLeast(ctx.version, '4.2') || !('site' in body)) return body;
    const { site, ...rest } = body;
    return { ...rest, scope_type: site === null ? null : 'dcim.site', scope_id: site };
  },
};

function sumOf(records: readonly StoredRecord[], key: string): number | null {
  const values = records
    .map((record) => record[key])
    .filter((value): value is number => typeof value === 'number');
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0);
}

export const virtualMachine: ModelDef = {
  type: 'virtualization.virtualmachine',
  className: 'VirtualMachine',
  path: 'virtualization/virtual-machines',
  fields: {
    name: field.str({ required: true }),
    role: field.fk('dcim.devicerole', { onDelete: 'set-null' }),
    status: field.choice(CHOICES.vmStatus, { default: 'active' }),
    start_on_boot: field.choice(CHOICES.startOnBoot, { default: 'off' }),
    site: field.fk('dcim.site', { onDelete: 'protect' }),
    cluster: field.fk('virtualization.cluster', { onDelete: 'protect' }),
    device: field.fk('dcim.device', { onDelete: 'protect' }),
    platform: field.fk('dcim.platform', { onDelete: 'set-null' }),
    primary_ip4: field.fk('ipam.ipaddress', { onDelete: 'set-null', nested: PRIMARY_IP_KEYS }),
    primary_ip6: field.fk('ipam.ipaddress', { onDelete: 'set-null', nested: PRIMARY_IP_KEYS }),
    vcpus: field.decimal({ nullable: true, min: 0.01 }),
    memory: field.int({ nullable: true, min: 0 }),
    disk: field.int({ nullable: true, min: 0 }),
    description: field.str({ default: '' }),
    serial: field.str({ default: '' }),
    tenant: field.fk('tenancy.tenant', { onDelete: 'protect' }),
    comments: field.str({ default: '' }),
    local_context_data: field.json(null),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'name',
    'virtual_machine_type',
    'role',
    'status',
    'start_on_boot',
    'site',
    'cluster',
    'device',
    'platform',
    'primary_ip',
    'primary_ip4',
    'primary_ip6',
    'vcpus',
    'memory',
    'disk',
    'description',
    'serial',
    'tenant',
    'owner',
    'comments',
    'tags',
    'local_context_data',
    'config_template',
    'custom_fields',
    'created',
    'last_updated',
    'interface_count',
    'virtual_disk_count',
    'config_context',
  ],
  keySince: { virtual_machine_type: '4.6', start_on_boot: '4.5' },
  computed: {
    ...alwaysNull('virtual_machine_type', 'config_template'),
    primary_ip: primaryIp,
    disk: (record, ctx) => sizeToWire(record['disk'], ctx),
    config_context: (record) => record['local_context_data'] ?? {},
    interface_count: countOf('virtualization.vminterface', 'virtual_machine'),
    virtual_disk_count: countOf('virtualization.virtualdisk', 'virtual_machine'),
  },
  brief: ['id', 'url', 'display', 'name', 'description'],
  counts: ['interface_count', 'virtual_disk_count'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'description', 'serial'],
  compare: (a, b) => String(a['name']).localeCompare(String(b['name'])) || a.id - b.id,
  filters: {
    mac_address: macFilter(
      (mac, record, ctx) =>
        mac['assigned_object_type'] === 'virtualization.vminterface' &&
        ctx.store.get('virtualization.vminterface', mac['assigned_object_id'] as number)?.[
          'virtual_machine'
        ] === record.id,
    ),
    has_primary_ip: {
      build: (values) => (record) =>
        values.some(
          (value) =>
            (value.toLowerCase() === 'true') ===
            (record['primary_ip4'] != null || record['primary_ip6'] != null),
        ),
    },
  },
  fromWire: (body, ctx) => sizeFromWire(body, 'disk', ctx),
  clean(candidate, previous, ctx) {
    if (candidate['site'] == null && candidate['cluster'] == null && candidate['device'] == null) {
      return { non_field_errors: ['A virtual machine must be assigned to a site, cluster, or device.'] };
    }
    const name = String(candidate['name']).toLowerCase();
    const siblings =
      candidate['cluster'] != null
        ? ctx.store.referencing('virtualization.virtualmachine', 'cluster', candidate['cluster'] as number)
        : ctx.store
            .byId('virtualization.virtualmachine')
            .filter((vm) => vm['cluster'] == null && vm['device'] === candidate['device']);
    const clash = siblings.find(
      (other) =>
        other.id !== candidate.id &&
        String(other['name']).toLowerCase() === name &&
        (other['tenant'] ?? null) === (candidate['tenant'] ?? null),
    );
    if (clash) return { non_field_errors: ['Virtual machine name must be unique per cluster.'] };
    if (previous) {
      const total = disksTotal(ctx, candidate.id);
      if (total > 0 && candidate['disk'] == null) candidate['disk'] = total;
      else if (total > 0 && candidate['disk'] !== total) {
        const shown = (value: unknown): string => String(sizeToWire(value, ctx));
        return {
          disk: [
            `The specified disk size (${shown(candidate['disk'])}) must match the aggregate size of assigned virtual disks (${shown(total)}).`,
          ],
        };
      }
    }
    const errors = checkPrimaryIps(candidate, 'virtual_machine', ctx);
    return Object.keys(errors).length > 0 ? errors : undefined;
  },
};
