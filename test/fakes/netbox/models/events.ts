import { nestedGeneric } from '../serialize.js';
import { CHOICES, field, type ModelDef, type RenderContext } from '../schema.js';
import type { StoredRecord } from '../types.js';
import { TAIL } from './common.js';

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
    'id',
    'url',
    'display_url',
    'display',
    'name',
    'description',
    'payload_url',
    'http_method',
    'http_content_type',
    'additional_headers',
    'body_template',
    'secret',
    'ssl_verification',
    'ca_file_path',
    ...TAIL.filter((key) => key !== 'comments'),
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
    'id',
    'url',
    'display_url',
    'display',
    'object_types',
    'name',
    'enabled',
    'event_types',
    'conditions',
    'action_type',
    'action_object_type',
    'action_object_id',
    'action_object',
    'description',
    ...TAIL,
  ],
  computed: {
    action_object: (record: StoredRecord, ctx: RenderContext) =>
      nestedGeneric(ctx, record['action_object_type'], record['action_object_id']),
  },
  brief: ['id', 'url', 'display', 'name', 'description'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'description'],
  clean(candidate) {
    const events = candidate['event_types'];
    const valid =
      Array.isArray(events) &&
      events.length > 0 &&
      events.every((event) => typeof event === 'string' && event in CHOICES.eventType);
    return valid ? undefined : { event_types: ['Select at least one valid event type.'] };
  },
};
