// The netbox-setup plan (pure): desired vs observed, per object. Creates what is missing,
// updates only what carries this instance's marker, and reports as a conflict anything in the
// way that nbsync did not create. Never deletes.
import { markerInstance } from './desired.js';
import type {
  DesiredCustomField,
  DesiredEventRule,
  DesiredSetup,
  DesiredTag,
  DesiredWebhook,
  ObservedSetup,
  SetupChange,
  SetupConflict,
  SetupFieldDiff,
  SetupKind,
  SetupPlan,
} from './types.js';

/** Shown instead of the webhook secret, in plans and diffs alike. */
export const HIDDEN = '(hidden)';

interface Builder {
  readonly instance: string;
  readonly changes: SetupChange[];
  readonly conflicts: SetupConflict[];
  readonly inPlace: { kind: SetupKind; key: string; note: string }[];
}

/** One compared field: its API name, wanted and current value, and how to show it. */
interface Field {
  readonly name: string;
  readonly want: unknown;
  readonly have: unknown;
  readonly secret?: boolean;
  /** Lists that must contain the wanted items (others a person added are kept). */
  readonly includes?: boolean;
}

function same(field: Field): boolean {
  if (field.includes) {
    const have = new Set(field.have as readonly string[]);
    return (field.want as readonly string[]).every((item) => have.has(item));
  }
  return JSON.stringify(field.want) === JSON.stringify(field.have);
}

/** The diff and the PATCH body that bring `fields` to what nbsync wants. */
function differences(fields: readonly Field[]): { diff: SetupFieldDiff[]; write: Record<string, unknown> } {
  const diff: SetupFieldDiff[] = [];
  const write: Record<string, unknown> = {};
  for (const field of fields.filter((f) => !same(f))) {
    const to = field.includes
      ? [...new Set([...(field.have as string[]), ...(field.want as string[])])].sort()
      : field.want;
    write[field.name] = to;
    diff.push(
      field.secret
        ? { field: field.name, from: HIDDEN, to: HIDDEN }
        : { field: field.name, from: field.have, to },
    );
  }
  return { diff, write };
}

function ownership(instance: string, description: string): 'ours' | 'foreign' {
  return markerInstance(description) === instance ? 'ours' : 'foreign';
}

function describeForeign(instance: string, description: string): string {
  const other = markerInstance(description);
  return other && other !== instance ? `created by nbsync instance ${other}` : 'not created by nbsync';
}

function update(b: Builder, kind: SetupKind, key: string, id: number, fields: readonly Field[]): void {
  const { diff, write } = differences(fields);
  if (diff.length === 0) b.inPlace.push({ kind, key, note: '' });
  else b.changes.push({ op: 'update', kind, key, id, after: null, diff, write });
}

function customField(b: Builder, want: DesiredCustomField, observed: ObservedSetup): void {
  const have = observed.customFields.find((cf) => cf.name === want.name);
  const write = {
    name: want.name,
    type: want.type,
    object_types: [...want.objectTypes],
    label: want.label,
    group_name: want.groupName,
    description: want.description,
    validation_minimum: want.validationMinimum,
    validation_maximum: want.validationMaximum,
    validation_regex: want.validationRegex,
  };
  if (!have) {
    b.changes.push({
      op: 'create',
      kind: want.kind,
      key: want.name,
      id: undefined,
      after: write,
      diff: [],
      write,
    });
    return;
  }
  if (have.type !== want.type) {
    b.conflicts.push({
      kind: want.kind,
      key: want.name,
      reason: `exists as a ${have.type} field (${describeForeign(b.instance, have.description)}); nbsync needs ${want.type}: change or remove it in NetBox, nbsync leaves it untouched`,
    });
    return;
  }
  const objectTypes: Field = {
    name: 'object_types',
    want: want.objectTypes,
    have: have.objectTypes,
    includes: true,
  };
  if (ownership(b.instance, have.description) === 'foreign') {
    const missing = want.objectTypes.filter((type) => !have.objectTypes.includes(type));
    if (missing.length === 0) {
      b.inPlace.push({
        kind: want.kind,
        key: want.name,
        note: describeForeign(b.instance, have.description),
      });
      return;
    }
    b.conflicts.push({
      kind: want.kind,
      key: want.name,
      reason: `exists (${describeForeign(b.instance, have.description)}) without object type ${missing.join(', ')}: add it to the field in NetBox`,
    });
    return;
  }
  update(b, want.kind, want.name, have.id, [
    objectTypes,
    { name: 'label', want: want.label, have: have.label },
    { name: 'description', want: want.description, have: have.description },
    { name: 'validation_minimum', want: want.validationMinimum, have: have.validationMinimum },
    { name: 'validation_maximum', want: want.validationMaximum, have: have.validationMaximum },
    { name: 'validation_regex', want: want.validationRegex, have: have.validationRegex },
  ]);
}

