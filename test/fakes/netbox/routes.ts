import { randomUUID } from 'node:crypto';
import { authenticate, type TokenTable } from './auth.js';
import { pythonIso } from './clock.js';
import { buildFilter } from './filters.js';
import { listReply, selectKeys, type PagingSettings, type Reply } from './listing.js';
import { MODELS } from './models/index.js';
import { WriteError, type Actor, type Mutations } from './mutations.js';
import type { ModelDef, RenderContext } from './schema.js';
import { apiPath, render } from './serialize.js';
import type { Store } from './store.js';
import type { JsonObject, StoredRecord } from './types.js';
import { atLeast, type NetBoxVersion } from './version.js';

/** What the router needs from the fake. */
export interface RouterDeps {
  readonly store: Store;
  readonly mutations: Mutations;
  readonly version: NetBoxVersion;
  readonly tokens: TokenTable;
  readonly paging: PagingSettings;
}

/** A reply with extra headers. */
export interface RoutedReply extends Reply {
  readonly headers?: Record<string, string>;
}

type Route =
  | { kind: 'root' }
  | { kind: 'status' }
  | { kind: 'auth-check' }
  | { kind: 'list'; model: ModelDef }
  | { kind: 'detail'; model: ModelDef; id: string };

const routeTables = new Map<string, Map<string, ModelDef>>();

function routeTable(version: NetBoxVersion): Map<string, ModelDef> {
  let table = routeTables.get(version.text);
  if (!table) {
    table = new Map();
    for (const model of Object.values(MODELS)) {
      if (model.since && !atLeast(version, model.since)) continue;
      table.set(apiPath(model, { version }), model);
    }
    routeTables.set(version.text, table);
  }
  return table;
}

/** Resolve a path that ends with a slash; `null` when nothing lives there. */
export function resolveRoute(pathname: string, version: NetBoxVersion): Route | null {
  if (pathname === '/api/') return { kind: 'root' };
  if (pathname === '/api/status/') return { kind: 'status' };
  if (pathname === '/api/authentication-check/')
    return atLeast(version, '4.5') ? { kind: 'auth-check' } : null;
  const match = /^\/api\/([a-z-]+\/[a-z-]+)\/(?:([^/.]+)\/)?$/.exec(pathname);
  const model = match ? routeTable(version).get(match[1]!) : undefined;
  if (!match || !model) return null;
  return match[2] === undefined ? { kind: 'list', model } : { kind: 'detail', model, id: match[2] };
}

const json = (status: number, body: unknown, headers?: Record<string, string>): RoutedReply => ({
  status,
  body,
  headers,
});
const notAllowed = (method: string): RoutedReply => json(405, { detail: `Method "${method}" not allowed.` });
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function etagOf(record: StoredRecord): string {
  return `W/"${pythonIso(String(record['last_updated'] ?? record['created']))}"`;
}

async function readBody(request: Request): Promise<{ body: unknown } | { reply: RoutedReply }> {
  const text = await request.text();
  if (text.trim() === '') return { body: {} };
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    return { reply: json(415, { detail: `Unsupported media type "${type}" in request.` }) };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch (err) {
    return {
      reply: json(400, { detail: `JSON parse error - ${err instanceof Error ? err.message : String(err)}` }),
    };
  }
}

function writeFailed(err: unknown): RoutedReply {
  if (err instanceof WriteError) return json(err.status, err.body);
  throw err;
}

