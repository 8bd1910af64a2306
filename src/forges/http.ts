import { SyncError } from '../model/errors.js';
import { createRetryingFetch, type FetchLike } from '../lib/http.js';

export interface ForgeHttpOptions {
  /** Name in messages, e.g. `Gitea`. */
  readonly service: string;
  /** API base, e.g. `https://git.example.net/api/v1`. */
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly token: string;
  readonly authHint: string;
  readonly fetch?: FetchLike;
}

export interface ForgeResponse {
  readonly status: number;
  readonly json: unknown;
  readonly headers: Headers;
}

/** Statuses adapters look at themselves (missing, duplicate, validation). */
const HANDLED = [404, 409, 422];

/**
 * JSON over the shared retrying fetch (src/lib/http.ts) with SINK_* codes. Statuses in `pass`
 * come back to the adapter; any other 4xx/5xx is a SyncError whose message never quotes the token.
 */
export class ForgeHttp {
  private readonly fetch: FetchLike;

  constructor(private readonly options: ForgeHttpOptions) {
    this.fetch = createRetryingFetch({
      service: options.service,
      codes: { unreachable: 'SINK_UNREACHABLE', auth: 'SINK_AUTH', http: 'SINK_HTTP' },
      authHint: options.authHint,
      passStatuses: HANDLED,
      secrets: [options.token],
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async request(
    method: string,
    path: string,
    signal: AbortSignal,
    options: { query?: Record<string, string | number>; body?: unknown; pass?: readonly number[] } = {},
  ): Promise<ForgeResponse> {
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(name, String(value));
    const headers = new Headers(this.options.headers);
    headers.set('accept', headers.get('accept') ?? 'application/json');
    if (options.body !== undefined) headers.set('content-type', 'application/json');
    const response = await this.fetch(url.toString(), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
    });
    const text = await response.text();
    let json: unknown = null;
    if (text !== '') {
      try {
        json = JSON.parse(text) as unknown;
      } catch {
        throw new SyncError(
          'SINK_PARSE',
          `${this.options.service} ${method} ${url.pathname}: the answer is not JSON`,
          {
            details: { status: response.status },
          },
        );
      }
    }
    if (!response.ok && !(options.pass ?? []).includes(response.status)) {
      throw new SyncError(
        'SINK_HTTP',
        `${this.options.service} ${method} ${url.pathname}: HTTP ${response.status} (${errorMessage(json)})`,
        { details: { status: response.status } },
      );
    }
    return { status: response.status, json, headers: response.headers };
  }
}

/** The message of a forge error body: Gitea/GitHub `message`, GitLab `message` or `error`. */
export function errorMessage(json: unknown): string {
  if (json && typeof json === 'object') {
    const record = json as Record<string, unknown>;
    const message = record.message ?? record.error;
    const errors = Array.isArray(record.errors)
      ? record.errors
          .map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).message : e))
          .filter((m) => typeof m === 'string')
      : [];
    const text = typeof message === 'string' ? message : message === undefined ? '' : JSON.stringify(message);
    return [text, ...errors].filter(Boolean).join('; ').slice(0, 300);
  }
  return '';
}

/** Parse a forge answer strictly enough to act on it, or fail the call (fail closed). */
export function parseAnswer<T>(
  schema: {
    safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } };
  },
  json: unknown,
  where: string,
): T {
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new SyncError('SINK_PARSE', `${where}: unexpected answer (${result.error.message.slice(0, 200)})`);
  }
  return result.data;
}
