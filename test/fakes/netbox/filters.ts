import { parseMicros } from './clock.js';
import { modelOf } from './models/index.js';
import { textOf } from './models/common.js';
import type { FieldSpec, ModelDef, RenderContext } from './schema.js';
import { customFieldsFor } from './serialize.js';
import type { FieldErrors, ObjectType, StoredRecord } from './types.js';

type Predicate = (record: StoredRecord) => boolean;

/** Query parameters that are not filters. */
const RESERVED = new Set([
  'limit',
  'offset',
  'start',
  'brief',
  'fields',
  'omit',
  'exclude',
  'ordering',
  'format',
]);

const LOOKUP = /^(.+?)__(n|ic|nic|isw|nisw|iew|niew|ie|nie|empty|regex|iregex|gte|gt|lte|lt)$/;
const NEGATED = new Set(['n', 'nic', 'nisw', 'niew', 'nie']);

const invalidChoice = (value: string): string =>
  `Select a valid choice. ${value} is not one of the available choices.`;

/** Compare one value with a lookup; `value` is already the record's comparable value. */
function matchLookup(
  lookup: string,
  actual: unknown,
  wanted: string,
  kind: 'text' | 'number' | 'time',
): boolean {
  if (lookup === 'empty') {
    const empty = actual === null || actual === undefined || actual === '';
    return (wanted.toLowerCase() === 'true') === empty;
  }
  if (kind !== 'text') {
    const left =
      typeof actual === 'number'
        ? actual
        : kind === 'time'
          ? parseMicros(String(actual ?? ''))
          : Number(actual);
    const right = kind === 'time' ? parseMicros(wanted) : Number(wanted);
    if (left === null || right === null || actual === null || actual === undefined) return lookup === 'n';
    switch (lookup) {
      case 'gte':
        return left >= right;
      case 'gt':
        return left > right;
      case 'lte':
        return left <= right;
      case 'lt':
        return left < right;
      case 'n':
        return left !== right;
      default:
        return left === right;
    }
  }
  const text = String(actual ?? '');
  const lower = text.toLowerCase();
  const want = wanted.toLowerCase();
  switch (lookup) {
    case 'n':
      return text !== wanted;
    case 'ic':
      return lower.includes(want);
    case 'nic':
      return !lower.includes(want);
    case 'isw':
      return lower.startsWith(want);
    case 'nisw':
      return !lower.startsWith(want);
    case 'iew':
      return lower.endsWith(want);
    case 'niew':
      return !lower.endsWith(want);
    case 'ie':
      return lower === want;
    case 'nie':
      return lower !== want;
    case 'regex':
      return new RegExp(wanted).test(text);
    case 'iregex':
      return new RegExp(wanted, 'i').test(text);
    default:
      return text === wanted;
  }
}

/** Combine per-value tests: OR for positive lookups, AND for negated ones. */
function combine(
  lookup: string,
  values: string[],
  test: (record: StoredRecord, value: string) => boolean,
): Predicate {
  return NEGATED.has(lookup)
    ? (record) => values.every((value) => test(record, value))
    : (record) => values.some((value) => test(record, value));
}

/** Ids (or slugs/names) of a related model, or a 400 for one that does not exist. */
function relatedIds(
  target: ObjectType,
  values: string[],
  byLookupField: boolean,
  ctx: RenderContext,
): Array<number | null> | string[] {
  const targetModel = modelOf(target);
  const out: Array<number | null> = [];
  const errors: string[] = [];
  for (const value of values) {
    if (value === 'null') {
      out.push(null);
      continue;
    }
    const record = byLookupField
      ? ctx.store
          .byId(target)
          .find((candidate) => String(candidate[targetModel.lookupField ?? 'name']) === value)
      : /^\d+$/.test(value)
        ? ctx.store.get(target, Number(value))
        : undefined;
    if (record) out.push(record.id);
    else errors.push(invalidChoice(value));
  }
  return errors.length > 0 ? errors : out;
}

function fieldFilter(name: string, lookup: string, spec: FieldSpec, values: string[]): Predicate | string[] {
  switch (spec.kind) {
    case 'choice': {
      if (lookup === 'exact' || lookup === 'n') {
        const bad = values.filter((value) => !Object.hasOwn(spec.choices, value));
        if (bad.length > 0) return bad.map(invalidChoice);
      }
      return combine(lookup, values, (record, value) => matchLookup(lookup, record[name], value, 'text'));
    }
    case 'int':
    case 'decimal':
    case 'generic-id':
      if (lookup !== 'empty' && values.some((value) => Number.isNaN(Number(value))))
        return ['Enter a number.'];
      return combine(lookup, values, (record, value) => matchLookup(lookup, record[name], value, 'number'));
    case 'bool':
      return combine(
        lookup,
        values,
        (record, value) => String(record[name]) === String(['true', '1', 'True'].includes(value)),
      );
    case 'json':
      return (): boolean => true;
    default:
      return combine(lookup, values, (record, value) => matchLookup(lookup, record[name], value, 'text'));
  }
}

