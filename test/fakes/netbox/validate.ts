import { modelOf } from './models/index.js';
import type { FieldSpec, ModelDef, RenderContext } from './schema.js';
import { customFieldsFor, keyVisible } from './serialize.js';
import type { FieldErrors, JsonObject, ObjectType, StoredRecord } from './types.js';
import { atLeast } from './version.js';

/** Thrown inside coercion; carries one DRF field error message (or a nested error object). */
class FieldError {
  constructor(readonly detail: unknown) {}
}

/** Python `repr` of a small dict, as NetBox prints lookup attributes in messages. */
function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as JsonObject)
      .map(([k, v]) => `'${k}': ${pythonRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Resolve a related-object reference: a numeric id or an object of identifying attributes. */
export function resolveRef(ctx: RenderContext, target: ObjectType, ref: unknown): number {
  if (ref !== null && typeof ref === 'object' && !Array.isArray(ref)) {
    const attrs = ref as JsonObject;
    const matches = ctx.store
      .byId(target)
      .filter((record) =>
        Object.entries(attrs).every(([key, value]) =>
          key === 'id' ? record.id === value : record[key] === value,
        ),
      );
    if (matches.length === 1) return matches[0]!.id;
    const verb = matches.length === 0 ? 'Related object not found using' : 'Multiple objects match';
    throw new FieldError([`${verb} the provided attributes: ${pythonRepr(attrs)}`]);
  }
  const id = typeof ref === 'number' ? ref : typeof ref === 'string' && /^\d+$/.test(ref) ? Number(ref) : NaN;
  if (!Number.isInteger(id)) {
    throw new FieldError([
      `Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: ${String(ref)}`,
    ]);
  }
  if (!ctx.store.get(target, id))
    throw new FieldError([`Related object not found using the provided numeric ID: ${id}`]);
  return id;
}

function coerceInt(value: unknown): number {
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number))
    throw new FieldError(['A valid integer is required.']);
  return number;
}

function coerce(spec: FieldSpec, value: unknown, ctx: RenderContext): unknown {
  if (value === null && spec.kind !== 'json') {
    const nullable =
      spec.kind === 'fk' || spec.kind === 'generic-type' || spec.kind === 'generic-id'
        ? !spec.required
        : spec.kind !== 'bool' && spec.kind !== 'm2m' && spec.nullable === true;
    if (nullable) return null;
    if (spec.kind !== 'choice') throw new FieldError(['This field may not be null.']);
  }
  switch (spec.kind) {
    case 'string':
      if (typeof value === 'number') return String(value);
      if (typeof value !== 'string') throw new FieldError(['Not a valid string.']);
      if (spec.required && value.trim() === '') throw new FieldError(['This field may not be blank.']);
      return value;
    case 'int': {
      const number = coerceInt(value);
      if (spec.min !== undefined && number < spec.min)
        throw new FieldError([`Ensure this value is greater than or equal to ${spec.min}.`]);
      if (spec.max !== undefined && number > spec.max)
        throw new FieldError([`Ensure this value is less than or equal to ${spec.max}.`]);
      return number;
    }
    case 'decimal': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number))
        throw new FieldError(['A valid number is required.']);
      if (spec.min !== undefined && number < spec.min)
        throw new FieldError([`Ensure this value is greater than or equal to ${spec.min}.`]);
      return Math.round(number * 100) / 100;
    }
    case 'bool':
      if (value === true || value === 'true' || value === 'True' || value === 1 || value === '1') return true;
      if (value === false || value === 'false' || value === 'False' || value === 0 || value === '0')
        return false;
      throw new FieldError(['Must be a valid boolean.']);
    case 'json':
      return value;
    case 'choice': {
      if (value === null || value === '') {
        if (spec.nullable) return null;
        throw new FieldError(['This field may not be blank.']);
      }
      if (typeof value === 'object')
        throw new FieldError([
          'Value must be passed directly (e.g. "foo": 123); do not use a dictionary or list.',
        ]);
      if (!Object.hasOwn(spec.choices, String(value)))
        throw new FieldError([`${String(value)} is not a valid choice.`]);
      return String(value);
    }
    case 'fk':
      return resolveRef(ctx, spec.target, value);
    case 'm2m':
      if (!Array.isArray(value))
        throw new FieldError([`Expected a list of items but got type "${typeof value}".`]);
      return [...new Set(value.map((item) => resolveRef(ctx, spec.target, item)))];
    case 'generic-type':
      if (typeof value !== 'string' || !spec.allowed.includes(value as ObjectType)) {
        throw new FieldError([`Invalid content type: ${String(value)}`]);
      }
      return value;
    case 'generic-id':
      return coerceInt(value);
  }
}

function defaultOf(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'bool':
      return spec.default;
    case 'json':
      return structuredClone(spec.default);
    case 'm2m':
      return [];
    case 'string':
      return spec.default ?? (spec.nullable ? null : '');
    case 'int':
    case 'choice':
      return spec.default ?? null;
    default:
      return null;
  }
}

function resolveTags(ctx: RenderContext, value: unknown): number[] {
  if (!Array.isArray(value))
    throw new FieldError([`Expected a list of items but got type "${typeof value}".`]);
  return [...new Set(value.map((item) => resolveRef(ctx, 'extras.tag', item)))];
}

function coerceCustomField(cf: StoredRecord, value: unknown): unknown {
  if (value === null || value === '') return null;
  const type = String(cf['type']);
  const ok =
    type === 'integer'
      ? Number.isInteger(value)
      : type === 'decimal'
        ? typeof value === 'number'
        : type === 'boolean'
          ? typeof value === 'boolean'
          : type === 'multiselect'
            ? Array.isArray(value)
            : type === 'json' || type === 'object' || type === 'multiobject'
              ? true
              : typeof value === 'string';
  if (!ok) {
    const what =
      type === 'integer'
        ? 'an integer'
        : type === 'boolean'
          ? 'true or false'
          : type === 'decimal'
            ? 'a decimal'
            : 'a string';
    throw new FieldError([`Value must be ${what}.`]);
  }
  return value;
}

function customFields(
  ctx: RenderContext,
  model: ModelDef,
  value: unknown,
  previous: StoredRecord | undefined,
): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FieldError([
      'Invalid data format. Custom field data must be passed as a dictionary mapping field names to their values.',
    ]);
  }
  const defined = new Map(customFieldsFor(ctx, model.type).map((cf) => [String(cf['name']), cf]));
  const unknown = Object.keys(value)
    .filter((name) => !defined.has(name))
    .sort();
  if (unknown.length > 0) {
    throw new FieldError(
      Object.fromEntries(
        unknown.map((name) => [name, `Custom field '${name}' does not exist for this object type.`]),
      ),
    );
  }
  const merged: JsonObject = { ...((previous?.['custom_fields'] as JsonObject | undefined) ?? {}) };
  for (const [name, item] of Object.entries(value as JsonObject))
    merged[name] = coerceCustomField(defined.get(name)!, item);
  return merged;
}

/**
 * Validate a write body against a model, as DRF + `full_clean()` would, and build the record
 * to store. Unknown keys (and keys the emulated version does not have) are ignored, as DRF does.
 */
export function buildCandidate(
  model: ModelDef,
  rawBody: unknown,
  previous: StoredRecord | undefined,
  ctx: RenderContext,
  partial: boolean,
): { candidate: StoredRecord } | { errors: FieldErrors } {
  if (rawBody === null || typeof rawBody !== 'object' || Array.isArray(rawBody)) {
    return {
      errors: {
        non_field_errors: [
          `Invalid data. Expected a dictionary, but got ${Array.isArray(rawBody) ? 'list' : typeof rawBody}.`,
        ],
      },
    };
  }
  const visible = Object.fromEntries(
    Object.entries(rawBody as JsonObject).filter(([key]) => keyVisible(model, key, ctx)),
  );
  const body = model.fromWire ? model.fromWire(visible, ctx) : visible;
  const errors: FieldErrors = {};
  const candidate: StoredRecord = { ...(previous ?? { id: 0 }) };
  const attempt = (key: string, run: () => void): void => {
    try {
      run();
    } catch (err) {
      if (err instanceof FieldError) errors[key] = err.detail;
      else throw err;
    }
  };
  for (const [name, spec] of Object.entries(model.fields)) {
    if (Object.hasOwn(body, name)) attempt(name, () => (candidate[name] = coerce(spec, body[name], ctx)));
    else if ((!previous || !partial) && 'required' in spec && spec.required)
      errors[name] = ['This field is required.'];
    else if (!previous) candidate[name] = defaultOf(spec);
  }
  if (model.tags) applyTags(body, previous, candidate, ctx, attempt);
  if (model.customFields) {
    if (Object.hasOwn(body, 'custom_fields'))
      attempt(
        'custom_fields',
        () => (candidate['custom_fields'] = customFields(ctx, model, body['custom_fields'], previous)),
      );
    else if (!previous) candidate['custom_fields'] = {};
    if (!previous) {
      const values = candidate['custom_fields'] as JsonObject;
      for (const cf of customFieldsFor(ctx, model.type)) values[String(cf['name'])] ??= cf['default'] ?? null;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  const cleaned = model.clean?.(candidate, previous, ctx);
  return cleaned && Object.keys(cleaned).length > 0 ? { errors: cleaned } : { candidate };
}

function applyTags(
  body: JsonObject,
  previous: StoredRecord | undefined,
  candidate: StoredRecord,
  ctx: RenderContext,
  attempt: (key: string, run: () => void) => void,
): void {
  if (!previous) candidate['tags'] = [];
  if (Object.hasOwn(body, 'tags'))
    attempt('tags', () => (candidate['tags'] = resolveTags(ctx, body['tags'])));
  if (!atLeast(ctx.version, '4.6')) return;
  const adding = Object.hasOwn(body, 'add_tags');
  const removing = Object.hasOwn(body, 'remove_tags');
  if ((adding || removing) && Object.hasOwn(body, 'tags')) {
    attempt('non_field_errors', () => {
      throw new FieldError(['Cannot specify "tags" together with "add_tags" or "remove_tags".']);
    });
    return;
  }
  if (removing && !previous) {
    attempt('remove_tags', () => {
      throw new FieldError(['"remove_tags" is not allowed when creating an object.']);
    });
    return;
  }
  attempt('add_tags', () => {
    const add = adding ? resolveTags(ctx, body['add_tags']) : [];
    const remove = removing ? resolveTags(ctx, body['remove_tags']) : [];
    if (add.some((id) => remove.includes(id)))
      throw new FieldError(['A tag cannot be both added and removed.']);
    const current = (candidate['tags'] as number[]).filter((id) => !remove.includes(id));
    candidate['tags'] = [...new Set([...current, ...add])];
  });
}

/** The model of an object type (re-exported for the mutation module). */
export { modelOf };
