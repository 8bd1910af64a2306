// Reading a whole NetBox list: the first page tells `count` and the server's real page size
// (MAX_PAGE_SIZE may be below what was asked), then the other offsets are fetched concurrently
// through the shared queue. A list that changed while it was read (count moved, ids repeated
// or missing) is read again; a page that fails fails the whole list (fail closed).
import type PQueue from 'p-queue';
import { SyncError } from '../../model/errors.js';
import type { ListPath, PageQuery } from './client.js';
import type { Envelope } from './schemas.js';

export type PageFetcher = (query: PageQuery, signal: AbortSignal) => Promise<Envelope>;

export interface ListOptions {
  readonly path: ListPath;
  /** Base URL nbsync was configured with; `next` links are rewritten onto it. */
  readonly baseUrl: string;
  readonly queue: PQueue;
  readonly signal: AbortSignal;
  /** Asked page size (default 1000, NetBox's default MAX_PAGE_SIZE). */
  readonly pageSize?: number;
  /** Whole-list re-reads when the list changed mid-read (default 2). */
  readonly rereads?: number;
}

class ChangedDuringRead extends Error {}

/** All items of one list, in page order. */
export async function listAll(
  fetchPage: PageFetcher,
  query: PageQuery,
  options: ListOptions,
): Promise<unknown[]> {
  const rereads = options.rereads ?? 2;
  for (let round = 0; ; round++) {
    try {
      return await readOnce(fetchPage, query, options);
    } catch (err) {
      if (!(err instanceof ChangedDuringRead)) throw err;
      if (round >= rereads) {
        throw new SyncError(
          'NETBOX_HTTP',
          `NetBox ${options.path}: the list kept changing while it was read (${err.message}); try again`,
          { retryable: true },
        );
      }
    }
  }
}

async function readOnce(fetchPage: PageFetcher, query: PageQuery, options: ListOptions): Promise<unknown[]> {
  const { queue, signal } = options;
  const asked = options.pageSize ?? 1000;
  // Ordered by id, objects created during the read land after what was already read.
  const base: PageQuery = { ...query, ordering: 'id' };
  const first = await queue.add(() => fetchPage({ ...base, limit: asked }, signal), { signal });
  if (first.next === null) return first.results;
  if (first.count === null) return followNext(fetchPage, first, options);

  const size = first.results.length;
  if (size === 0) {
    throw new SyncError('NETBOX_HTTP', `NetBox ${options.path}: an empty page announced more pages`, {
      retryable: true,
    });
  }
  const offsets: number[] = [];
  for (let offset = size; offset < first.count; offset += size) offsets.push(offset);
  const pages = await Promise.all(
    offsets.map((offset) => queue.add(() => fetchPage({ ...base, limit: size, offset }, signal), { signal })),
  );
  const results = [...first.results];
  for (const page of pages) {
    if (page.count !== first.count) throw new ChangedDuringRead(`count ${first.count} became ${page.count}`);
    results.push(...page.results);
  }
  if (results.length !== first.count) {
    throw new ChangedDuringRead(`${results.length} objects read, count says ${first.count}`);
  }
  const ids = results.map((r) => (r && typeof r === 'object' ? (r as { id?: unknown }).id : undefined));
  if (new Set(ids).size !== ids.length) throw new ChangedDuringRead('an object appeared on two pages');
  return results;
}

/** Without a count (cursor mode), the only way on is `next`, one page after the other. */
async function followNext(fetchPage: PageFetcher, first: Envelope, options: ListOptions): Promise<unknown[]> {
  const results = [...first.results];
  const seen = new Set<string>();
  let next = first.next;
  while (next !== null) {
    if (seen.has(next)) {
      throw new SyncError('NETBOX_HTTP', `NetBox ${options.path}: pagination loops (next link repeats)`);
    }
    seen.add(next);
    const query = queryOfNext(next, options.path, options.baseUrl);
    const page = await options.queue.add(() => fetchPage(query, options.signal), { signal: options.signal });
    results.push(...page.results);
    next = page.next;
  }
  return results;
}

/**
 * The query of a `next` link, to be sent to the configured base URL. NetBox builds `next` from
 * the Host it saw, so behind a reverse proxy it may name an internal host, scheme or path
 * prefix (NETBOX-API.md "Listing: pagination"); only the query is kept.
 */
export function queryOfNext(next: string, path: ListPath, baseUrl: string): PageQuery {
  let url: URL;
  try {
    url = new URL(next, `${baseUrl}/`);
  } catch {
    throw new SyncError('NETBOX_PARSE', `NetBox ${path}: the next link is not a URL`);
  }
  if (!url.pathname.endsWith(path)) {
    throw new SyncError(
      'NETBOX_PARSE',
      `NetBox ${path}: the next link leads to another list (${url.pathname})`,
    );
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}
