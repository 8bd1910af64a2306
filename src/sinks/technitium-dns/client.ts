import createClient, { type Client } from 'openapi-fetch';
import { z } from 'zod';
import type { components, paths } from '../../../openapi/generated/technitium.js';
import { SyncError } from '../../model/errors.js';
import { callWithRetry, type RetryOptions } from './transport.js';

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

export interface TechnitiumClientOptions extends Partial<RetryOptions> {
  /** Base URL of the web console/API, e.g. `http://technitium.example.net:5380`. */
  readonly url: string;
  readonly token: string;
  readonly fetch: typeof fetch;
  /** The sink's name, for error messages. */
  readonly sink: string;
}

/**
 * Typed client of the Technitium calls the DNS sink uses (openapi/technitium.yaml). Every call
 * is a form-encoded POST with a Bearer token; the `{status, response, errorMessage}` envelope is
 * unwrapped here: `ok` returns `response`, `invalid-token` throws SINK_AUTH, `error` throws
 * SINK_REJECTED carrying Technitium's message (see {@link technitiumMessage}). Reads are retried
 * on network errors, timeouts and 5xx; writes are sent once.
 */
export class TechnitiumClient {
  private readonly api: Client<paths>;
  private readonly retry: RetryOptions;
  /** "Technitium at <origin>", for messages (never the token). */
  readonly where: string;

  constructor(private readonly options: TechnitiumClientOptions) {
    this.api = createClient<paths>({
      baseUrl: options.url,
      fetch: (request) => options.fetch(request),
      headers: {
        Authorization: `Bearer ${options.token}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      bodySerializer: formEncode,
    });
    this.retry = {
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 2,
      retryDelayMs: options.retryDelayMs ?? 250,
    };
    const url = new URL(options.url);
    this.where = `Technitium at ${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }

  /** Validates the token (`/api/user/session/get`); returns the user name behind it. */
  async session(signal: AbortSignal): Promise<string> {
    const envelope = await this.read('user/session/get', signal, (s) =>
      this.api.POST('/api/user/session/get', { signal: s }),
    );
    return typeof envelope.username === 'string' ? envelope.username : '';
  }

  async listZones(signal: AbortSignal): Promise<TechnitiumZone[]> {
    const envelope = await this.read('zones/list', signal, (s) =>
      this.api.POST('/api/zones/list', { body: {}, signal: s }),
    );
    return this.parse('zones/list', zonesListSchema, envelope.response).zones;
  }

  async getRecords(
    query: { domain: string; zone?: string; listZone?: boolean },
    signal: AbortSignal,
  ): Promise<{ zone: TechnitiumZone; records: TechnitiumRecord[] }> {
    const what = `records/get ${query.domain}`;
    const envelope = await this.read(what, signal, (s) =>
      this.api.POST('/api/zones/records/get', { body: query, signal: s }),
    );
    return this.parse(what, recordsGetSchema, envelope.response);
  }

  /** Creates a Primary zone; returns the name Technitium gave it. */
  async createZone(zone: string, signal: AbortSignal): Promise<string> {
    const what = `zones/create ${zone}`;
    const envelope = await this.write(what, signal, (s) =>
      this.api.POST('/api/zones/create', { body: { zone, type: 'Primary' }, signal: s }),
    );
    return this.parse(what, zoneCreateSchema, envelope.response).domain;
  }

  async addRecord(form: RecordsAddForm, signal: AbortSignal): Promise<void> {
    await this.write(`records/add ${form.type} ${form.domain}`, signal, (s) =>
      this.api.POST('/api/zones/records/add', { body: form, signal: s }),
    );
  }

  async updateRecord(form: RecordsUpdateForm, signal: AbortSignal): Promise<void> {
    await this.write(`records/update ${form.type} ${form.domain}`, signal, (s) =>
      this.api.POST('/api/zones/records/update', { body: form, signal: s }),
    );
  }

  async deleteRecord(form: RecordsDeleteForm, signal: AbortSignal): Promise<void> {
    await this.write(`records/delete ${form.type} ${form.domain}`, signal, (s) =>
      this.api.POST('/api/zones/records/delete', { body: form, signal: s }),
    );
  }

  private read<T extends Envelope>(what: string, signal: AbortSignal, run: Attempt<T>): Promise<T> {
    return callWithRetry(() => this.once(what, signal, run), this.retry, signal);
  }

  private write<T extends Envelope>(what: string, signal: AbortSignal, run: Attempt<T>): Promise<T> {
    return callWithRetry(() => this.once(what, signal, run), { ...this.retry, retries: 0 }, signal);
  }

  private async once<T extends Envelope>(what: string, signal: AbortSignal, run: Attempt<T>): Promise<T> {
    const timeout = AbortSignal.timeout(this.retry.timeoutMs);
    let result: Awaited<ReturnType<Attempt<T>>>;
    try {
      result = await run(AbortSignal.any([signal, timeout]));
    } catch (err) {
      throw this.transportError(what, err, signal, timeout);
    }
    const { data, response } = result;
    if (!response.ok) {
      const hint =
        response.status === 404 ? '; is the url the Technitium web console (port 5380) of v9 or newer?' : '';
      throw new SyncError('SINK_HTTP', `${this.where} answered HTTP ${response.status} to ${what}${hint}`, {
        retryable: response.status >= 500 || response.status === 429,
      });
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

  private transportError(what: string, err: unknown, signal: AbortSignal, timeout: AbortSignal): SyncError {
    if (signal.aborted)
      return new SyncError('SINK_UNREACHABLE', `${what} to ${this.where} was cancelled`, { cause: err });
    if (timeout.aborted) {
      return new SyncError(
        'SINK_UNREACHABLE',
        `${this.where} did not answer ${what} within ${this.retry.timeoutMs} ms`,
        {
          retryable: true,
          cause: err,
        },
      );
    }
    if (err instanceof SyntaxError) {
      return new SyncError('SINK_PARSE', `${this.where} answered ${what} with a body that is not JSON`, {
        cause: err,
      });
    }
    const reason = err instanceof Error ? err.message : String(err);
    return new SyncError(
      'SINK_UNREACHABLE',
      `cannot reach ${this.where} for ${what} (${reason}); check the sink's url and that the server is up`,
      { retryable: true, cause: err },
    );
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
