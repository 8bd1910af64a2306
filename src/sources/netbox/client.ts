// Typed NetBox client: openapi-fetch over openapi/generated/netbox.ts, behind the shared
// retrying fetch of src/lib/http.ts. Knows auth, the envelope and the list paths; paging and
// mapping live in ./paging.ts and ./endpoints.ts.
import { readFileSync } from 'node:fs';
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../../openapi/generated/netbox.js';
import {
  createCaFetch,
  createRetryingFetch,
  type FetchLike,
  type RetryInfo,
  type Sleep,
} from '../../lib/http.js';
import { SyncError } from '../../model/errors.js';
import {
  customFieldsResultSchema,
  envelopeSchema,
  journalEntrySchema,
  statusSchema,
  type Envelope,
} from './schemas.js';
import { parseNetBoxVersion, type NetBoxVersion } from './version.js';
import type { z } from 'zod';

/** Every list endpoint nbsync reads. */
export type ListPath =
  | '/api/ipam/prefixes/'
  | '/api/ipam/ip-addresses/'
  | '/api/ipam/vlans/'
  | '/api/ipam/vlan-groups/'
  | '/api/dcim/devices/'
  | '/api/dcim/interfaces/'
  | '/api/dcim/mac-addresses/'
  | '/api/virtualization/virtual-machines/'
  | '/api/virtualization/interfaces/'
  | '/api/virtualization/virtual-disks/'
  | '/api/virtualization/clusters/'
  | '/api/extras/tags/'
  | '/api/core/object-changes/'
  | '/api/extras/journal-entries/';

/** The query parameters a list path declares in openapi/netbox.yaml. */
export type QueryOf<P extends ListPath> = NonNullable<paths[P]['get']['parameters']['query']>;

export type QueryValue = string | number | boolean | readonly (string | number)[];
/** A list query before it is checked against one path (see ./filters.ts). */
export type PageQuery = Readonly<Record<string, QueryValue | undefined>>;

export type JournalKind = 'info' | 'success' | 'warning' | 'danger';

export interface NetBoxClientOptions {
  /** Base URL, e.g. `https://netbox.example.net` or `https://proxy/netbox`. */
  readonly url: string;
  readonly token: string;
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly onRetry?: (info: RetryInfo) => void;
}

export interface NetBoxStatus {
  readonly version: NetBoxVersion;
  /** `null` when NetBox does not say. */
  readonly rqWorkersRunning: number | null;
}

/** Objects whose custom fields nbsync writes back (PATCH declared in openapi/netbox.yaml). */
export type WritableType = 'ipam.prefix' | 'ipam.ipaddress' | 'dcim.device' | 'virtualization.virtualmachine';

export interface NetBoxClient {
  readonly baseUrl: string;
  status(signal: AbortSignal): Promise<NetBoxStatus>;
  /** One page of a list endpoint, envelope checked; items still unparsed. */
  page(path: ListPath, query: PageQuery, signal: AbortSignal): Promise<Envelope>;
  createJournalEntry(
    body: { assigned_object_type: string; assigned_object_id: number; kind: JournalKind; comments: string },
    signal: AbortSignal,
  ): Promise<{ id: number; requestId: string | null }>;
  /** PATCH `custom_fields` of one object; NetBox merges by key. Returns the write's X-Request-ID. */
  patchCustomFields(
    type: WritableType,
    id: number,
    fields: Readonly<Record<string, unknown>>,
    signal: AbortSignal,
  ): Promise<{ requestId: string | null }>;
}

/**
 * v2 tokens (`nbt_<key>.<secret>`, NetBox 4.5+) go with `Bearer`; anything else is a v1 token
 * and goes with `Token` (NETBOX-API.md "Authentication").
 */
export function authorizationHeader(token: string): string {
  return token.startsWith('nbt_') ? `Bearer ${token}` : `Token ${token}`;
}

const READ_HINT =
  'check the token in netbox.token (valid, not expired, allowed from this address, and its user may view the objects nbsync reads)';

export interface NetBoxApiOptions extends NetBoxClientOptions {
  /** What a 401/403 should tell the operator to check (what the token must be allowed). */
  readonly authHint?: string;
  /** PEM file of the CA that signed NetBox's certificate; replaces `fetch` for https. */
  readonly caFile?: string;
}

/** The typed transport every NetBox caller shares: retrying fetch, CA, auth header, status. */
export interface NetBoxApi {
  readonly baseUrl: string;
  readonly client: Client<paths>;
  status(signal: AbortSignal): Promise<NetBoxStatus>;
}

/**
 * openapi-fetch over the shared retrying fetch (src/lib/http.ts), with the auth header chosen by
 * the token's shape. Used by the source and by `netbox-setup`.
 */
