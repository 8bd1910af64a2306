import createClient, { type Client } from 'openapi-fetch';
import { z } from 'zod';
import type { components, paths } from '../../../openapi/generated/technitium.js';
import { createRetryingFetch, type FetchLike, type RetryingFetchOptions } from '../../lib/http.js';
import { SyncError } from '../../model/errors.js';

type Schemas = components['schemas'];
export type RecordsAddForm = Schemas['RecordsAddForm'];
export type RecordsUpdateForm = Schemas['RecordsUpdateForm'];
export type RecordsDeleteForm = Schemas['RecordsDeleteForm'];
type Envelope = Schemas['Envelope'];

// Strict on what nbsync relies on, loose on the rest: a read passes completely or fails.
const zoneSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  internal: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
const recordSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  ttl: z.number().int().nonnegative(),
  disabled: z.boolean().optional(),
  comments: z.string().optional(),
  expiryTtl: z.number().int().nonnegative().optional(),
  rData: z.record(z.string(), z.unknown()),
});
const zonesListSchema = z.looseObject({ zones: z.array(zoneSchema) });
const recordsGetSchema = z.looseObject({ zone: zoneSchema, records: z.array(recordSchema) });
const zoneCreateSchema = z.looseObject({ domain: z.string() });

export type TechnitiumZone = z.infer<typeof zoneSchema>;
export type TechnitiumRecord = z.infer<typeof recordSchema>;

export interface TechnitiumClientOptions {
  /** Base URL of the web console/API, e.g. `http://technitium.example.net:5380`. */
  readonly url: string;
  readonly token: string;
  readonly fetch: FetchLike;
  /** The sink's name, for error messages. */
  readonly sink: string;
  /** Retry tuning handed to src/lib/http.ts (defaults there). */
  readonly retry?: Pick<
    RetryingFetchOptions,
    'maxAttempts' | 'timeoutMs' | 'baseDelayMs' | 'sleep' | 'random'
  >;
}

/**
 * Typed client of the Technitium calls the DNS sink uses (openapi/technitium.yaml). Every call
 * is a form-encoded POST with a Bearer token; the `{status, response, errorMessage}` envelope is
 * unwrapped here: `ok` returns `response`, `invalid-token` throws SINK_AUTH, `error` throws
 * SINK_REJECTED carrying Technitium's message (see {@link technitiumMessage}). Retries and
 * timeouts come from src/lib/http.ts: reads (POSTs that change nothing) retry like safe methods,
 * writes only when the server did not process them (429/503).
 */
export class TechnitiumClient {
  private readonly reads: Client<paths>;
  private readonly writes: Client<paths>;
  /** "Technitium at <origin>", for messages (never the token). */
  readonly where: string;

