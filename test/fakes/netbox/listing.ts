import type { ModelDef, RenderContext } from './schema.js';
import { keyVisible, render, visibleLayout } from './serialize.js';
import type { JsonObject, StoredRecord } from './types.js';
import { atLeast } from './version.js';

/** Paging settings of the emulated server. */
export interface PagingSettings {
  readonly paginateCount: number;
  readonly maxPageSize: number;
}

/** A response body and status, before headers. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** Python's `urlencode(sorted(query.items()), doseq=True)` with `quote_plus`, as DRF builds page links. */
function pythonQuery(params: URLSearchParams): string {
  const quote = (text: string): string =>
    encodeURIComponent(text)
      .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  const keys = [...new Set(params.keys())].sort();
  return keys.flatMap((key) => params.getAll(key).map((value) => `${quote(key)}=${quote(value)}`)).join('&');
}

/** The request URL with some query parameters replaced (`undefined` removes one). */
function linkTo(url: URL, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(url.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) params.delete(key);
    else params.set(key, value);
  }
  const query = pythonQuery(params);
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}

/** NetBox's `get_limit`: default page, `0` → MAX_PAGE_SIZE, capped at MAX_PAGE_SIZE, junk → default. */
function pageLimit(params: URLSearchParams, settings: PagingSettings): number {
  const fallback = settings.maxPageSize
    ? Math.min(settings.paginateCount, settings.maxPageSize)
    : settings.paginateCount;
  const raw = params.get('limit');
  if (raw === null || !/^\d+$/.test(raw.trim())) return fallback;
  const limit = Number(raw);
  if (!settings.maxPageSize) return limit;
  return limit === 0 ? settings.maxPageSize : Math.min(settings.maxPageSize, limit);
}

/**
 * Which keys to render: `fields` wins, then `omit` (4.5.2+), then `brief`; devices and VMs
 * drop `config_context` with `exclude=config_context` or in brief mode. `brief` is on for any
 * non-empty value (NetBox tests the raw string, so `brief=false` is brief too).
 */
export function selectKeys(
  model: ModelDef,
  params: URLSearchParams,
  ctx: RenderContext,
  method: string,
): readonly string[] {
  const layout = visibleLayout(model, ctx);
  const brief = method === 'GET' && Boolean(params.get('brief'));
  const fields = params.get('fields');
  const omit = atLeast(ctx.version, '4.5.2') ? params.get('omit') : null;
  let keys: readonly string[];
  if (fields) {
    const wanted = new Set(fields.split(','));
    keys = layout.filter((key) => wanted.has(key));
  } else if (omit) {
    const dropped = new Set(omit.split(','));
    keys = layout.filter((key) => !dropped.has(key));
  } else if (brief) {
    keys = model.brief.filter((key) => keyVisible(model, key, ctx));
  } else {
    keys = layout;
  }
  if (brief || (params.get('exclude') ?? '').includes('config_context'))
    keys = keys.filter((key) => key !== 'config_context');
  return keys;
}

function compareBy(
  orderings: string[],
  model: ModelDef,
): ((a: StoredRecord, b: StoredRecord) => number) | null {
  const keys = orderings
    .map((entry) => ({ key: entry.replace(/^-/, ''), sign: entry.startsWith('-') ? -1 : 1 }))
    .filter(
      ({ key }) =>
        key === 'id' ||
        key === 'created' ||
        key === 'last_updated' ||
        (model.fields[key] && model.fields[key].kind !== 'json'),
    );
  if (keys.length === 0) return null;
  return (a, b) => {
    for (const { key, sign } of keys) {
      const left = a[key] ?? '';
      const right = b[key] ?? '';
      const diff =
        typeof left === 'number' && typeof right === 'number'
          ? left - right
          : String(left).localeCompare(String(right));
      if (diff !== 0) return diff * sign;
    }
    return a.id - b.id;
  };
}

/** Page, order and shape a filtered list into NetBox's envelope. */
export function listReply(
  model: ModelDef,
  records: readonly StoredRecord[],
  url: URL,
  ctx: RenderContext,
  settings: PagingSettings,
): Reply {
  const params = url.searchParams;
  const limit = pageLimit(params, settings);
  const keys = selectKeys(model, params, ctx, 'GET');
  const shape = (page: readonly StoredRecord[]): JsonObject[] =>
    page.map((record) => render(model, record, ctx, keys));

  if (atLeast(ctx.version, '4.6') && params.has('start')) {
    const raw = params.get('start') ?? '';
    if (!/^\d+$/.test(raw.trim()))
      return { status: 400, body: ["Invalid 'start' parameter: must be a non-negative integer."] };
    if (params.has('offset')) return { status: 400, body: ["'start' and 'offset' are mutually exclusive."] };
    if (params.has('ordering'))
      return {
        status: 400,
        body: ['Ordering cannot be specified in conjunction with cursor-based pagination.'],
      };
    const start = Number(raw);
    const page = records
      .filter((record) => record.id >= start)
      .sort((a, b) => a.id - b.id)
      .slice(0, limit || undefined);
    const last = page.at(-1);
    const next =
      limit && page.length >= limit && last
        ? linkTo(url, { start: String(last.id + 1), limit: String(limit), offset: undefined })
        : null;
    return { status: 200, body: { count: null, next, previous: null, results: shape(page) } };
  }

  const ordering = params.get('ordering');
  const compare = ordering ? compareBy(ordering.split(','), model) : null;
  const ordered = compare ? [...records].sort(compare) : records;
  const count = ordered.length;
  const rawOffset = params.get('offset');
  const offset = rawOffset !== null && /^\d+$/.test(rawOffset.trim()) ? Number(rawOffset) : 0;
  const page = count === 0 || offset > count ? [] : ordered.slice(offset, limit ? offset + limit : undefined);
  let next: string | null = null;
  let previous: string | null = null;
  if (limit) {
    if (offset + limit < count) next = linkTo(url, { limit: String(limit), offset: String(offset + limit) });
    if (offset > 0) {
      previous =
        offset - limit <= 0
          ? linkTo(url, { limit: String(limit), offset: undefined })
          : linkTo(url, { limit: String(limit), offset: String(offset - limit) });
    }
  }
  return { status: 200, body: { count, next, previous, results: shape(page) } };
}
