import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EventInput } from '../store/events.js';

/** What nbsync keeps of a NetBox webhook body (NETBOX-WEBHOOKS.md, default JSON body). */
export interface WebhookNotice {
  readonly event: 'created' | 'updated' | 'deleted' | 'job_started' | 'job_ended';
  /** `app_label.model`; derived from the bare `model` of NetBox < 4.5 when `object_type` is absent. */
  readonly objectType: string;
  readonly objectId: number;
  readonly requestId: string | null;
  readonly username: string | null;
  /** Refs of objects the payload names (assigned interface, parent VM, primary IPs). */
  readonly related: readonly string[];
}

export type ParseResult = { ok: true; notice: WebhookNotice } | { ok: false; problems: string[] };

/** Bare model names of NetBox < 4.5 (`model`) → their app label. */
const APP_OF_MODEL: Readonly<Record<string, string>> = {
  ipaddress: 'ipam',
  prefix: 'ipam',
  vlan: 'ipam',
  vlangroup: 'ipam',
  device: 'dcim',
  interface: 'dcim',
  macaddress: 'dcim',
  virtualmachine: 'virtualization',
  vminterface: 'virtualization',
  virtualdisk: 'virtualization',
  cluster: 'virtualization',
  tag: 'extras',
  journalentry: 'extras',
};

const idOf = z.looseObject({ id: z.number().int().positive() });

const payloadSchema = z
  .looseObject({
    event: z.enum(['created', 'updated', 'deleted', 'job_started', 'job_ended'], {
      error: 'expected one of created, updated, deleted, job_started, job_ended',
    }),
    timestamp: z.string().optional(),
    object_type: z
      .string()
      .regex(/^[a-z0-9_]+\.[a-z0-9_]+$/, 'expected app_label.model, e.g. ipam.ipaddress')
      .optional(),
    model: z
      .string()
      .regex(/^[a-z0-9_.]+$/, 'expected a model name, e.g. ipaddress')
      .optional(),
    username: z.string().nullable().optional(),
    request_id: z.string().nullable().optional(),
    request: z
      .looseObject({ id: z.string().nullable().optional(), user: z.string().nullable().optional() })
      .nullable()
      .optional(),
    data: z.looseObject(
      { id: z.number({ error: 'expected the object id (a number)' }).int().positive() },
      {
        error: 'expected the serialized object',
      },
    ),
  })
  .refine((p) => p.object_type !== undefined || p.model !== undefined, {
    message: 'expected object_type (or model, before NetBox 4.5)',
    path: ['object_type'],
  });

/** Parse and check a raw webhook body. Problems name the JSON path and what was expected. */
export function parseWebhookPayload(raw: Buffer): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'unparsable';
    return { ok: false, problems: [`body is not JSON (${reason})`] };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, problems: ['body must be a JSON object (NetBox default webhook body)'] };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`,
      ),
    };
  }
  const p = parsed.data;
  const objectType = p.object_type ?? qualify(p.model ?? '');
  return {
    ok: true,
    notice: {
      event: p.event,
      objectType,
      objectId: p.data.id,
      requestId: p.request?.id ?? p.request_id ?? null,
      username: p.request?.user ?? p.username ?? null,
      related: relatedRefs(p.data),
    },
  };
}

function qualify(model: string): string {
  if (model.includes('.')) return model;
  return `${APP_OF_MODEL[model] ?? 'unknown'}.${model}`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function nestedId(value: unknown): number | undefined {
  const parsed = idOf.safeParse(value);
  return parsed.success ? parsed.data.id : undefined;
}

/** Refs named by the REST representation in `data`; new objects are not in the inventory yet. */
export function relatedRefs(data: Record<string, unknown>): string[] {
  const refs = new Set<string>();
  const add = (type: string, id: number | undefined): void => {
    if (id !== undefined) refs.add(`${type}/${id}`);
  };
  const assignedType = data.assigned_object_type;
  const assignedId = data.assigned_object_id;
  if (typeof assignedType === 'string' && typeof assignedId === 'number') add(assignedType, assignedId);
  const assigned = record(data.assigned_object);
  add('virtualization.virtualmachine', nestedId(assigned?.virtual_machine));
  add('dcim.device', nestedId(assigned?.device));
  add('virtualization.virtualmachine', nestedId(data.virtual_machine));
  add('dcim.device', nestedId(data.device));
  add('ipam.ipaddress', nestedId(data.primary_ip4));
  add('ipam.ipaddress', nestedId(data.primary_ip6));
  return [...refs].sort();
}

/** The stored form of a webhook notice; the hash of the raw body makes redeliveries idempotent. */
export function noticeToEvent(notice: WebhookNotice, raw: Buffer, receivedAt: Date): EventInput {
  return {
    receivedAt: receivedAt.toISOString(),
    origin: 'webhook',
    objectType: notice.objectType,
    objectId: notice.objectId,
    event: notice.event,
    requestId: notice.requestId,
    username: notice.username,
    payloadHash: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    related: notice.related,
  };
}
