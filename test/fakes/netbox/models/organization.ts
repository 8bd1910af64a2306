import { CHOICES, NAME_SLUG, field, type FieldSpec, type ModelDef, type RenderContext } from '../schema.js';
import type { ObjectType, StoredRecord } from '../types.js';
import { countOf } from './common.js';

interface SimpleOptions {
  type: ObjectType;
  className: string;
  path: string;
  extraFields?: Record<string, FieldSpec>;
  /** Keys after `slug` in the layout. */
  extraLayout?: string[];
  counts?: Record<string, [ObjectType, string]>;
  brief?: string[];
  computed?: ModelDef['computed'];
}

/** A name/slug model (site, tenant, role, platform, cluster type…). */
function simple(options: SimpleOptions): ModelDef {
  const counts = options.counts ?? {};
  const computed: Record<string, (record: StoredRecord, ctx: RenderContext) => unknown> = {
    ...options.computed,
  };
  for (const [key, [type, fieldName]] of Object.entries(counts)) computed[key] = countOf(type, fieldName);
  return {
    type: options.type,
    className: options.className,
    path: options.path,
    fields: { ...NAME_SLUG, ...options.extraFields, comments: field.str({ default: '' }) },
    layout: [
      'id',
      'url',
      'display_url',
      'display',
      'name',
      'slug',
      ...(options.extraLayout ?? []),
      'description',
      'owner',
      'comments',
      'tags',
      'custom_fields',
      'created',
      'last_updated',
      ...Object.keys(counts),
    ],
    computed,
    brief: options.brief ?? ['id', 'url', 'display', 'name', 'slug', 'description'],
    counts: Object.keys(counts),
    display: (record) => String(record['name']),
    tags: true,
    customFields: true,
    lookupField: 'slug',
    search: ['name', 'slug', 'description'],
  };
}

export const site = simple({
  type: 'dcim.site',
  className: 'Site',
  path: 'dcim/sites',
  extraFields: {
    status: field.choice(CHOICES.siteStatus, { default: 'active' }),
    tenant: field.fk('tenancy.tenant', { onDelete: 'set-null' }),
    facility: field.str({ default: '' }),
    time_zone: field.str({ nullable: true, default: null }),
  },
  extraLayout: ['status', 'tenant', 'facility', 'time_zone'],
  counts: {
    device_count: ['dcim.device', 'site'],
    vlan_count: ['ipam.vlan', 'site'],
    virtualmachine_count: ['virtualization.virtualmachine', 'site'],
  },
});

export const tenant = simple({ type: 'tenancy.tenant', className: 'Tenant', path: 'tenancy/tenants' });

export const ipamRole = simple({
  type: 'ipam.role',
  className: 'Role',
  path: 'ipam/roles',
  extraFields: { weight: field.int({ default: 1000 }) },
  extraLayout: ['weight'],
  counts: { prefix_count: ['ipam.prefix', 'role'], vlan_count: ['ipam.vlan', 'role'] },
});

export const manufacturer = simple({
  type: 'dcim.manufacturer',
  className: 'Manufacturer',
  path: 'dcim/manufacturers',
  counts: { devicetype_count: ['dcim.devicetype', 'manufacturer'] },
});

export const deviceRole = simple({
  type: 'dcim.devicerole',
  className: 'DeviceRole',
  path: 'dcim/device-roles',
  extraFields: { color: field.str({ default: '9e9e9e' }), vm_role: field.bool(true) },
  extraLayout: ['color', 'vm_role', '_depth'],
  computed: { _depth: () => 0 },
  brief: ['id', 'url', 'display', 'name', 'slug', 'description', '_depth'],
  counts: {
    device_count: ['dcim.device', 'role'],
    virtualmachine_count: ['virtualization.virtualmachine', 'role'],
  },
});

