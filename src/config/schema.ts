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
  url: z.url({ error: 'expected the NetBox base URL, e.g. https://netbox.example.net' }),
  token: secretRefSchema,
  webhookSecret: secretRefSchema.optional(),
  caFile: z.string().min(1).optional(),
  /** NetBox list filters applied to every read, e.g. `{tag: [homelab]}`; validated at start. */
  filters: z.record(z.string(), filterValues).default({}),
  /** After an apply, a journal entry on each source object (`journal`), or nothing (`off`). */
  writeBack: z.enum(['journal', 'off']).default('off'),
  timeoutMs: z.number().int().min(100).max(600_000).default(15_000),
  concurrency: z.number().int().min(1).max(16).default(4),
});

export const serverSchema = z.strictObject({
  listen: listen.default('127.0.0.1:8080'),
  apiTokens: z.array(secretRefSchema).default([]),
  /** `required` (default): webhooks without a valid X-Hook-Signature get 401. */
  webhookSignatures: z.enum(['required', 'disabled']).default('required'),
  /** Largest accepted webhook body in bytes. */
  bodyLimit: z
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
});

export const storeSchema = z.strictObject({
  path: z.string().min(1).default('./data/nbsync.sqlite'),
  /** Days to keep events, runs and plans. */
  retentionDays: z.number().int().min(1).max(3650).default(30),
});

export const scheduleSchema = z.strictObject({
  fullSync: z.string().min(1).default('*/15 * * * *'),
  debounceMs: z.number().int().min(0).max(600_000).default(1000),
  /** Optional cron for polling NetBox's change log when webhooks are not configured. */
  pollChanges: z.string().min(1).optional(),
});

export const safetySchema = z.strictObject({
  maxChangePercent: z.number().min(0).max(100).default(30),
  minExisting: z.number().int().min(0).default(10),
});

/** Keys every sink has, whatever its type. */
export const commonSinkSchema = z.strictObject({
  type: z.string(),
  mode: z.enum(['observe', 'propose', 'apply']).default('propose'),
  policy: z.enum(['sync', 'upsert-only', 'create-only']).default('sync'),
  safety: safetySchema.default({ maxChangePercent: 30, minExisting: 10 }),
  adopt: z.boolean().default(false),
});

export const COMMON_SINK_KEYS = Object.keys(commonSinkSchema.shape);

export const topSchema = z.strictObject({
  instance: z
    .string()
    .refine(
      isValidInstance,
      'expected a short id: lower-case letters, digits, "_", "." or "-" (e.g. "homelab")',
    ),
  netbox: netboxSchema,
  server: serverSchema.default({
    listen: '127.0.0.1:8080',
    apiTokens: [],
    webhookSignatures: 'required',
    bodyLimit: 1024 * 1024,
  }),
  store: storeSchema.default({ path: './data/nbsync.sqlite', retentionDays: 30 }),
  schedule: scheduleSchema.default({ fullSync: '*/15 * * * *', debounceMs: 1000 }),
  sinks: z.record(
    z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'sink names are lower-case letters, digits and "-"'),
    z.record(z.string(), z.unknown()),
  ),
});

export type SecretRefConfig = z.infer<typeof secretRefSchema>;
export type NetBoxConfig = z.infer<typeof netboxSchema>;
export type ServerConfig = z.infer<typeof serverSchema>;
export type StoreConfig = z.infer<typeof storeSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type CommonSinkConfig = z.infer<typeof commonSinkSchema>;
