/**
 * JSON schemas of the HTTP API bodies (fastify validates requests and serialises responses with
 * them). Open objects (`additionalProperties: true`) where the content is a sink's own spec.
 * openapi/nbsync.yaml describes the same shapes for readers.
 */

const anyValue = {} as const;
const openObject = { type: 'object', additionalProperties: true } as const;
const nullableOpenObject = { type: ['object', 'null'], additionalProperties: true } as const;

const changeSchema = {
  type: 'object',
  required: ['op', 'kind', 'key', 'before', 'after', 'diff', 'source', 'forced'],
  properties: {
    op: { type: 'string', enum: ['create', 'update', 'delete'] },
    kind: { type: 'string' },
    key: { type: 'string' },
    before: nullableOpenObject,
    after: nullableOpenObject,
    diff: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, from: anyValue, to: anyValue },
      },
    },
    source: { type: ['string', 'null'] },
    forced: { type: 'boolean' },
  },
} as const;

const countsSchema = {
  type: 'object',
  properties: {
    create: { type: 'integer' },
    update: { type: 'integer' },
    delete: { type: 'integer' },
    conflict: { type: 'integer' },
  },
} as const;

/** Plan JSON (DESIGN §3). */
export const planSchema = {
  type: 'object',
  required: ['id', 'checksum', 'createdAt', 'sinks'],
  properties: {
    id: { type: 'string' },
    checksum: { type: 'string' },
    createdAt: { type: 'string' },
    sinks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: {
          sink: { type: 'string' },
          type: { type: 'string' },
          mode: { type: 'string', enum: ['observe', 'propose', 'apply'] },
          status: { type: 'string', enum: ['ok', 'refused', 'error'] },
          reason: { type: 'string' },
          errorCode: { type: 'string' },
          counts: countsSchema,
          changes: { type: 'array', items: changeSchema },
          conflicts: { type: 'array', items: openObject },
          skipped: { type: 'array', items: openObject },
          unmanaged: { type: 'array', items: openObject },
          owned: { type: 'integer' },
        },
      },
    },
  },
} as const;

export const planQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sink: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } },
    format: { type: 'string', enum: ['json', 'markdown', 'text'], default: 'json' },
  },
} as const;

export const applyBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['checksum'],
  properties: {
    checksum: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
    sinks: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } },
    force: { type: 'boolean', default: false },
  },
} as const;

const outcomeSchema = {
  type: 'object',
  properties: {
    sink: { type: 'string' },
    op: { type: 'string' },
    kind: { type: 'string' },
    key: { type: 'string' },
    source: { type: ['string', 'null'] },
    outcome: { type: 'string' },
    reason: { type: 'string' },
    errorCode: { type: 'string' },
    note: { type: 'string' },
  },
} as const;

export const applyResponseSchema = {
  type: 'object',
  required: ['run', 'ok', 'plan', 'sinks'],
  properties: {
    run: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } },
    ok: { type: 'boolean' },
    plan: planSchema,
    sinks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sink: { type: 'string' },
          status: { type: 'string' },
          reason: { type: 'string' },
          outcomes: { type: 'array', items: outcomeSchema },
        },
      },
    },
  },
} as const;

export const runSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    trigger: { type: 'string', enum: ['full', 'event', 'manual', 'approval'] },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    status: { type: 'string' },
    planId: { type: ['string', 'null'] },
    checksum: { type: ['string', 'null'] },
    summary: openObject,
  },
} as const;

export const appliedChangeSchema = {
  type: 'object',
  properties: {
    at: { type: 'string' },
    sink: { type: 'string' },
    op: { type: 'string' },
    kind: { type: 'string' },
    key: { type: 'string' },
    source: { type: ['string', 'null'] },
    outcome: { type: 'string' },
    errorCode: { type: ['string', 'null'] },
    error: { type: ['string', 'null'] },
    note: { type: ['string', 'null'] },
  },
} as const;

export const sinkStatusSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    type: { type: 'string' },
    mode: { type: 'string' },
    lastRun: {
      type: ['object', 'null'],
      properties: { id: { type: 'string' }, at: { type: 'string' }, status: { type: 'string' } },
    },
    lastSuccessAt: { type: ['string', 'null'] },
    owned: { type: ['integer', 'null'] },
    pendingChanges: { type: ['integer', 'null'] },
    consecutiveErrors: { type: 'integer' },
    lastError: { type: ['string', 'null'] },
  },
} as const;
