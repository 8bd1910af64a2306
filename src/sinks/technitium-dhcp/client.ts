import createClient, { type Client } from 'openapi-fetch';
import { z } from 'zod';
import type { components, paths } from '../../../openapi/generated/technitium.js';
import { createRetryingFetch, type FetchLike, type RetryingFetchOptions } from '../../lib/http.js';
import { SyncError } from '../../model/errors.js';
// Same product, same form encoding as the DNS sink's client.
import { formEncode } from '../technitium-dns/client.js';

type Schemas = components['schemas'];
export type AddReservedLeaseForm = Schemas['AddReservedLeaseForm'];
type Envelope = Schemas['Envelope'];

// Strict on what nbsync relies on, loose on the rest: a read passes completely or fails.
const scopeSummarySchema = z.looseObject({
  name: z.string().min(1),
  enabled: z.boolean().optional(),
  startingAddress: z.string(),
  endingAddress: z.string(),
  subnetMask: z.string(),
  networkAddress: z.string().optional(),
});
const reservedLeaseSchema = z.looseObject({
  hostName: z.string().nullable().optional(),
  hardwareAddress: z.string(),
  address: z.string(),
  comments: z.string().nullable().optional(),
});
const scopeSchema = z.looseObject({
  name: z.string(),
  startingAddress: z.string(),
  subnetMask: z.string(),
  reservedLeases: z.array(reservedLeaseSchema),
});
const leaseSchema = z.looseObject({
  scope: z.string(),
  type: z.string(),
  hardwareAddress: z.string(),
  address: z.string(),
  hostName: z.string().nullable().optional(),
});
const scopesListSchema = z.looseObject({ scopes: z.array(scopeSummarySchema) });
const leasesListSchema = z.looseObject({ leases: z.array(leaseSchema) });

export type DhcpScopeSummary = z.infer<typeof scopeSummarySchema>;
export type DhcpScopeDetail = z.infer<typeof scopeSchema>;
export type ReservedLease = z.infer<typeof reservedLeaseSchema>;
export type DhcpLease = z.infer<typeof leaseSchema>;

export interface TechnitiumDhcpClientOptions {
  /** Base URL of the web console/API, e.g. `http://technitium.example.net:5380`. */
  readonly url: string;
  readonly token: string;
  readonly fetch: FetchLike;
  /** The sink's name, for error messages. */
  readonly sink: string;
  readonly retry?: Pick<
    RetryingFetchOptions,
    'maxAttempts' | 'timeoutMs' | 'baseDelayMs' | 'sleep' | 'random'
  >;
}

/**
 * Typed client of the Technitium DHCP calls (openapi/technitium.yaml): form-encoded POSTs with a
 * Bearer token, the `{status, response, errorMessage}` envelope unwrapped (`invalid-token` →
 * SINK_AUTH, `error` → SINK_REJECTED with Technitium's message in `details.technitiumMessage`).
 * Reads retry like safe methods; writes only when the server did not process them (429/503).
 */
export class TechnitiumDhcpClient {
  private readonly reads: Client<paths>;
  private readonly writes: Client<paths>;
  /** "Technitium at <origin>", for messages (never the token). */
  readonly where: string;

  constructor(private readonly options: TechnitiumDhcpClientOptions) {
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

  /** Validates the token (`/api/user/session/get`). */
  async session(signal: AbortSignal): Promise<void> {
    await this.call('user/session/get', signal, (s) =>
      this.reads.POST('/api/user/session/get', { signal: s }),
    );
  }

  async listScopes(signal: AbortSignal): Promise<DhcpScopeSummary[]> {
    const envelope = await this.call('dhcp/scopes/list', signal, (s) =>
      this.reads.POST('/api/dhcp/scopes/list', { signal: s }),
    );
    return this.parse('dhcp/scopes/list', scopesListSchema, envelope.response).scopes;
  }

  async getScope(name: string, signal: AbortSignal): Promise<DhcpScopeDetail> {
    const what = `dhcp/scopes/get ${name}`;
    const envelope = await this.call(what, signal, (s) =>
      this.reads.POST('/api/dhcp/scopes/get', { body: { name }, signal: s }),
    );
    return this.parse(what, scopeSchema, envelope.response);
  }

  async listLeases(signal: AbortSignal): Promise<DhcpLease[]> {
    const envelope = await this.call('dhcp/leases/list', signal, (s) =>
      this.reads.POST('/api/dhcp/leases/list', { signal: s }),
    );
    return this.parse('dhcp/leases/list', leasesListSchema, envelope.response).leases;
  }

  async addReservedLease(form: AddReservedLeaseForm, signal: AbortSignal): Promise<void> {
    await this.call(`addReservedLease ${form.hardwareAddress} in ${form.name}`, signal, (s) =>
      this.writes.POST('/api/dhcp/scopes/addReservedLease', { body: form, signal: s }),
    );
  }

  async removeReservedLease(name: string, hardwareAddress: string, signal: AbortSignal): Promise<void> {
    await this.call(`removeReservedLease ${hardwareAddress} in ${name}`, signal, (s) =>
      this.writes.POST('/api/dhcp/scopes/removeReservedLease', {
        body: { name, hardwareAddress },
        signal: s,
      }),
    );
  }

  /** Frees the lease of a MAC in a scope (`/api/dhcp/leases/remove`). */
  async removeLease(name: string, hardwareAddress: string, signal: AbortSignal): Promise<void> {
    await this.call(`leases/remove ${hardwareAddress} in ${name}`, signal, (s) =>
      this.writes.POST('/api/dhcp/leases/remove', { body: { name, hardwareAddress }, signal: s }),
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
            'Token) for a user with DhcpServer View and Modify permissions, and put it in the secret ' +
            'the sink\'s "token" refers to',
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
export function refusal(err: unknown): string | undefined {
  if (!(err instanceof SyncError) || err.code !== 'SINK_REJECTED') return undefined;
  const message = err.details?.technitiumMessage;
  return typeof message === 'string' ? message : undefined;
}

/** A MAC the way Technitium writes it: `BC-24-11-AA-BB-CC`. */
export function technitiumMac(mac: string): string {
  return mac.toUpperCase().replaceAll(':', '-');
}
