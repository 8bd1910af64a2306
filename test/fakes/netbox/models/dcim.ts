import { nested } from '../serialize.js';
import { CHOICES, field, type ModelDef, type RenderContext, type SpecialFilter } from '../schema.js';
import type { FieldErrors, ObjectType, StoredRecord } from '../types.js';
import { alwaysEmpty, alwaysNull, checkPrimaryIps, countOf, PRIMARY_IP_KEYS, primaryIp } from './common.js';

/** Normalise a MAC address to NetBox's output form `AA:BB:CC:DD:EE:FF`; `null` when invalid. */
export function normaliseMac(value: string): string | null {
  const hex = value.trim().replace(/[-:.]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return null;
  return hex.toUpperCase().match(/../g)!.join(':');
}

/** MAC objects assigned to an interface (device or VM). */
export function macsOf(ctx: RenderContext, ifaceType: ObjectType, ifaceId: number): readonly StoredRecord[] {
  return ctx.store.assignedTo('dcim.macaddress', ifaceType, ifaceId);
}

export const MAC_KEYS = ['id', 'url', 'display', 'mac_address', 'description'] as const;

/** Interface keys shared by device and VM interfaces for MACs (4.2+ objects, plain string before). */
export function macComputed(ifaceType: ObjectType): ModelDef['computed'] {
  return {
    mac_address: (record, ctx) => {
      const primary =
        typeof record['primary_mac_address'] === 'number'
          ? ctx.store.get('dcim.macaddress', record['primary_mac_address'])
          : undefined;
      return (primary?.['mac_address'] as string | undefined) ?? null;
    },
    mac_addresses: (record, ctx) =>
      macsOf(ctx, ifaceType, record.id).map((mac) => nested(ctx, 'dcim.macaddress', mac.id)),
    count_ipaddresses: (record, ctx) => ctx.store.assignedTo('ipam.ipaddress', ifaceType, record.id).length,
    count_fhrp_groups: () => 0,
  };
}

/** Filter interfaces (or their hosts) by any assigned MAC, in any notation. */
export function macFilter(
  match: (mac: StoredRecord, record: StoredRecord, ctx: RenderContext) => boolean,
): SpecialFilter {
  return {
    build(values, ctx) {
      const wanted = new Set(values.map((value) => normaliseMac(value)).filter((value) => value !== null));
      const macs = ctx.store.byId('dcim.macaddress').filter((mac) => wanted.has(String(mac['mac_address'])));
      return (record) => macs.some((mac) => match(mac, record, ctx));
    },
  };
}

/**
 * `primary_mac_address` may be unassigned (it is then assigned on interface create) or one of
 * the interface's own MAC objects. Also NetBox's save() quirk: no mode → no untagged VLAN,
 * mode other than `tagged` → no tagged VLANs.
 */
export function cleanInterface(
  candidate: StoredRecord,
  ifaceType: ObjectType,
  ctx: RenderContext,
): FieldErrors | undefined {
  if (!candidate['mode']) candidate['untagged_vlan'] = null;
  if (candidate['mode'] !== 'tagged') candidate['tagged_vlans'] = [];
  const id = candidate['primary_mac_address'];
  if (typeof id !== 'number') return undefined;
  const mac = ctx.store.get('dcim.macaddress', id);
  const ownerType = mac?.['assigned_object_type'];
  const ownerId = mac?.['assigned_object_id'];
  if (ownerType == null || (ownerType === ifaceType && ownerId === candidate.id)) return undefined;
  const owner = ctx.store.get(ownerType as ObjectType, ownerId as number);
  return {
    primary_mac_address: [
      `MAC address ${String(mac?.['mac_address'])} is assigned to a different interface (${String(owner?.['name'])}).`,
    ],
  };
}

export const device: ModelDef = {
  type: 'dcim.device',
  className: 'Device',
  path: 'dcim/devices',
  fields: {
    name: field.str({ nullable: true, default: null }),
    device_type: field.fk('dcim.devicetype', { required: true, onDelete: 'protect' }),
    role: field.fk('dcim.devicerole', { required: true, onDelete: 'protect' }),
    tenant: field.fk('tenancy.tenant', { onDelete: 'protect' }),
    platform: field.fk('dcim.platform', { onDelete: 'set-null' }),
    serial: field.str({ default: '' }),
    asset_tag: field.str({ nullable: true, default: null }),
    site: field.fk('dcim.site', { required: true, onDelete: 'protect' }),
    status: field.choice(CHOICES.deviceStatus, { default: 'active' }),
    primary_ip4: field.fk('ipam.ipaddress', { onDelete: 'set-null', nested: PRIMARY_IP_KEYS }),
    primary_ip6: field.fk('ipam.ipaddress', { onDelete: 'set-null', nested: PRIMARY_IP_KEYS }),
    oob_ip: field.fk('ipam.ipaddress', { onDelete: 'set-null', nested: PRIMARY_IP_KEYS }),
    cluster: field.fk('virtualization.cluster', { onDelete: 'set-null' }),
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
    local_context_data: field.json(null),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'name',
    'device_type',
    'role',
    'tenant',
    'platform',
    'serial',
    'asset_tag',
    'site',
    'location',
    'rack',
    'position',
    'face',
    'latitude',
    'longitude',
    'parent_device',
    'status',
    'airflow',
    'primary_ip',
    'primary_ip4',
    'primary_ip6',
    'oob_ip',
    'cluster',
    'virtual_chassis',
    'vc_position',
    'vc_priority',
    'description',
    'owner',
    'comments',
    'config_template',
    'config_context',
    'local_context_data',
    'tags',
    'custom_fields',
    'created',
    'last_updated',
    'interface_count',
  ],
  computed: {
    ...alwaysNull(
      'location',
      'rack',
      'position',
      'face',
      'latitude',
      'longitude',
      'parent_device',
      'airflow',
    ),
    ...alwaysNull('virtual_chassis', 'vc_position', 'vc_priority', 'config_template'),
    primary_ip: primaryIp,
    config_context: (record) => record['local_context_data'] ?? {},
    interface_count: countOf('dcim.interface', 'device'),
  },
  brief: ['id', 'url', 'display', 'name', 'description'],
  counts: ['interface_count'],
  display: (record, ctx) => {
    if (record['name']) return String(record['name']);
    const type = ctx.store.get('dcim.devicetype', record['device_type'] as number);
    return `${String(type?.['model'] ?? 'Device')} (${record.id})`;
  },
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'serial', 'asset_tag', 'description'],
  compare: (a, b) => String(a['name'] ?? '').localeCompare(String(b['name'] ?? '')) || a.id - b.id,
  filters: {
    mac_address: macFilter(
      (mac, record, ctx) =>
        mac['assigned_object_type'] === 'dcim.interface' &&
        ctx.store.get('dcim.interface', mac['assigned_object_id'] as number)?.['device'] === record.id,
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
  clean(candidate, _previous, ctx) {
    const name = candidate['name'];
    if (typeof name === 'string' && name !== '') {
      const clash = ctx.store
        .referencing('dcim.device', 'site', candidate['site'] as number)
        .find(
          (other) =>
            other.id !== candidate.id &&
            String(other['name'] ?? '').toLowerCase() === name.toLowerCase() &&
            (other['tenant'] ?? null) === (candidate['tenant'] ?? null),
        );
      if (clash) return { non_field_errors: ['Device name must be unique per site.'] };
    }
    const errors = checkPrimaryIps(candidate, 'device', ctx);
    return Object.keys(errors).length > 0 ? errors : undefined;
  },
};

export const iface: ModelDef = {
  type: 'dcim.interface',
  className: 'Interface',
  path: 'dcim/interfaces',
  fields: {
    device: field.fk('dcim.device', { required: true, onDelete: 'cascade' }),
    name: field.str({ required: true }),
    label: field.str({ default: '' }),
    type: field.choice(CHOICES.interfaceType, { required: true }),
    enabled: field.bool(true),
    parent: field.fk('dcim.interface', { onDelete: 'set-null' }),
    bridge: field.fk('dcim.interface', { onDelete: 'set-null' }),
    lag: field.fk('dcim.interface', { onDelete: 'set-null' }),
    mtu: field.int({ nullable: true, min: 1, max: 65536 }),
    primary_mac_address: field.fk('dcim.macaddress', { onDelete: 'set-null', nested: MAC_KEYS }),
    speed: field.int({ nullable: true, min: 0 }),
    mgmt_only: field.bool(false),
    description: field.str({ default: '' }),
    mode: field.choice(CHOICES.interfaceMode, { nullable: true, default: null }),
    untagged_vlan: field.fk('ipam.vlan', { onDelete: 'set-null' }),
    tagged_vlans: field.m2m('ipam.vlan'),
    vrf: field.fk('ipam.vrf', { onDelete: 'set-null' }),
    mark_connected: field.bool(false),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'device',
    'vdcs',
    'module',
    'name',
    'label',
    'type',
    'enabled',
    'parent',
    'bridge',
    'lag',
    'mtu',
    'mac_address',
    'primary_mac_address',
    'mac_addresses',
    'speed',
    'duplex',
    'wwn',
    'mgmt_only',
    'description',
    'mode',
    'untagged_vlan',
    'tagged_vlans',
    'qinq_svlan',
    'vlan_translation_policy',
    'mark_connected',
    'cable',
    'cable_end',
    'link_peers',
    'link_peers_type',
    'vrf',
    'l2vpn_termination',
    'connected_endpoints',
    'connected_endpoints_type',
    'connected_endpoints_reachable',
    'owner',
    'tags',
    'custom_fields',
    'created',
    'last_updated',
    'count_ipaddresses',
    'count_fhrp_groups',
    '_occupied',
  ],
  keySince: {
    primary_mac_address: '4.2',
    mac_addresses: '4.2',
    qinq_svlan: '4.2',
    vlan_translation_policy: '4.2',
  },
  computed: {
    ...macComputed('dcim.interface'),
    ...alwaysNull('module', 'duplex', 'wwn', 'qinq_svlan', 'vlan_translation_policy', 'cable', 'cable_end'),
    ...alwaysNull('link_peers_type', 'l2vpn_termination', 'connected_endpoints', 'connected_endpoints_type'),
    ...alwaysNull('connected_endpoints_reachable'),
    ...alwaysEmpty('vdcs', 'link_peers'),
    _occupied: () => false,
  },
  brief: ['id', 'url', 'display', 'device', 'name', 'description', 'cable', '_occupied'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'label', 'description'],
  compare: (a, b) =>
    (a['device'] as number) - (b['device'] as number) ||
    String(a['name']).localeCompare(String(b['name']), undefined, { numeric: true }) ||
    a.id - b.id,
  filters: {
    mac_address: macFilter(
      (mac, record) =>
        mac['assigned_object_type'] === 'dcim.interface' && mac['assigned_object_id'] === record.id,
    ),
  },
  clean(candidate, _previous, ctx) {
    const clash = ctx.store
      .referencing('dcim.interface', 'device', candidate['device'] as number)
      .find((other) => other.id !== candidate.id && other['name'] === candidate['name']);
    if (clash) return { non_field_errors: ['Interface with this Device and Name already exists.'] };
    return cleanInterface(candidate, 'dcim.interface', ctx);
  },
};