function tag(b: Builder, want: DesiredTag, observed: ObservedSetup): void {
  const have = observed.tags.find((t) => t.slug === want.slug);
  if (!have) {
    const named = observed.tags.find((t) => t.name === want.name);
    if (named) {
      b.conflicts.push({
        kind: want.kind,
        key: want.slug,
        reason: `a tag named "${want.name}" exists with slug "${named.slug}"; nbsync selects tags by slug "${want.slug}": rename one of them in NetBox`,
      });
      return;
    }
    const write = { name: want.name, slug: want.slug, color: want.color, description: want.description };
    b.changes.push({
      op: 'create',
      kind: want.kind,
      key: want.slug,
      id: undefined,
      after: write,
      diff: [],
      write,
    });
    return;
  }
  if (ownership(b.instance, have.description) === 'foreign') {
    b.inPlace.push({ kind: want.kind, key: want.slug, note: describeForeign(b.instance, have.description) });
    return;
  }
  update(b, want.kind, want.slug, have.id, [
    { name: 'description', want: want.description, have: have.description },
  ]);
}

function webhook(b: Builder, want: DesiredWebhook, observed: ObservedSetup): number | 'new' | undefined {
  const have = observed.webhooks.find((w) => w.name === want.name);
  const write = {
    name: want.name,
    description: want.description,
    payload_url: want.payloadUrl,
    http_method: want.httpMethod,
    http_content_type: want.httpContentType,
    body_template: want.bodyTemplate,
    secret: want.secret,
    ssl_verification: true,
  };
  if (!have) {
    const after = { ...write, secret: want.secret ? HIDDEN : '' };
    b.changes.push({ op: 'create', kind: want.kind, key: want.name, id: undefined, after, diff: [], write });
    return 'new';
  }
  if (ownership(b.instance, have.description) === 'foreign') {
    b.conflicts.push({
      kind: want.kind,
      key: want.name,
      reason: `a webhook with this name exists (${describeForeign(b.instance, have.description)}): rename or delete it in NetBox, nbsync leaves it untouched`,
    });
    return undefined;
  }
  update(b, want.kind, want.name, have.id, [
    { name: 'payload_url', want: want.payloadUrl, have: have.payloadUrl },
    { name: 'http_method', want: want.httpMethod, have: have.httpMethod },
    { name: 'http_content_type', want: want.httpContentType, have: have.httpContentType },
    { name: 'body_template', want: want.bodyTemplate, have: have.bodyTemplate },
    { name: 'secret', want: want.secret, have: have.secret, secret: true },
  ]);
  return have.id;
}

