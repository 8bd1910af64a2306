import { nestedGeneric } from '../serialize.js';
import { CHOICES, field, type ModelDef, type RenderContext } from '../schema.js';
import type { ObjectType, StoredRecord } from '../types.js';
import { TAIL } from './common.js';

/** Object types that carry tags (for `tagged_items`). */
function taggedCounts(ctx: RenderContext): Map<number, number> {
  return ctx.store.memo('tagged-items', () => {
    const counts = new Map<number, number>();
    for (const type of TAGGABLE) {
      for (const record of ctx.store.byId(type)) {
        for (const id of (record['tags'] as number[] | undefined) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    return counts;
  });
}

export const TAGGABLE: readonly ObjectType[] = [
  'ipam.prefix', 'ipam.ipaddress', 'ipam.vlan', 'ipam.vlangroup', 'ipam.vrf', 'ipam.role', 'dcim.site', 'dcim.device',
  'dcim.devicetype', 'dcim.devicerole', 'dcim.manufacturer', 'dcim.platform', 'dcim.interface', 'dcim.macaddress',
  'tenancy.tenant', 'virtualization.cluster', 'virtualization.clustertype', 'virtualization.clustergroup',
  'virtualization.virtualmachine', 'virtualization.vminterface', 'virtualization.virtualdisk', 'extras.journalentry',
  'extras.webhook', 'extras.eventrule',
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
    'id', 'url', 'display_url', 'display', 'name', 'slug', 'color', 'description', 'weight', 'object_types',
    'tagged_items', 'created', 'last_updated',
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
    if (!/^[0-9a-f]{6}$/.test(String(candidate['color']))) return { color: ['Enter a valid hexadecimal RGB color code.'] };
    for (const key of ['name', 'slug'] as const) {
      const clash = ctx.store.byId('extras.tag').find((other) => other.id !== candidate.id && other[key] === candidate[key]);
      if (clash) return { [key]: [`Tag with this ${key} already exists.`] };
    }
    return undefined;
  },
};

const CF_DATA_TYPE: Readonly<Record<string, string>> = {
  text: 'string', longtext: 'string', integer: 'integer', decimal: 'number', boolean: 'boolean', date: 'string',
  datetime: 'string', url: 'string', json: 'object', select: 'string', multiselect: 'array', object: 'object',
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
    filter_logic: field.choice({ disabled: 'Disabled', loose: 'Loose', exact: 'Exact' }, { default: 'loose' }),
    ui_visible: field.choice({ always: 'Always', 'if-set': 'If set', hidden: 'Hidden' }, { default: 'always' }),
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
    'id', 'url', 'display_url', 'display', 'object_types', 'type', 'related_object_type', 'data_type', 'name', 'label',
    'group_name', 'description', 'required', 'unique', 'search_weight', 'filter_logic', 'ui_visible', 'ui_editable',
    'is_cloneable', 'default', 'related_object_filter', 'weight', 'validation_minimum', 'validation_maximum',
    'validation_regex', 'choice_set', 'owner', 'comments', 'created', 'last_updated',
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
  compare: (a, b) => (a['weight'] as number) - (b['weight'] as number) || String(a['name']).localeCompare(String(b['name'])),
  clean(candidate, _previous, ctx) {
    if (!/^[a-z0-9_]+$/.test(String(candidate['name'])) || String(candidate['name']).includes('__')) {
      return { name: ['Only alphanumeric characters and underscores are allowed.'] };
    }
    const types = candidate['object_types'];
    if (!Array.isArray(types) || types.length === 0 || !types.every((type) => typeof type === 'string' && /^\w+\.\w+$/.test(type))) {
      return { object_types: ['This list may not be empty.'] };
    }
    const clash = ctx.store.byId('extras.customfield').find((other) => other.id !== candidate.id && other['name'] === candidate['name']);
    return clash ? { name: ['Custom field with this name already exists.'] } : undefined;
  },
};

export const journalEntry: ModelDef = {
  type: 'extras.journalentry',
  className: 'JournalEntry',
  path: 'extras/journal-entries',
  fields: {
    assigned_object_type: { kind: 'generic-type', allowed: [...TAGGABLE], idField: 'assigned_object_id', required: true, onDelete: 'cascade' },
    assigned_object_id: { kind: 'generic-id', required: true },
    kind: field.choice(CHOICES.journalKind, { default: 'info' }),
    comments: field.str({ required: true }),
  },
  layout: [
    'id', 'url', 'display_url', 'display', 'assigned_object_type', 'assigned_object_id', 'assigned_object', 'created',
    'created_by', 'kind', 'comments', 'tags', 'custom_fields', 'last_updated',
  ],
  computed: {
    assigned_object: (record, ctx) => nestedGeneric(ctx, record['assigned_object_type'], record['assigned_object_id']),
    created_by: (record) => record['created_by'] ?? null,
  },
  brief: ['id', 'url', 'display', 'created'],
  display: (record) => `${String(record['created']).slice(0, 16).replace('T', ' ')} (${CHOICES.journalKind[record['kind'] as 'info'] ?? ''})`,
  tags: true,
  customFields: true,
  search: ['comments'],
  compare: (a, b) => b.id - a.id,
  clean(candidate, _previous, ctx) {
    if (!ctx.store.get(candidate['assigned_object_type'] as ObjectType, candidate['assigned_object_id'] as number)) {
      return { assigned_object_id: [`Related object not found using the provided numeric ID: ${String(candidate['assigned_object_id'])}`] };
    }
    return String(candidate['comments']).trim() === '' ? { comments: ['This field may not be blank.'] } : undefined;
  },
};

export const objectChange: ModelDef = {
  type: 'core.objectchange',
  className: 'ObjectChange',
  path: 'core/object-changes',
  pathBefore: { version: '4.1', path: 'extras/object-changes' },
  readOnly: true,
  fields: {
    user: field.fk('users.user', { onDelete: 'set-null' }),
    user_name: field.str(),
    request_id: field.str(),
    action: field.choice(CHOICES.changeAction),
    changed_object_type: field.str(),
    changed_object_id: field.int(),
    object_repr: field.str(),
    message: field.str({ default: '' }),
    prechange_data: field.json(null),
    postchange_data: field.json(null),
  },
  layout: [
    'id', 'url', 'display_url', 'display', 'time', 'user', 'user_name', 'request_id', 'action', 'changed_object_type',
    'changed_object_id', 'changed_object', 'object_repr', 'message', 'prechange_data', 'postchange_data',
  ],
  computed: {
    changed_object: (record, ctx) => nestedGeneric(ctx, record['changed_object_type'], record['changed_object_id']),
  },
  brief: ['id', 'url', 'display', 'time', 'user', 'user_name', 'request_id', 'action', 'changed_object_type', 'changed_object_id', 'changed_object', 'object_repr', 'message', 'prechange_data', 'postchange_data'],
  display: (record) =>
    `${String(record['changed_object_type'])} ${String(record['object_repr'])} ${CHOICES.changeAction[record['action'] as 'create'].toLowerCase()} by ${String(record['user_name'])}`,
  search: ['user_name', 'object_repr', 'message'],
  compare: (a, b) => b.id - a.id,
};

export const webhook: ModelDef = {
  type: 'extras.webhook',
  className: 'Webhook',
  path: 'extras/webhooks',
  fields: {
    name: field.str({ required: true }),
    description: field.str({ default: '' }),
    payload_url: field.str({ required: true }),
    http_method: field.choice(CHOICES.httpMethod, { default: 'POST' }),
    http_content_type: field.str({ default: 'application/json' }),
    additional_headers: field.str({ default: '' }),
    body_template: field.str({ default: '' }),
    secret: field.str({ default: '' }),
    ssl_verification: field.bool(true),
    ca_file_path: field.str({ nullable: true, default: null }),
  },
  layout: [
    'id', 'url', 'display_url', 'display', 'name', 'description', 'payload_url', 'http_method', 'http_content_type',
    'additional_headers', 'body_template', 'secret', 'ssl_verification', 'ca_file_path', ...TAIL.filter((key) => key !== 'comments'),
  ],
  brief: ['id', 'url', 'display', 'name', 'description'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'payload_url', 'description'],
};

export const eventRule: ModelDef = {
  type: 'extras.eventrule',
  className: 'EventRule',
  path: 'extras/event-rules',
  fields: {
    object_types: field.json([]),
    name: field.str({ required: true }),
    enabled: field.bool(true),
    event_types: field.json([]),
    conditions: field.json(null),
    action_type: field.choice(CHOICES.actionType, { default: 'webhook' }),
    action_object_type: field.str({ required: true }),
    action_object_id: field.int({ nullable: true }),
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id', 'url', 'display_url', 'display', 'object_types', 'name', 'enabled', 'event_types', 'conditions', 'action_type',
    'action_object_type', 'action_object_id', 'action_object', 'description', ...TAIL,
  ],
  computed: {
    action_object: (record: StoredRecord, ctx: RenderContext) => nestedGeneric(ctx, record['action_object_type'], record['action_object_id']),
  },
  brief: ['id', 'url', 'display', 'name', 'description'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'description'],
  clean(candidate) {
    const events = candidate['event_types'];
    const valid = Array.isArray(events) && events.length > 0 && events.every((event) => typeof event === 'string' && event in CHOICES.eventType);
    return valid ? undefined : { event_types: ['Select at least one valid event type.'] };
  },
};