function relationFilter(
  field: string,
  target: ObjectType,
  byLookupField: boolean,
  lookup: string,
  values: string[],
  ctx: RenderContext,
): Predicate | string[] {
  const ids = relatedIds(target, values, byLookupField, ctx);
  if (ids.some((id) => typeof id === 'string')) return ids as string[];
  const wanted = ids as Array<number | null>;
  const has = (record: StoredRecord): boolean => {
    const value = record[field];
    if (Array.isArray(value)) return wanted.some((id) => value.includes(id));
    return wanted.includes((value as number | null | undefined) ?? null);
  };
  return lookup === 'n' ? (record) => !has(record) : has;
}

function tagFilter(key: string, lookup: string, values: string[], ctx: RenderContext): Predicate | string[] {
  const ids = relatedIds('extras.tag', values, key === 'tag', ctx);
  if (ids.some((id) => typeof id === 'string')) return ids as string[];
  const wanted = ids as number[];
  const tagsOf = (record: StoredRecord): number[] => (record['tags'] as number[] | undefined) ?? [];
  if (lookup === 'n') return (record) => !wanted.some((id) => tagsOf(record).includes(id));
  return (record) => wanted.every((id) => tagsOf(record).includes(id));
}

function customFieldFilter(
  model: ModelDef,
  name: string,
  lookup: string,
  values: string[],
  ctx: RenderContext,
): Predicate | null {
  const cf = customFieldsFor(ctx, model.type).find((candidate) => candidate['name'] === name);
  if (!cf) return null;
  const numeric = cf['type'] === 'integer' || cf['type'] === 'decimal';
  return combine(lookup, values, (record, value) => {
    const actual = ((record['custom_fields'] as Record<string, unknown> | undefined) ?? {})[name];
    if (Array.isArray(actual)) return actual.map(String).includes(value) !== NEGATED.has(lookup);
    if (cf['type'] === 'boolean' && lookup === 'exact') return String(actual) === value.toLowerCase();
    return matchLookup(lookup, actual, value, numeric ? 'number' : 'text');
  });
}

/**
 * Build the predicate for a list request's query. Unknown parameters are ignored (NetBox
 * ignores filters it does not know); invalid values of known ones give DRF-style 400 errors.
 */
export function buildFilter(
  model: ModelDef,
  params: URLSearchParams,
  ctx: RenderContext,
): { predicate: Predicate } | { errors: FieldErrors } {
  const predicates: Predicate[] = [];
  const errors: FieldErrors = {};
  for (const key of new Set(params.keys())) {
    if (RESERVED.has(key)) continue;
    const values = params.getAll(key);
    const match = LOOKUP.exec(key);
    const base = match?.[1] ?? key;
    const lookup = match?.[2] ?? 'exact';
    let result: Predicate | string[] | null = null;
    const special = model.filters?.[key];
    const spec = model.fields[base];
    if (special) {
      const invalid = special.validate?.(values, ctx);
      result = invalid ?? special.build(values, ctx);
    } else if (base === 'id') {
      result = fieldFilter('id', lookup, { kind: 'int' }, values);
    } else if (
      base === 'created' ||
      base === 'last_updated' ||
      (base === 'time' && model.type === 'core.objectchange')
    ) {
      if (lookup !== 'empty' && values.some((value) => parseMicros(value) === null))
        result = ['Enter a valid date/time.'];
      else
        result = combine(lookup, values, (record, value) => matchLookup(lookup, record[base], value, 'time'));
    } else if (model.type === 'core.objectchange' && (key === 'time_after' || key === 'time_before')) {
      if (values.some((value) => parseMicros(value) === null)) result = ['Enter a valid date/time.'];
      else
        result = combine(key === 'time_after' ? 'gte' : 'lte', values, (record, value) =>
          matchLookup(key === 'time_after' ? 'gte' : 'lte', record['time'], value, 'time'),
        );
    } else if (model.tags && (base === 'tag' || base === 'tag_id')) {
      result = tagFilter(base, lookup, values, ctx);
    } else if (base === 'q') {
      const wanted = (values[0] ?? '').trim().toLowerCase();
      result = (record) => wanted === '' || textOf(record, model.search).includes(wanted);
    } else if (base.startsWith('cf_') && model.customFields) {
      result = customFieldFilter(model, base.slice(3), lookup, values, ctx);
    } else if (spec && (spec.kind === 'fk' || spec.kind === 'm2m')) {
      const target = modelOf(spec.target);
      result = target.lookupField ? relationFilter(base, spec.target, true, lookup, values, ctx) : null;
    } else if (base.endsWith('_id') && model.fields[base.slice(0, -3)]) {
      const relation = model.fields[base.slice(0, -3)]!;
      if (relation.kind === 'fk' || relation.kind === 'm2m')
        result = relationFilter(base.slice(0, -3), relation.target, false, lookup, values, ctx);
    } else if (spec) {
      result = fieldFilter(base, lookup, spec, values);
    }
    if (Array.isArray(result)) errors[key] = result;
    else if (result) predicates.push(result);
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { predicate: (record) => predicates.every((predicate) => predicate(record)) };
}