/** Answer one request (after faults and the trailing-slash redirect). */
export async function route(
  deps: RouterDeps,
  request: Request,
  url: URL,
  requestId: string,
): Promise<RoutedReply> {
  const found = resolveRoute(url.pathname, deps.version);
  if (!found) return json(404, { detail: 'Not found.' });
  const auth = authenticate(request.headers.get('authorization'), deps.tokens, deps.version);
  if (!auth.ok) return json(auth.status, { detail: auth.detail });
  const method = request.method.toUpperCase();
  if (!SAFE.has(method) && !auth.writeEnabled)
    return json(403, { detail: 'You do not have permission to perform this action.' });
  const ctx: RenderContext = { store: deps.store, version: deps.version, base: url.origin };
  const actor: Actor = { userId: 1, userName: 'admin', requestId };

  if (found.kind === 'root') return method === 'GET' ? json(200, apiRoot(url)) : notAllowed(method);
  if (found.kind === 'status') return method === 'GET' ? json(200, status(deps)) : notAllowed(method);
  if (found.kind === 'auth-check') {
    const user = deps.store.get('users.user', 1)!;
    return method === 'GET' ? json(200, render(MODELS['users.user'], user, ctx)) : notAllowed(method);
  }
  const { model } = found;
  if (!SAFE.has(method) && model.readOnly) return notAllowed(method);

  let body: unknown = {};
  if (method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
    const read = await readBody(request);
    if ('reply' in read) return read.reply;
    body = read.body;
  }
  const message =
    atLeast(deps.version, '4.4') && body && typeof body === 'object' && !Array.isArray(body)
      ? (body as JsonObject)['changelog_message']
      : undefined;
  const writer: Actor = {
    ...actor,
    method,
    path: url.pathname,
    ...(typeof message === 'string' ? { message } : {}),
  };

  if (found.kind === 'list') {
    switch (method) {
      case 'GET': {
        const filter = buildFilter(model, url.searchParams, ctx);
        if ('errors' in filter) return json(400, filter.errors);
        return listReply(
          model,
          deps.store.ordered(model.type).filter(filter.predicate),
          url,
          ctx,
          deps.paging,
        );
      }
      case 'POST':
        return create(deps, model, body, ctx, writer, url);
      case 'PUT':
      case 'PATCH':
        return bulkUpdate(deps, model, body, ctx, writer, method === 'PATCH', url);
      case 'DELETE':
        return bulkDelete(deps, model, body, ctx, writer);
      default:
        return notAllowed(method);
    }
  }

  const id = /^\d+$/.test(found.id) ? Number(found.id) : NaN;
  const record = deps.store.get(model.type, id);
  if (!record) return json(404, { detail: `No ${model.className} matches the given query.` });
  const withEtag = atLeast(deps.version, '4.6');
  switch (method) {
    case 'GET':
      return json(
        200,
        render(model, record, ctx, selectKeys(model, url.searchParams, ctx, method)),
        withEtag ? { ETag: etagOf(record) } : undefined,
      );
    case 'PUT':
    case 'PATCH':
    case 'DELETE': {
      const ifMatch = request.headers.get('if-match');
      if (
        withEtag &&
        ifMatch &&
        ifMatch.trim() !== '*' &&
        !ifMatch
          .split(',')
          .map((tag) => tag.trim())
          .includes(etagOf(record))
      ) {
        return json(412, { detail: 'Precondition failed.' }, { ETag: etagOf(record) });
      }
      try {
        if (method === 'DELETE') {
          deps.mutations.remove(ctx, model.type, id, writer);
          return json(204, null);
        }
        const updated = deps.mutations.update(ctx, model.type, id, body, writer, method === 'PATCH');
        return json(
          200,
          render(model, updated, ctx, selectKeys(model, url.searchParams, ctx, method)),
          withEtag ? { ETag: etagOf(updated) } : undefined,
        );
      } catch (err) {
        return writeFailed(err);
      }
    }
    default:
      return notAllowed(method);
  }
}

/** Run `items` through `write` all-or-nothing; a failure answers a list with one error object per item. */
function bulk(
  deps: RouterDeps,
  items: unknown[],
  write: (item: unknown) => StoredRecord | null,
): StoredRecord[] | RoutedReply {
  try {
    return deps.mutations.atomic(() => {
      const errors: unknown[] = [];
      const done: StoredRecord[] = [];
      let failed: WriteError | undefined;
      for (const item of items) {
        try {
          const result = write(item);
          if (result) done.push(result);
          errors.push({});
        } catch (err) {
          if (!(err instanceof WriteError)) throw err;
          errors.push(err.body);
          failed ??= err;
        }
      }
      if (failed)
        throw new WriteError(
          failed.status === 400 ? 400 : failed.status,
          failed.status === 400 ? errors : failed.body,
        );
      return done;
    });
  } catch (err) {
    return writeFailed(err);
  }
}

