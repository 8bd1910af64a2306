import { nestedGeneric } from '../serialize.js';
import { CHOICES, field, type ModelDef } from '../schema.js';
import type { ObjectType } from '../types.js';
import { TAGGABLE } from './extras.js';

export const journalEntry: ModelDef = {
  type: 'extras.journalentry',
  className: 'JournalEntry',
  path: 'extras/journal-entries',
  fields: {
    assigned_object_type: {
      kind: 'generic-type',
      allowed: [...TAGGABLE],
      idField: 'assigned_object_id',
      required: true,
      onDelete: 'cascade',
    },
    assigned_object_id: { kind: 'generic-id', required: true },
    kind: field.choice(CHOICES.journalKind, { default: 'info' }),
    comments: field.str({ required: true }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'assigned_object_type',
    'assigned_object_id',
    'assigned_object',
    'created',
    'created_by',
    'kind',
    'comments',
    'tags',
    'custom_fields',
    'last_updated',
  ],
  computed: {
    assigned_object: (record, ctx) =>
      nestedGeneric(ctx, record['assigned_object_type'], record['assigned_object_id']),
    created_by: (record) => record['created_by'] ?? null,
  },
  brief: ['id', 'url', 'display', 'created'],
  display: (record) =>
    `${String(record['created']).slice(0, 16).replace('T', ' ')} (${CHOICES.journalKind[record['kind'] as 'info'] ?? ''})`,
  tags: true,
  customFields: true,
  search: ['comments'],
  compare: (a, b) => b.id - a.id,
  clean(candidate, _previous, ctx) {
    if (
      !ctx.store.get(
        candidate['assigned_object_type'] as ObjectType,
        candidate['assigned_object_id'] as number,
      )
    ) {
      return {
        assigned_object_id: [
          `Related object not found using the provided numeric ID: ${String(candidate['assigned_object_id'])}`,
        ],
      };
    }
    return String(candidate['comments']).trim() === ''
      ? { comments: ['This field may not be blank.'] }
      : undefined;
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
    'id',
    'url',
    'display_url',
    'display',
    'time',
    'user',
    'user_name',
    'request_id',
    'action',
    'changed_object_type',
    'changed_object_id',
    'changed_object',
    'object_repr',
    'message',
    'prechange_data',
    'postchange_data',
  ],
  computed: {
    changed_object: (record, ctx) =>
      nestedGeneric(ctx, record['changed_object_type'], record['changed_object_id']),
  },
  brief: [
    'id',
    'url',
    'display',
    'time',
    'user',
    'user_name',
    'request_id',
    'action',
    'changed_object_type',
    'changed_object_id',
    'changed_object',
    'object_repr',
    'message',
    'prechange_data',
    'postchange_data',
  ],
  display: (record) =>
    `${String(record['changed_object_type'])} ${String(record['object_repr'])} ${CHOICES.changeAction[record['action'] as 'create'].toLowerCase()} by ${String(record['user_name'])}`,
  search: ['user_name', 'object_repr', 'message'],
  compare: (a, b) => b.id - a.id,
};
