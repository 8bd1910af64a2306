// Strict runtime shapes of the extras objects netbox-setup reads, and their mapping to the
// observed shapes of ./types.ts. A missing or mistyped field fails the read (NETBOX_PARSE).
import { z } from 'zod';
import type { components } from '../../openapi/generated/netbox.js';
import type { ObservedCustomField, ObservedEventRule, ObservedTag, ObservedWebhook } from './types.js';

type Schemas = components['schemas'];

const id = z.int().nonnegative();
const choice = z.object({ value: z.string() });
/** 4.3+ may render the bounds as decimals; nbsync writes and compares whole numbers. */
const bound = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullable();

export const customFieldSchema = z.object({
  id,
  name: z.string(),
  type: choice,
  object_types: z.array(z.string()),
  label: z.string().default(''),
  group_name: z.string().default(''),
  description: z.string().default(''),
  validation_minimum: bound.default(null),
  validation_maximum: bound.default(null),
  validation_regex: z.string().default(''),
}) satisfies z.ZodType<Schemas['CustomField'], unknown>;

export const tagSchema = z.object({
  id,
  name: z.string(),
  slug: z.string(),
  color: z.string().default(''),
  description: z.string().default(''),
}) satisfies z.ZodType<Schemas['Tag'], unknown>;

export const webhookSchema = z.object({
  id,
  name: z.string(),
  description: z.string().default(''),
  payload_url: z.string(),
  http_method: z.string().default('POST'),
  http_content_type: z.string().default('application/json'),
  body_template: z.string().nullable().default(''),
  secret: z.string().nullable().default(''),
}) satisfies z.ZodType<Omit<Schemas['Webhook'], 'body_template' | 'secret'>, unknown>;

export const eventRuleSchema = z.object({
  id,
  name: z.string(),
  description: z.string().default(''),
  enabled: z.boolean().default(true),
  object_types: z.array(z.string()),
  event_types: z.array(z.string()).optional(),
  type_create: z.boolean().optional(),
  type_update: z.boolean().optional(),
  type_delete: z.boolean().optional(),
  action_type: choice,
  action_object_type: z.string(),
  action_object_id: id.nullable(),
}) satisfies z.ZodType<Schemas['EventRule'], unknown>;

export function toCustomField(raw: z.infer<typeof customFieldSchema>): ObservedCustomField {
  return {
    id: raw.id,
    name: raw.name,
    type: raw.type.value,
    objectTypes: raw.object_types,
    label: raw.label,
    groupName: raw.group_name,
    description: raw.description,
    validationMinimum: raw.validation_minimum,
    validationMaximum: raw.validation_maximum,
    validationRegex: raw.validation_regex,
  };
}

export function toTag(raw: z.infer<typeof tagSchema>): ObservedTag {
  return raw;
}

export function toWebhook(raw: z.infer<typeof webhookSchema>): ObservedWebhook {
  return {
    id: raw.id,
    name: raw.name,
    description: raw.description,
    payloadUrl: raw.payload_url,
    httpMethod: raw.http_method,
    httpContentType: raw.http_content_type,
    bodyTemplate: raw.body_template ?? '',
    secret: raw.secret ?? '',
  };
}

/** NetBox 4.0 has one flag per event; they are read as the 4.1+ `event_types` names. */
export function toEventRule(raw: z.infer<typeof eventRuleSchema>): ObservedEventRule {
  const legacy: [boolean | undefined, string][] = [
    [raw.type_create, 'object_created'],
    [raw.type_update, 'object_updated'],
    [raw.type_delete, 'object_deleted'],
  ];
  const eventTypes = raw.event_types ?? legacy.filter(([flag]) => flag === true).map(([, name]) => name);
  return {
    id: raw.id,
    name: raw.name,
    description: raw.description,
    enabled: raw.enabled,
    objectTypes: raw.object_types,
    eventTypes,
    actionType: raw.action_type.value,
    actionObjectType: raw.action_object_type,
    actionObjectId: raw.action_object_id,
  };
}