function eventRule(
  b: Builder,
  want: DesiredEventRule,
  observed: ObservedSetup,
  legacyEvents: boolean,
  webhookId: number | 'new' | undefined,
): void {
  if (webhookId === undefined) {
    b.conflicts.push({
      kind: want.kind,
      key: want.name,
      reason: `waits for the webhook ${want.webhookName}`,
    });
    return;
  }
  const have = observed.eventRules.find((r) => r.name === want.name);
  // A webhook created in this run gets its id at apply time; `webhook` stands for it.
  const target = webhookId === 'new' ? `(new webhook ${want.webhookName})` : webhookId;
  const events = legacyEvents
    ? { type_create: true, type_update: true, type_delete: true }
    : { event_types: [...want.eventTypes] };
  if (!have) {
    const write = {
      name: want.name,
      description: want.description,
      enabled: true,
      object_types: [...want.objectTypes],
      ...events,
      action_type: 'webhook',
      action_object_type: 'extras.webhook',
      action_object_id: target,
    };
    b.changes.push({
      op: 'create',
      kind: want.kind,
      key: want.name,
      id: undefined,
      after: write,
      diff: [],
      write,
    });
    return;
  }
  if (ownership(b.instance, have.description) === 'foreign') {
    b.conflicts.push({
      kind: want.kind,
      key: want.name,
      reason: `an event rule with this name exists (${describeForeign(b.instance, have.description)}): rename or delete it in NetBox, nbsync leaves it untouched`,
    });
    return;
  }
  const fields: Field[] = [
    { name: 'enabled', want: true, have: have.enabled },
    { name: 'object_types', want: want.objectTypes, have: have.objectTypes, includes: true },
    { name: 'action_type', want: 'webhook', have: have.actionType },
    { name: 'action_object_type', want: 'extras.webhook', have: have.actionObjectType },
    { name: 'action_object_id', want: target, have: have.actionObjectId },
  ];
  if (legacyEvents) {
    for (const [flag, event] of [
      ['type_create', 'object_created'],
      ['type_update', 'object_updated'],
      ['type_delete', 'object_deleted'],
    ] as const)
      fields.push({ name: flag, want: true, have: have.eventTypes.includes(event) });
  } else {
    fields.push({ name: 'event_types', want: want.eventTypes, have: have.eventTypes, includes: true });
  }
  update(b, want.kind, want.name, have.id, fields);
}

export interface PlanContext {
  readonly instance: string;
  readonly netboxUrl: string;
  readonly netboxVersion: { readonly major: number; readonly minor: number; readonly text: string };
  readonly rqWorkersRunning: number | null;
}

/** Plan the changes that make NetBox hold what `desired` describes. */
export function planSetup(desired: DesiredSetup, observed: ObservedSetup, ctx: PlanContext): SetupPlan {
  const b: Builder = { instance: ctx.instance, changes: [], conflicts: [...desired.conflicts], inPlace: [] };
  for (const want of desired.customFields) customField(b, want, observed);
  for (const want of desired.tags) tag(b, want, observed);
  const notes: string[] = [];
  if (desired.webhook) {
    const id = webhook(b, desired.webhook, observed);
    const legacy = ctx.netboxVersion.major === 4 && ctx.netboxVersion.minor === 0;
    if (desired.eventRule) eventRule(b, desired.eventRule, observed, legacy, id);
    notes.push(...webhookNotes(desired.webhook, observed, ctx));
  }
  return {
    instance: ctx.instance,
    netboxUrl: ctx.netboxUrl,
    netboxVersion: ctx.netboxVersion.text,
    changes: b.changes,
    conflicts: b.conflicts,
    inPlace: b.inPlace,
    notes,
  };
}

function webhookNotes(want: DesiredWebhook, observed: ObservedSetup, ctx: PlanContext): string[] {
  const notes: string[] = [];
  for (const other of observed.webhooks.filter(
    (w) => w.name !== want.name && w.payloadUrl === want.payloadUrl,
  )) {
    notes.push(
      `webhook "${other.name}" (id ${other.id}) also sends to ${want.payloadUrl}; if an event rule uses it, NetBox delivers each change twice: delete one of them`,
    );
  }
  if (!want.secret) notes.push('the webhook is unsigned (server.webhookSignatures: disabled)');
  const host = new URL(want.payloadUrl).hostname;
  if (host === 'localhost' || host.startsWith('127.') || host === '[::1]') {
    notes.push(
      `NetBox will call ${want.payloadUrl}: that works only if NetBox runs on this host; pass --url with the address NetBox can reach`,
    );
  }
  if (ctx.rqWorkersRunning === 0) {
    notes.push(
      'NetBox reports no running RQ worker: webhooks are queued but not sent until one runs (netbox-rqworker)',
    );
  }
  return notes;
}