  constructor(private readonly options: TechnitiumClientOptions) {
    const http: RetryingFetchOptions = {
      ...options.retry,
      service: 'Technitium',
      codes: { unreachable: 'SINK_UNREACHABLE', auth: 'SINK_AUTH', http: 'SINK_HTTP' },
      fetch: options.fetch,
      passStatuses: [404],
      secrets: [options.token],
    };
    const client = (fetch: FetchLike): Client<paths> =>
      createClient<paths>({
        baseUrl: options.url,
        fetch: (request) => fetch(request),
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        bodySerializer: formEncode,
      });
    this.reads = client(createRetryingFetch({ ...http, retryUnsafeMethods: true }));
    this.writes = client(createRetryingFetch(http));
    const url = new URL(options.url);
    this.where = `Technitium at ${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }

  /** Validates the token (`/api/user/session/get`); returns the user name behind it. */
  async session(signal: AbortSignal): Promise<string> {
    const envelope = await this.call('user/session/get', signal, (s) =>
      this.reads.POST('/api/user/session/get', { signal: s }),
    );
    return typeof envelope.username === 'string' ? envelope.username : '';
  }

  async listZones(signal: AbortSignal): Promise<TechnitiumZone[]> {
    const envelope = await this.call('zones/list', signal, (s) =>
      this.reads.POST('/api/zones/list', { body: {}, signal: s }),
    );
    return this.parse('zones/list', zonesListSchema, envelope.response).zones;
  }

  async getRecords(
    query: { domain: string; zone?: string; listZone?: boolean },
    signal: AbortSignal,
  ): Promise<{ zone: TechnitiumZone; records: TechnitiumRecord[] }> {
    const what = `records/get ${query.domain}`;
    const envelope = await this.call(what, signal, (s) =>
      this.reads.POST('/api/zones/records/get', { body: query, signal: s }),
    );
    return this.parse(what, recordsGetSchema, envelope.response);
  }

  /** Creates a Primary zone; returns the name Technitium gave it. */
  async createZone(zone: string, signal: AbortSignal): Promise<string> {
    const what = `zones/create ${zone}`;
    const envelope = await this.call(what, signal, (s) =>
      this.writes.POST('/api/zones/create', { body: { zone, type: 'Primary' }, signal: s }),
    );
    return this.parse(what, zoneCreateSchema, envelope.response).domain;
  }

  async addRecord(form: RecordsAddForm, signal: AbortSignal): Promise<void> {
    await this.call(`records/add ${form.type} ${form.domain}`, signal, (s) =>
      this.writes.POST('/api/zones/records/add', { body: form, signal: s }),
    );
  }

  async updateRecord(form: RecordsUpdateForm, signal: AbortSignal): Promise<void> {
    await this.call(`records/update ${form.type} ${form.domain}`, signal, (s) =>
      this.writes.POST('/api/zones/records/update', { body: form, signal: s }),
    );
  }

  async deleteRecord(form: RecordsDeleteForm, signal: AbortSignal): Promise<void> {
    await this.call(`records/delete ${form.type} ${form.domain}`, signal, (s) =>
      this.writes.POST('/api/zones/records/delete', { body: form, signal: s }),
    );
  }

  private async call<T extends Envelope>(what: string, signal: AbortSignal, run: Attempt<T>): Promise<T> {
    let result: Awaited<ReturnType<Attempt<T>>>;
    try {
      result = await run(signal);
    } catch (err) {
      throw this.transportError(what, err, signal);
    }
    const { data, response } = result;
    if (!response.ok) {
      // Only 404 gets here (others are thrown by lib/http): an unknown path, a bare 404.
      throw new SyncError(
        'SINK_HTTP',
        `${this.where} answered HTTP ${response.status} to ${what}; is the url the Technitium web ` +
          'console (port 5380) of v9 or newer?',
      );
    }
    if (data === undefined || data === null || typeof data.status !== 'string') {
      throw new SyncError('SINK_PARSE', `${this.where} answered ${what} without the status envelope`);
    }
    switch (data.status) {
      case 'ok':
        return data;
      case 'invalid-token':
      case '2fa-required':
        throw new SyncError(
          'SINK_AUTH',
          `${this.where} rejected the API token of sink "${this.options.sink}" (${data.status}): it is ` +
            'expired or invalid. Create a non-expiring API token (web console: user menu > Create API ' +
            'Token, or /api/user/createToken) for a user allowed to view and modify the managed zones, ' +
            'and put it in the secret the sink\'s "token" refers to',
        );
      case 'error':
        throw new SyncError(
          'SINK_REJECTED',
          `${this.where} refused ${what}: ${data.errorMessage ?? '(no message)'}`,
          {
            details: { technitiumMessage: data.errorMessage ?? '' },
          },
        );
      default:
        throw new SyncError(
          'SINK_PARSE',
          `${this.where} answered ${what} with unknown status "${String(data.status)}"`,
        );
    }
  }

  private transportError(what: string, err: unknown, signal: AbortSignal): SyncError {
    if (err instanceof SyncError) return err; // from lib/http: network error, timeout, HTTP status
    if (signal.aborted) {
      return new SyncError('SINK_UNREACHABLE', `${what} to ${this.where} was cancelled`, { cause: err });
    }
    if (err instanceof SyntaxError) {
      return new SyncError('SINK_PARSE', `${this.where} answered ${what} with a body that is not JSON`, {
        cause: err,
      });
    }
    const reason = err instanceof Error ? err.message : String(err);
    return new SyncError('SINK_UNREACHABLE', `${this.where} failed on ${what}: ${reason}`, { cause: err });
  }

  private parse<S extends z.ZodType>(what: string, schema: S, value: unknown): z.infer<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.join('.') : '';
    throw new SyncError(
      'SINK_PARSE',
      `${this.where} answered ${what} in an unexpected shape (at "${path}": ${issue?.message ?? 'invalid'})`,
    );
  }
}

type Attempt<T> = (signal: AbortSignal) => Promise<{ data?: T; error?: unknown; response: Response }>;

/** Technitium's own `errorMessage` when `err` is a refusal from the API, else `undefined`. */
export function technitiumMessage(err: unknown): string | undefined {
  if (!(err instanceof SyncError) || err.code !== 'SINK_REJECTED') return undefined;
  const message = err.details?.technitiumMessage;
  return typeof message === 'string' ? message : undefined;
}

/** Form encoding for Technitium: booleans as `true`/`false`, absent values left out. */
export function formEncode(body: unknown): string {
  const form = new URLSearchParams();
  if (body && typeof body === 'object') {
    for (const [name, value] of Object.entries(body)) {
      if (value === undefined || value === null) continue;
      form.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
  }
  return form.toString();
}
