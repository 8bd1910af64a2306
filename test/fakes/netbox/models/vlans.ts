import { CHOICES, field, type ModelDef } from '../schema.js';
import type { StoredRecord } from '../types.js';
import { alwaysNull, countOf, scope, TAIL } from './common.js';
import { intFilter } from './ipam.js';

export const vlanGroup: ModelDef = {
  type: 'ipam.vlangroup',
  className: 'VLANGroup',
  path: 'ipam/vlan-groups',
  fields: {
    name: field.str({ required: true }),
    slug: field.str({ required: true }),
    scope_type: {
      kind: 'generic-type',
      allowed: ['dcim.site', 'virtualization.cluster', 'virtualization.clustergroup'],
      idField: 'scope_id',
      onDelete: 'set-null',
    },
    scope_id: { kind: 'generic-id' },
    vid_ranges: field.json([[1, 4094]]),
    tenant: field.fk('tenancy.tenant', { onDelete: 'set-null' }),
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'name',
    'slug',
    'scope_type',
    'scope_id',
    'scope',
    'min_vid',
    'max_vid',
    'vid_ranges',
    'total_vlan_ids',
    'tenant',
    'description',
    ...TAIL,
    'vlan_count',
    'utilization',
  ],
  keySince: { vid_ranges: '4.1', total_vlan_ids: '4.6', tenant: '4.3' },
  keyUntil: { min_vid: '4.1', max_vid: '4.1' },
  computed: {
    scope,
    min_vid: (record) => ranges(record)[0]?.[0] ?? 1,
    max_vid: (record) => ranges(record).at(-1)?.[1] ?? 4094,
    total_vlan_ids: (record) => totalIds(record),
    vlan_count: countOf('ipam.vlan', 'group'),
    utilization: (record, ctx) => {
      const used = ctx.store.countBy('ipam.vlan', 'group', record.id);
      return `${Math.round((used / Math.max(totalIds(record), 1)) * 100)}`;
    },
  },
  brief: ['id', 'url', 'display', 'name', 'slug', 'description', 'vlan_count'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'slug',
  search: ['name', 'slug', 'description'],
  fromWire(body, ctx) {
    if (ctx.version.minor >= 1 || !('min_vid' in body || 'max_vid' in body)) return body;
    const { min_vid: min = 1, max_vid: max = 4094, ...rest } = body;
    return { ...rest, vid_ranges: [[min, max]] };
  },
  clean(candidate) {
    const value = candidate['vid_ranges'];
    const valid =
      Array.isArray(value) &&
      value.every(
        (pair) =>
          Array.isArray(pair) &&
          pair.length === 2 &&
          pair.every((n) => Number.isInteger(n) && n >= 1 && n <= 4094) &&
          pair[0] <= pair[1],
      );
    return valid ? undefined : { vid_ranges: ['Ranges must be pairs [start, end] of VLAN IDs 1-4094.'] };
  },
};

function ranges(record: StoredRecord): number[][] {
  return (record['vid_ranges'] as number[][] | undefined) ?? [[1, 4094]];
}

function totalIds(record: StoredRecord): number {
  return ranges(record).reduce((sum, [start = 0, end = 0]) => sum + end - start + 1, 0);
}

export const vlan: ModelDef = {
  type: 'ipam.vlan',
  className: 'VLAN',
  path: 'ipam/vlans',
  fields: {
    site: field.fk('dcim.site', { onDelete: 'protect' }),
    group: field.fk('ipam.vlangroup', { onDelete: 'protect' }),
    vid: field.int({ required: true, min: 1, max: 4094 }),
    name: field.str({ required: true }),
    tenant: field.fk('tenancy.tenant', { onDelete: 'set-null' }),
    status: field.choice(CHOICES.vlanStatus, { default: 'active' }),
    role: field.fk('ipam.role', { onDelete: 'set-null' }),
    description: field.str({ default: '' }),
    qinq_role: field.choice(CHOICES.qinqRole, { nullable: true, default: null }),
    qinq_svlan: field.fk('ipam.vlan', { onDelete: 'set-null' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'site',
    'group',
    'vid',
    'name',
    'tenant',
    'status',
    'role',
    'description',
    'qinq_role',
    'qinq_svlan',
    'owner',
    'comments',
    'l2vpn_termination',
    'tags',
    'custom_fields',
    'created',
    'last_updated',
    'prefix_count',
  ],
  keySince: { qinq_role: '4.2', qinq_svlan: '4.2' },
  computed: { ...alwaysNull('l2vpn_termination'), prefix_count: countOf('ipam.prefix', 'vlan') },
  brief: ['id', 'url', 'display', 'vid', 'name', 'description'],
  display: (record) => `${String(record['name'])} (${String(record['vid'])})`,
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'description'],
  compare: (a, b) =>
    ((a['site'] as number | null) ?? 0) - ((b['site'] as number | null) ?? 0) ||
    ((a['group'] as number | null) ?? 0) - ((b['group'] as number | null) ?? 0) ||
    (a['vid'] as number) - (b['vid'] as number) ||
    a.id - b.id,
  filters: {
    vid: intFilter((vid, record) => record['vid'] === vid),
  },
  clean(candidate, _previous, ctx) {
    const groupId = candidate['group'];
    if (typeof groupId !== 'number') return undefined;
    const group = ctx.store.get('ipam.vlangroup', groupId);
    const vid = candidate['vid'] as number;
    if (group && !ranges(group).some(([start = 0, end = 0]) => vid >= start && vid <= end)) {
      return {
        vid: [
          `VID must be in ranges ${JSON.stringify(ranges(group))} for VLANs in group ${String(group['name'])}`,
        ],
      };
    }
    const clash = ctx.store
      .referencing('ipam.vlan', 'group', groupId)
      .find((other) => other.id !== candidate.id && other['vid'] === vid);
    return clash ? { non_field_errors: ['VLANs must have unique VIDs within a group.'] } : undefined;
  },
};