export const platform = simple({
  type: 'dcim.platform',
  className: 'Platform',
  path: 'dcim/platforms',
  extraFields: { manufacturer: field.fk('dcim.manufacturer', { onDelete: 'set-null' }) },
  extraLayout: ['manufacturer', '_depth'],
  computed: { _depth: () => 0 },
  brief: ['id', 'url', 'display', 'name', 'slug', 'description', '_depth'],
  counts: {
    device_count: ['dcim.device', 'platform'],
    virtualmachine_count: ['virtualization.virtualmachine', 'platform'],
  },
});

export const clusterType = simple({
  type: 'virtualization.clustertype',
  className: 'ClusterType',
  path: 'virtualization/cluster-types',
  counts: { cluster_count: ['virtualization.cluster', 'type'] },
  brief: ['id', 'url', 'display', 'name', 'slug', 'description', 'cluster_count'],
});

export const clusterGroup = simple({
  type: 'virtualization.clustergroup',
  className: 'ClusterGroup',
  path: 'virtualization/cluster-groups',
  counts: { cluster_count: ['virtualization.cluster', 'group'] },
  brief: ['id', 'url', 'display', 'name', 'slug', 'description', 'cluster_count'],
});

export const deviceType: ModelDef = {
  type: 'dcim.devicetype',
  className: 'DeviceType',
  path: 'dcim/device-types',
  fields: {
    manufacturer: field.fk('dcim.manufacturer', { required: true, onDelete: 'protect' }),
    model: field.str({ required: true }),
    slug: field.str({ required: true }),
    u_height: field.decimal({ min: 0 }),
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'manufacturer',
    'model',
    'slug',
    'u_height',
    'description',
    'owner',
    'comments',
    'tags',
    'custom_fields',
    'created',
    'last_updated',
    'device_count',
  ],
  computed: { device_count: countOf('dcim.device', 'device_type') },
  brief: ['id', 'url', 'display', 'manufacturer', 'model', 'slug', 'description', 'device_count'],
  counts: ['device_count'],
  display: (record) => String(record['model']),
  tags: true,
  customFields: true,
  lookupField: 'slug',
  search: ['model', 'slug', 'description'],
};

export const vrf: ModelDef = {
  type: 'ipam.vrf',
  className: 'VRF',
  path: 'ipam/vrfs',
  fields: {
    name: field.str({ required: true }),
    rd: field.str({ nullable: true, default: null }),
    tenant: field.fk('tenancy.tenant', { onDelete: 'set-null' }),
    enforce_unique: field.bool(true),
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'name',
    'rd',
    'tenant',
    'enforce_unique',
    'description',
    'owner',
    'comments',
    'tags',
    'custom_fields',
    'created',
    'last_updated',
    'ipaddress_count',
    'prefix_count',
  ],
  computed: {
    ipaddress_count: countOf('ipam.ipaddress', 'vrf'),
    prefix_count: countOf('ipam.prefix', 'vrf'),
  },
  brief: ['id', 'url', 'display', 'name', 'rd', 'description', 'prefix_count'],
  counts: ['ipaddress_count', 'prefix_count'],
  display: (record) =>
    record['rd'] ? `${String(record['name'])} (${String(record['rd'])})` : String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'rd',
  search: ['name', 'rd', 'description'],
};

export const user: ModelDef = {
  type: 'users.user',
  className: 'User',
  path: 'users/users',
  fields: {
    username: field.str({ required: true }),
    first_name: field.str({ default: '' }),
    last_name: field.str({ default: '' }),
    email: field.str({ default: '' }),
    is_active: field.bool(true),
    is_staff: field.bool(false),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'username',
    'first_name',
    'last_name',
    'email',
    'is_staff',
    'is_active',
    'date_joined',
    'last_login',
    'groups',
    'permissions',
  ],
  computed: {
    date_joined: (record) => record['created'] ?? null,
    last_login: () => null,
    groups: () => [],
    permissions: () => [],
  },
  brief: ['id', 'url', 'display', 'username'],
  display: (record) => String(record['username']),
  lookupField: 'username',
  search: ['username', 'first_name', 'last_name', 'email'],
};
