import { z } from 'zod';
import { isValidInstance } from '../model/owner.js';

/** A secret is always a reference, never an inline value (DESIGN §5). */
export const secretRefSchema = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }),
    z.strictObject({ file: z.string().min(1) }),
  ],
  { error: 'expected a secret reference: {env: NAME} or {file: PATH} (secrets are never written inline)' },
);

const listen = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/,
    'expected host:port, e.g. "127.0.0.1:8080" or "[::1]:8080"',
  );

const filterValues = z.array(z.union([z.string().min(1), z.number().int()])).min(1);

export const netboxSchema = z.strictObject({
  url: z
    .url({ error: 'expected the NetBox base URL, e.g. https://netbox.example.net' })
    .describe('NetBox base URL'),
  token: secretRefSchema.describe(
    'API token: v2 `nbt_<key>.<secret>` (NetBox 4.5+) or v1; read access, write for write-back',
  ),
  webhookSecret: secretRefSchema
    .optional()
    .describe('shared secret of the NetBox webhook (X-Hook-Signature)'),
  caFile: z.string().min(1).optional().describe('PEM file of the CA that signed NetBox’s certificate'),
  /** NetBox list filters applied to every read, e.g. `{tag: [homelab]}`; validated at start. */
  filters: z
    .record(z.string(), filterValues)
    .default({})
    .describe('NetBox list filters applied to every read, e.g. {tag: [homelab]}'),
  /** After an apply, a journal entry on each source object (`journal`), or nothing (`off`). */
  writeBack: z
    .enum(['journal', 'off'])
    .default('off')
    .describe('after an apply, a journal entry on each NetBox source object'),
  timeoutMs: z.number().int().min(100).max(600_000).default(15_000).describe('per request, in ms'),
  concurrency: z.number().int().min(1).max(16).default(4).describe('NetBox requests in flight at once'),
});

export const serverSchema = z.strictObject({
  listen: listen.default('127.0.0.1:8080').describe('host:port of the HTTP API and webhook receiver'),
  apiTokens: z.array(secretRefSchema).default([]).describe('bearer tokens accepted on /v1/*'),
  /** `required` (default): webhooks without a valid X-Hook-Signature get 401. */
  webhookSignatures: z
    .enum(['required', 'disabled'])
    .default('required')
    .describe('`disabled` accepts unsigned webhooks (not recommended)'),
  /** Largest accepted webhook body in bytes. */
  bodyLimit: z
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('largest webhook body in bytes (413 above)'),
});

export const storeSchema = z.strictObject({
  path: z
    .string()
    .min(1)
    .default('./data/nbsync.sqlite')
    .describe('SQLite file (events, runs, plans, audit); relative to the config file'),
  /** Days to keep events, runs and plans. */
  retentionDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('days to keep events, runs and plans'),
});

export const scheduleSchema = z.strictObject({
  fullSync: z
    .string()
    .min(1)
    .default('*/15 * * * *')
    .describe('cron of the full reconcile (one also runs at start)'),
  debounceMs: z
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(1000)
    .describe('wait for more webhook events before a targeted reconcile'),
  /** Optional cron for polling NetBox's change log when webhooks are not configured. */
  pollChanges: z
    .string()
    .min(1)
    .optional()
    .describe('cron to poll NetBox’s change log when webhooks are not set up'),
});

export const safetySchema = z.strictObject({
  maxChangePercent: z
    .number()
    .min(0)
    .max(100)
    .default(30)
    .describe('refuse a plan updating or deleting more than this % of owned objects'),
  minExisting: z.number().int().min(0).default(10).describe('…once the sink owns at least this many'),
});

/** Keys every sink has, whatever its type. */
export const commonSinkSchema = z.strictObject({
  type: z.string().describe('the sink type (see the sink pages)'),
  mode: z
    .enum(['observe', 'propose', 'apply'])
    .default('propose')
    .describe('observe: plan only; propose: apply on approval; apply: right away'),
  policy: z
    .enum(['sync', 'upsert-only', 'create-only'])
    .default('sync')
    .describe('upsert-only never deletes; create-only never updates or deletes'),
  safety: safetySchema.default({ maxChangePercent: 30, minExisting: 10 }),
  adopt: z.boolean().default(false).describe('take over unmarked objects that collide with desired ones'),
});

export const COMMON_SINK_KEYS = Object.keys(commonSinkSchema.shape);

export const topSchema = z.strictObject({
  instance: z
    .string()
    .refine(
      isValidInstance,
      'expected a short id: lower-case letters, digits, "_", "." or "-" (e.g. "homelab")',
    )
    .describe('owner id written in owner marks; one per nbsync deployment'),
  netbox: netboxSchema,
  server: serverSchema.default({
    listen: '127.0.0.1:8080',
    apiTokens: [],
    webhookSignatures: 'required',
    bodyLimit: 1024 * 1024,
  }),
  store: storeSchema.default({ path: './data/nbsync.sqlite', retentionDays: 30 }),
  schedule: scheduleSchema.default({ fullSync: '*/15 * * * *', debounceMs: 1000 }),
  sinks: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'sink names are lower-case letters, digits and "-"'),
      z.record(z.string(), z.unknown()),
    )
    .describe('the targets, by name'),
});

export type SecretRefConfig = z.infer<typeof secretRefSchema>;
export type NetBoxConfig = z.infer<typeof netboxSchema>;
export type ServerConfig = z.infer<typeof serverSchema>;
export type StoreConfig = z.infer<typeof storeSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type CommonSinkConfig = z.infer<typeof commonSinkSchema>;
