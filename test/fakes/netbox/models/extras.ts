import { CHOICES, field, type ModelDef, type RenderContext } from '../schema.js';
import type { ObjectType } from '../types.js';

/** Object types that carry tags (for `tagged_items`). */
function taggedCounts(ctx: RenderContext): Map<number, number> {
  return ctx.store.memo('tagged-items', () => {
    const counts = new Map<number, number>();
    for (const type of TAGGABLE) {
      for (const record of ctx.store.byId(type)) {
        for (const id of (record['tags'] as number[] | undefined) ?? [])
          counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    return counts;
  });
}

export const TAGGABLE: readonly ObjectType[] = [
  'ipam.prefix',
  'ipam.ipaddress',
  'ipam.vlan',
  'ipam.vlangroup',
  'ipam.vrf',
  'ipam.role',
  'dcim.site',
  'dcim.device',
  'dcim.devicetype',
  'dcim.devicerole',
  'dcim.manufacturer',
  'dcim.platform',
  'dcim.interface',
  'dcim.macaddress',
  'tenancy.tenant',
  'virtualization.cluster',
  'virtualization.clustertype',
  'virtualization.clustergroup',
  'virtualization.virtualmachine',
  'virtualization.vminterface',
  'virtualization.virtualdisk',
  'extras.journalentry',
  'extras.webhook',
  'extras.eventrule',
];

const SLUG = /^[-a-zA-Z0-9_]+$/;

export const tag: ModelDef = {
  type: 'extras.tag',
  className: 'Tag',
  path: 'extras/tags',
  fields: {
    name: field.str({ required: true }),
    slug: field.str({ required: true }),
    color: field.str({ default: '9e9e9e' }),
    description: field.str({ default: '' }),
    weight: field.int({ default: 1000, min: 0, max: 32767 }),
    object_types: field.json([]),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'name',
    'slug',
    'color',
    'description',
    'weight',
    'object_types',
    'tagged_items',
    'created',
    'last_updated',
  ],
  computed: { tagged_items: (record, ctx) => taggedCounts(ctx).get(record.id) ?? 0 },
  brief: ['id', 'url', 'display', 'name', 'slug', 'color', 'description'],
  display: (record) => String(record['name']),
  lookupField: 'slug',
  search: ['name', 'slug', 'description'],
  compare: (a, b) => String(a['name']).localeCompare(String(b['name'])) || a.id - b.id,
  clean(candidate, _previous, ctx) {
    if (!SLUG.test(String(candidate['slug']))) {
      return { slug: ['Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'] };
    }
    if (!/^[0-9a-f]{6}$/.test(String(candidate['color'])))
      return { color: ['Enter a valid hexadecimal RGB color code.'] };
    for (const key of ['name', 'slug'] as const) {
      const clash = ctx.store
        .byId('extras.tag')
        .find((other) => other.id !== candidate.id && other[key] === candidate[key]);
      if (clash) return { [key]: [`Tag with this ${key} already exists.`] };
    }
    return undefined;
  },
};

const CF_DATA_TYPE: Readonly<Record<string, string>> = {
  text: 'string',
  longtext: 'string',
  integer: 'integer',
  decimal: 'number',
  boolean: 'boolean',
  date: 'string',
  datetime: 'string',
  url: 'string',
  json: 'object',
  select: 'string',
  multiselect: 'array',
  object: 'object',
  multiobject: 'array',
};

export const customField: ModelDef = {
  type: 'extras.customfield',
  className: 'CustomField',
  path: 'extras/custom-fields',
  fields: {
    object_types: field.json([]),
    type: field.choice(CHOICES.customFieldType, { required: true }),
    name: field.str({ required: true }),
    label: field.str({ default: '' }),
    group_name: field.str({ default: '' }),
    description: field.str({ default: '' }),
    required: field.bool(false),
    unique: field.bool(false),
    search_weight: field.int({ default: 1000 }),
    filter_logic: field.choice(
      { disabled: 'Disabled', loose: 'Loose', exact: 'Exact' },
      { default: 'loose' },
    ),
    ui_visible: field.choice(
      { always: 'Always', 'if-set': 'If set', hidden: 'Hidden' },
      { default: 'always' },
    ),
    ui_editable: field.choice({ yes: 'Yes', no: 'No', hidden: 'Hidden' }, { default: 'yes' }),
    is_cloneable: field.bool(false),
    default: field.json(null),
    weight: field.int({ default: 100 }),
    validation_minimum: field.int({ nullable: true }),
    validation_maximum: field.int({ nullable: true }),
    validation_regex: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'object_types',
    'type',
    'related_object_type',
    'data_type',
    'name',
    'label',
    'group_name',
    'description',
    'required',
    'unique',
    'search_weight',
    'filter_logic',
    'ui_visible',
    'ui_editable',
    'is_cloneable',
    'default',
    'related_object_filter',
    'weight',
    'validation_minimum',
    'validation_maximum',
    'validation_regex',
    'choice_set',
    'owner',
    'comments',
    'created',
    'last_updated',
  ],
  computed: {
    related_object_type: () => null,
    related_object_filter: () => null,
    choice_set: () => null,
    data_type: (record) => CF_DATA_TYPE[String(record['type'])] ?? 'string',
  },
  brief: ['id', 'url', 'display', 'name', 'description'],
  display: (record) => String(record['label'] || record['name']),
  lookupField: 'name',
  search: ['name', 'label', 'description'],
  compare: (a, b) =>
    (a['weight'] as number) - (b['weight'] as number) || String(a['name']).localeCompare(String(b['name'])),
  clean(candidate, _previous, ctx) {
    if (!/^[a-z0-9_]+$/.test(String(candidate['name'])) || String(candidate['name']).includes('__')) {
      return { name: ['Only alphanumeric characters and underscores are allowed.'] };
    }
    const types = candidate['object_types'];
    if (
      !Array.isArray(types) ||
      types.length === 0 ||
      !types.every((type) => typeof type === 'string' && /^\w+\.\w+$/.test(type))
    ) {
      return { object_types: ['This list may not be empty.'] };
    }
    const clash = ctx.store
      .byId('extras.customfield')
      .find((other) => other.id !== candidate.id && other['name'] === candidate['name']);
    return clash ? { name: ['Custom field with this name already exists.'] } : undefined;
  },
};
