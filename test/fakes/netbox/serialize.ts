import { modelOf } from './models/index.js';
import type { ModelDef, RenderContext } from './schema.js';
import type { JsonObject, ObjectType, StoredRecord } from './types.js';
import { atLeast } from './version.js';

/** Keys every model renders the same way. */
const COMMON_SINCE: Readonly<Record<string, string>> = { display_url: '4.1', owner: '4.5' };

/** The API path of a model for the emulated version (without `/api/` and slashes). */
export function apiPath(model: ModelDef, ctx: Pick<RenderContext, 'version'>): string {
  if (model.pathBefore && !atLeast(ctx.version, model.pathBefore.version)) return model.pathBefore.path;
  return model.path;
}

export function objectUrl(ctx: RenderContext, type: ObjectType, id: number): string {
  return `${ctx.base}/api/${apiPath(modelOf(type), ctx)}/${id}/`;
}

/** True when `key` (an output key or writable field) exists in the emulated version. */
export function keyVisible(model: ModelDef, key: string, ctx: Pick<RenderContext, 'version'>): boolean {
  const since = model.keySince?.[key] ?? COMMON_SINCE[key];
  if (since !== undefined && !atLeast(ctx.version, since)) return false;
  const until = model.keyUntil?.[key];
  return until === undefined || !atLeast(ctx.version, until);
}

/** The full representation's keys, in order, for the emulated version. */
export function visibleLayout(model: ModelDef, ctx: RenderContext): string[] {
  return ctx.store.memo(`layout:${model.type}:${ctx.version.text}`, () =>
    model.layout.filter((key) => keyVisible(model, key, ctx)),
  );
}

const nestedKeyCache = new Map<string, string[]>();

/** Keys of the nested (brief) form, version-filtered; `key@4.6` entries exist from that version. */
function nestedKeys(model: ModelDef, ctx: RenderContext, explicit?: readonly string[]): string[] {
  const cacheKey = `${model.type}|${ctx.version.text}|${explicit?.join(',') ?? ''}`;
  let keys = nestedKeyCache.get(cacheKey);
  if (!keys) {
    const source = explicit ?? model.brief.filter((key) => !model.counts?.includes(key));
    keys = source
      .filter((entry) => {
        const [, since] = entry.split('@');
        return since === undefined || atLeast(ctx.version, since);
      })
      .map((entry) => entry.split('@')[0] ?? entry)
      .filter((key) => keyVisible(model, key, ctx));
    nestedKeyCache.set(cacheKey, keys);
  }
  return keys;
}

/** The nested representation of `type` #`id`, or `null`. */
export function nested(
  ctx: RenderContext,
  type: ObjectType,
  id: unknown,
  keys?: readonly string[],
): JsonObject | null {
  if (typeof id !== 'number') return null;
  const record = ctx.store.get(type, id);
  if (!record) return null;
  const model = modelOf(type);
  return render(model, record, ctx, nestedKeys(model, ctx, keys));
}

/** Nested form of a generic relation target (`assigned_object`, `scope`…). */
export function nestedGeneric(ctx: RenderContext, type: unknown, id: unknown): JsonObject | null {
  if (typeof type !== 'string' || typeof id !== 'number') return null;
  try {
    return nested(ctx, type as ObjectType, id);
  } catch {
    return null;
  }
}

function nestedTag(ctx: RenderContext, id: number): JsonObject | null {
  return nested(ctx, 'extras.tag', id, ['id', 'url', 'display_url', 'display', 'name', 'slug', 'color']);
}

/** Custom field definitions that apply to `type`, in NetBox's order (weight, name). */
export function customFieldsFor(
  ctx: Pick<RenderContext, 'store'>,
  type: ObjectType,
): readonly StoredRecord[] {
  return ctx.store.memo(`cf:${type}`, () =>
    ctx.store
      .byId('extras.customfield')
      .filter((cf) => (cf['object_types'] as string[]).includes(type))
      .sort(
        (a, b) =>
          (a['weight'] as number) - (b['weight'] as number) ||
          String(a['name']).localeCompare(String(b['name'])),
      ),
  );
}

function renderValue(model: ModelDef, key: string, record: StoredRecord, ctx: RenderContext): unknown {
  const compute = model.computed?.[key];
  if (compute) return compute(record, ctx);
  const spec = model.fields[key];
  const value = record[key];
  if (spec) {
    switch (spec.kind) {
      case 'string':
        return value ?? spec.default ?? (spec.nullable ? null : '');
      case 'choice': {
        if (value === null || value === undefined || value === '') return null;
        return { value, label: spec.choices[String(value)] ?? '' };
      }
      case 'fk':
        return nested(ctx, spec.target, value, spec.nested);
      case 'm2m':
        return ((value as number[] | undefined) ?? []).map((id) => nested(ctx, spec.target, id));
      case 'bool':
        return value ?? spec.default;
      case 'json':
        return value === undefined ? spec.default : value;
      default:
        return value ?? null;
    }
  }
  switch (key) {
    case 'id':
      return record.id;
    case 'url':
      return `${ctx.base}/api/${apiPath(model, ctx)}/${record.id}/`;
    case 'display_url':
      return `${ctx.base}/${apiPath(model, ctx)}/${record.id}/`;
    case 'display':
      return model.display(record, ctx);
    case 'tags':
      return ((record['tags'] as number[] | undefined) ?? [])
        .map((id) => nestedTag(ctx, id))
        .filter((tag): tag is JsonObject => tag !== null)
        .sort((a, b) => String(a['name']).localeCompare(String(b['name'])));
    case 'custom_fields': {
      const values = (record['custom_fields'] as Record<string, unknown> | undefined) ?? {};
      const out: JsonObject = {};
      for (const cf of customFieldsFor(ctx, model.type)) {
        const name = String(cf['name']);
        out[name] = values[name] ?? null;
      }
      return out;
    }
    case 'owner':
      return null;
    default:
      return record[key] ?? null;
  }
}

/** Render `record` with exactly `keys` (default: the full representation). */
export function render(
  model: ModelDef,
  record: StoredRecord,
  ctx: RenderContext,
  keys?: readonly string[],
): JsonObject {
  const out: JsonObject = {};
  for (const key of keys ?? visibleLayout(model, ctx)) out[key] = renderValue(model, key, record, ctx);
  return out;
}