function create(
  deps: RouterDeps,
  model: ModelDef,
  body: unknown,
  ctx: RenderContext,
  actor: Actor,
  url: URL,
): RoutedReply {
  const keys = selectKeys(model, url.searchParams, ctx, 'POST');
  if (Array.isArray(body)) {
    const result = bulk(deps, body, (item) => deps.mutations.create(ctx, model.type, item, actor));
    if (!Array.isArray(result)) return result;
    return json(
      201,
      result.map((record) => render(model, deps.store.get(model.type, record.id)!, ctx, keys)),
    );
  }
  try {
    const record = deps.mutations.create(ctx, model.type, body, actor);
    const fresh = deps.store.get(model.type, record.id)!;
    return json(
      201,
      render(model, fresh, ctx, keys),
      atLeast(deps.version, '4.6') ? { ETag: etagOf(fresh) } : undefined,
    );
  } catch (err) {
    return writeFailed(err);
  }
}

function bulkUpdate(
  deps: RouterDeps,
  model: ModelDef,
  body: unknown,
  ctx: RenderContext,
  actor: Actor,
  partial: boolean,
  url: URL,
): RoutedReply {
  if (!Array.isArray(body))
    return json(400, { non_field_errors: ['Expected a list of items but got type "dict".'] });
  const result = bulk(deps, body, (item) => {
    const id = item && typeof item === 'object' ? (item as JsonObject)['id'] : undefined;
    if (typeof id !== 'number') throw new WriteError(400, { id: ['This field is required.'] });
    return deps.mutations.update(ctx, model.type, id, item, actor, partial);
  });
  if (!Array.isArray(result)) return result;
  const keys = selectKeys(model, url.searchParams, ctx, 'PATCH');
  return json(
    200,
    result.map((record) => render(model, deps.store.get(model.type, record.id)!, ctx, keys)),
  );
}

function bulkDelete(
  deps: RouterDeps,
  model: ModelDef,
  body: unknown,
  ctx: RenderContext,
  actor: Actor,
): RoutedReply {
  if (!Array.isArray(body))
    return json(400, { non_field_errors: ['Expected a list of items but got type "dict".'] });
  const result = bulk(deps, body, (item) => {
    const id = item && typeof item === 'object' ? (item as JsonObject)['id'] : undefined;
    if (typeof id !== 'number') throw new WriteError(400, { id: ['This field is required.'] });
    deps.mutations.remove(ctx, model.type, id, actor);
    return null;
  });
  return Array.isArray(result) ? json(204, null) : result;
}

function apiRoot(url: URL): JsonObject {
  const apps = [
    'circuits',
    'core',
    'dcim',
    'extras',
    'ipam',
    'plugins',
    'tenancy',
    'users',
    'virtualization',
    'vpn',
    'wireless',
  ];
  return Object.fromEntries(apps.map((app) => [app, `${url.origin}/api/${app}/`]));
}

function status(deps: RouterDeps): JsonObject {
  return {
    'django-version': '5.2.8',
    installed_apps: {
      django_filters: '25.2',
      django_tables2: '2.7.5',
      drf_spectacular: '0.28.0',
      rest_framework: '3.16.1',
    },
    'netbox-version': deps.version.text,
    'netbox-full-version': deps.version.text,
    plugins: {},
    'python-version': '3.12.3',
    'rq-workers-running': 1,
    hostname: 'netbox-fake',
  };
}

/** A fresh request id (the `X-Request-ID` header and the change log's `request_id`). */
export function newRequestId(): string {
  return randomUUID();
}
