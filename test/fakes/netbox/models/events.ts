import { nestedGeneric } from '../serialize.js';
import { CHOICES, field, type ModelDef, type RenderContext } from '../schema.js';
import type { FieldErrors, StoredRecord } from '../types.js';
import { atLeast } from '../version.js';
import { TAIL } from './common.js';

/**
 * Before 4.1 an event rule had one boolean per event instead of `event_types`
 * (NETBOX-WEBHOOKS.md); the fake stores `event_types` and renders the flags from it.
 */
const LEGACY_FLAGS: Readonly<Record<string, readonly string[]>> = {
  type_create: ['object_created'],
  type_update: ['object_updated'],
  type_delete: ['object_deleted'],
  type_job_start: ['job_started'],
  type_job_end: ['job_completed', 'job_failed', 'job_errored'],
};
const LEGACY_KEYS = Object.keys(LEGACY_FLAGS);

function eventTypesOf(record: StoredRecord): string[] {
  return (record['event_types'] as string[] | undefined) ?? [];
}

/** Pre-4.1 writes: flags given in the body (booleans on the candidate) edit the stored list. */
function fromLegacyFlags(candidate: StoredRecord, previous: StoredRecord | undefined): string[] {
  const events = new Set(previous ? eventTypesOf(previous) : []);
  for (const [flag, mapped] of Object.entries(LEGACY_FLAGS)) {
    const value = candidate[flag];
    if (typeof value !== 'boolean') continue;
    for (const event of mapped) {
      if (value) events.add(event);
      else events.delete(event);
    }
  }
  return [...events];
}

function cleanEventRule(
  candidate: StoredRecord,
  previous: StoredRecord | undefined,
  ctx: RenderContext,
): FieldErrors | undefined {
  const legacy = !atLeast(ctx.version, '4.1');
  if (legacy) candidate['event_types'] = fromLegacyFlags(candidate, previous);
  for (const flag of LEGACY_KEYS) delete candidate[flag];
  const events = candidate['event_types'];
  const valid =
    Array.isArray(events) &&
    events.length > 0 &&
    events.every((event) => typeof event === 'string' && event in CHOICES.eventType);
  if (valid) return undefined;
  return legacy
    ? {
        non_field_errors: [
          'At least one event type must be selected: create, update, delete, job start, and/or job end.',
        ],
      }
    : { event_types: ['Select at least one valid event type.'] };
}

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
  // The webhook serializer declares no ChoiceField: `http_method` reads back as the bare value
  // (the 4.2.2 schema's Webhook.http_method is a string enum).
  computed: { http_method: (record) => record['http_method'] ?? 'POST' },
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
    ...Object.fromEntries(LEGACY_KEYS.map((flag) => [flag, field.bool(false)])),
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
    ...LEGACY_KEYS,
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
  keySince: { event_types: '4.1' },
  keyUntil: Object.fromEntries(LEGACY_KEYS.map((flag) => [flag, '4.1'])),
  computed: {
    action_object: (record: StoredRecord, ctx: RenderContext) =>
      nestedGeneric(ctx, record['action_object_type'], record['action_object_id']),
    ...Object.fromEntries(
      Object.entries(LEGACY_FLAGS).map(([flag, mapped]) => [
        flag,
        (record: StoredRecord) => mapped.some((event) => eventTypesOf(record).includes(event)),
      ]),
    ),
  },
  brief: ['id', 'url', 'display', 'name', 'description'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'description'],
  clean: cleanEventRule,
};
