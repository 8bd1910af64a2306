import createClient, { type Client } from 'openapi-fetch';
import type { z } from 'zod';
import type { components, paths } from '../../../openapi/generated/technitium.js';
import { createRetryingFetch, type FetchLike, type RetryingFetchOptions } from '../../lib/http.js';
import { SyncError } from '../../model/errors.js';

type Envelope = components['schemas']['Envelope'];

/** Retry tuning handed to src/lib/http.ts (defaults there). */
export type TechnitiumRetry = Pick<
  RetryingFetchOptions,
  'maxAttempts' | 'timeoutMs' | 'baseDelayMs' | 'sleep' | 'random'
>;

/** One call of the typed openapi-fetch client, run with the signal it is given. */
export type TechnitiumAttempt<T> = (
  signal: AbortSignal,
) => Promise<{ data?: T; error?: unknown; response: Response }>;

/** Where a Technitium server is and how to reach it: what each sink's client is built from. */
export interface TechnitiumConnection {
  /** Base URL of the web console/API, e.g. `http://technitium.example.net:5380`. */
  readonly url: string;
  readonly token: string;
  readonly fetch: FetchLike;
  /** The sink's name, for error messages. */
  readonly sink: string;
  /** Retry tuning handed to src/lib/http.ts (defaults there). */
  readonly retry?: TechnitiumRetry;
}

export interface TechnitiumApiOptions extends TechnitiumConnection {
  /**
   * How to get a token that works, as it continues "Create a non-expiring API token ": where to
   * create it and which rights its user needs (they differ between the DNS and DHCP sinks).
   */
  readonly tokenHint: string;
}

/**
 * The transport both Technitium sinks share (openapi/technitium.yaml): every call is a
 * form-encoded POST with a Bearer token on the retrying fetch of src/lib/http.ts. `reads`
 * (POSTs that change nothing) retry like safe methods, `writes` only when the server did not
 * process them (429/503). {@link TechnitiumApi.call} unwraps the `{status, response,
 * errorMessage}` envelope: `ok` returns it, `invalid-token`/`2fa-required` throw SINK_AUTH,
 * `error` throws SINK_REJECTED carrying Technitium's message (see {@link technitiumMessage}).
 */
export class TechnitiumApi {
  readonly reads: Client<paths>;
  readonly writes: Client<paths>;
  /** "Technitium at <origin>", for messages (never the token). */
  readonly where: string;

  constructor(private readonly options: TechnitiumApiOptions) {
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

  /** Runs one call (`what` names it in messages) and returns its envelope when `ok`. */
  async call<T extends Envelope>(what: string, signal: AbortSignal, run: TechnitiumAttempt<T>): Promise<T> {
    let result: Awaited<ReturnType<TechnitiumAttempt<T>>>;
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
            `expired or invalid. Create a non-expiring API token ${this.options.tokenHint}, and put it ` +
            'in the secret the sink\'s "token" refers to',
        );
      case 'error':
        throw new SyncError(
          'SINK_REJECTED',
          `${this.where} refused ${what}: ${data.errorMessage ?? '(no message)'}`,
          { details: { technitiumMessage: data.errorMessage ?? '' } },
        );
      default:
        throw new SyncError(
          'SINK_PARSE',
          `${this.where} answered ${what} with unknown status "${String(data.status)}"`,
        );
    }
  }

  /** Strict parse of a `response`: it passes completely or the read fails with SINK_PARSE. */
  parse<S extends z.ZodType>(what: string, schema: S, value: unknown): z.infer<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.join('.') : '';
    throw new SyncError(
      'SINK_PARSE',
      `${this.where} answered ${what} in an unexpected shape (at "${path}": ${issue?.message ?? 'invalid'})`,
    );
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
}

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