export function createNetBoxApi(options: NetBoxApiOptions): NetBoxApi {
  const baseUrl = options.url.replace(/\/+$/, '');
  const token = options.token.trim();
  const fetch = createRetryingFetch({
    service: 'NetBox',
    codes: { unreachable: 'NETBOX_UNREACHABLE', auth: 'NETBOX_AUTH', http: 'NETBOX_HTTP' },
    authHint: options.authHint ?? READ_HINT,
    secrets: [token],
    ...(options.caFile
      ? { fetch: createCaFetch(readNetBoxCa(options.caFile)) }
      : options.fetch
        ? { fetch: options.fetch }
        : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  });
  const client = createClient<paths>({
    baseUrl,
    fetch,
    headers: { Authorization: authorizationHeader(token), Accept: 'application/json' },
  });
  return {
    baseUrl,
    client,
    async status(signal) {
      const { data } = await netBoxJson(() => client.GET('/api/status/', { signal }), '/api/status/');
      const status = netBoxStrict(statusSchema, data, 'GET /api/status/');
      return {
        version: parseNetBoxVersion(status['netbox-version']),
        rqWorkersRunning: status['rq-workers-running'] ?? null,
      };
    },
  };
}

/** The PEM text of `netbox.caFile`, or CONFIG_INVALID naming the file. */
export function readNetBoxCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new SyncError('CONFIG_INVALID', `netbox.caFile: cannot read ${file}; give the path of a PEM file`, {
      cause: err,
    });
  }
}

export function createNetBoxClient(options: NetBoxApiOptions): NetBoxClient {
  const api = createNetBoxApi(options);
  const { baseUrl, client } = api;

  // openapi-fetch needs a literal path per call; the query was checked against the path's
  // declared parameters before it got here (./filters.ts), which is what makes the casts sound.
  const q = <P extends ListPath>(query: PageQuery) => query as QueryOf<P>;
  const get = (path: ListPath, query: PageQuery, signal: AbortSignal): Promise<{ data?: unknown }> => {
    const init = { signal };
    switch (path) {
      case '/api/ipam/prefixes/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/ipam/ip-addresses/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/ipam/vlans/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/ipam/vlan-groups/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/dcim/devices/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/dcim/interfaces/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/dcim/mac-addresses/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/virtualization/virtual-machines/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/virtualization/interfaces/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/virtualization/virtual-disks/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/virtualization/clusters/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/extras/tags/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/core/object-changes/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
      case '/api/extras/journal-entries/':
        return client.GET(path, { ...init, params: { query: q<typeof path>(query) } });
    }
  };

  return {
    baseUrl,
    status: (signal) => api.status(signal),
    async page(path, query, signal) {
      const { data } = await netBoxJson(() => get(path, query, signal), path);
      return netBoxStrict(envelopeSchema, data, `GET ${path}`);
    },
    async createJournalEntry(body, signal) {
      const path = '/api/extras/journal-entries/';
      const { data, response } = await netBoxJson(() => client.POST(path, { body, signal }), path);
      const { id } = netBoxStrict(journalEntrySchema, data, `POST ${path}`);
      return { id, requestId: response.headers.get('x-request-id') };
    },
    async patchCustomFields(type, id, fields, signal) {
      const init = { signal, params: { path: { id } }, body: { custom_fields: { ...fields } } };
      const call = () => {
        switch (type) {
          case 'ipam.prefix':
            return client.PATCH('/api/ipam/prefixes/{id}/', init);
          case 'ipam.ipaddress':
            return client.PATCH('/api/ipam/ip-addresses/{id}/', init);
          case 'dcim.device':
            return client.PATCH('/api/dcim/devices/{id}/', init);
          case 'virtualization.virtualmachine':
            return client.PATCH('/api/virtualization/virtual-machines/{id}/', init);
        }
      };
      const { data, response } = await netBoxJson<{ data?: unknown; response: Response }>(
        call,
        `PATCH ${type}/${id}`,
      );
      netBoxStrict(customFieldsResultSchema, data, `PATCH ${type}/${id}`);
      return { requestId: response.headers.get('x-request-id') };
    },
  };
}

/** Run an openapi-fetch call; a body that is not JSON (a proxy's HTML page) is NETBOX_PARSE. */
export async function netBoxJson<T>(call: () => Promise<T>, path: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new SyncError(
        'NETBOX_PARSE',
        `NetBox ${path}: the answer is not JSON; check that netbox.url points at NetBox itself`,
        {
          cause: err,
        },
      );
    }
    throw err;
  }
}

/** Parse an answer strictly; anything off is NETBOX_PARSE naming the field. */
export function netBoxStrict<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || '(body)';
  throw new SyncError(
    'NETBOX_PARSE',
    `NetBox ${where}: unexpected answer, field ${field}: ${issue?.message ?? 'invalid'}`,
    {
      details: { field },
    },
  );
}
