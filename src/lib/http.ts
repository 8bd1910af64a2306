// The one HTTP layer of nbsync: retries with exponential backoff and jitter on 429/502/503/504,
// network errors and timeouts (honouring Retry-After), a per-request timeout combined with the
// run's signal, and every failure turned into a SyncError with the caller's codes. Clients of
// NetBox and of every sink wrap their fetch with it; nothing else in nbsync retries.
import { Agent, request as httpsRequest } from 'node:https';
import { SyncError, type ErrorCode } from '../model/errors.js';

/** A fetch as openapi-fetch calls it (a Request), also callable like the global fetch. */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** The error codes a caller wants: NETBOX_* for the source, SINK_* for sinks. */
export interface HttpErrorCodes {
  /** Network error or timeout after every attempt. */
  readonly unreachable: ErrorCode;
  /** 401 or 403. */
  readonly auth: ErrorCode;
  /** Any other status that is not passed through. */
  readonly http: ErrorCode;
}

export interface RetryInfo {
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly method: string;
  readonly path: string;
}

export interface RetryingFetchOptions {
  /** Name of the remote system in messages, e.g. `NetBox`. */
  readonly service: string;
  readonly codes: HttpErrorCodes;
  /** Appended to 401/403 messages: which credential to check, e.g. `check netbox.token`. */
  readonly authHint?: string;
  /** The underlying fetch (default: the global one, looked up at call time). */
  readonly fetch?: FetchLike;
  readonly sleep?: Sleep;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
  /** Attempts in total, first one included (default 4). */
  readonly maxAttempts?: number;
  /** Per attempt (default 30 s). */
  readonly timeoutMs?: number;
  /** First backoff step (default 500 ms); doubles per attempt. */
  readonly baseDelayMs?: number;
  /** Cap of one wait, for backoff and Retry-After alike (default 30 s). */
  readonly maxDelayMs?: number;
  /** Statuses handed back to the caller instead of thrown, e.g. `[404]`. */
  readonly passStatuses?: readonly number[];
  /**
   * Retry POST/PATCH after errors where the server may have acted (502/504, network, timeout).
   * Default false: they are retried only on 429 and 503, which mean "not processed".
   */
  readonly retryUnsafeMethods?: boolean;
  /** Values scrubbed from every message (defence in depth; messages never quote headers). */
  readonly secrets?: readonly string[];
  readonly onRetry?: (info: RetryInfo) => void;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const NOT_PROCESSED_STATUSES = new Set([429, 503]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Sleep that ends early (rejecting with the signal's reason) when the signal aborts. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Wrap a fetch with retries, timeouts and SyncError mapping. The result resolves with a 2xx/3xx
 * response or one whose status is in `passStatuses`; everything else throws a SyncError
 * (`retryable` set for 429, 5xx, network errors and timeouts). Aborting the caller's signal
 * rejects with the signal's reason and is never retried.
 */
export function createRetryingFetch(options: RetryingFetchOptions): FetchLike {
  const inner: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const pass = new Set(options.passStatuses ?? []);
  const scrub = (text: string): string =>
    (options.secrets ?? []).filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('***'), text);

  return async (input, init) => {
    const original = input instanceof Request && init === undefined ? input : new Request(input, init);
    const method = original.method.toUpperCase();
    const path = new URL(original.url).pathname; // never the query: some APIs carry tokens there
    const body = original.body === null ? undefined : await original.arrayBuffer();
    const caller = original.signal;
    const mayRetry = (notProcessed: boolean): boolean =>
      notProcessed || SAFE_METHODS.has(method) || options.retryUnsafeMethods === true;
    const where = `${options.service} ${method} ${path}`;

    for (let attempt = 1; ; attempt++) {
      const last = attempt >= maxAttempts;
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
      if (caller.aborted) throw caller.reason;
      // One controller per attempt, aborted by the caller or by the timer. (Not
      // AbortSignal.any/timeout: those hold each other weakly, and a request whose only
      // references are signals can be collected before its timeout fires.)
      const attemptController = new AbortController();
      const onCallerAbort = (): void => attemptController.abort(caller.reason);
      caller.addEventListener('abort', onCallerAbort, { once: true });
      const request = new Request(original.url, {
        method,
        headers: original.headers,
        body,
        redirect: original.redirect,
        signal: attemptController.signal,
      });
      const timer = setTimeout(() => {
        attemptController.abort(new DOMException(`${request.method} timed out`, 'TimeoutError'));
      }, timeoutMs);
      let response: Response;
      try {
        // The body is read inside the attempt, so the timeout covers it and a body cut off
        // mid-way is retried like any other network error.
        response = await readFully(await inner(request));
      } catch (err) {
        if (caller.aborted) throw caller.reason;
        const reason = isTimeout(err) ? `timed out after ${timeoutMs} ms` : networkReason(err);
        if (last || !mayRetry(false)) {
          throw new SyncError(
            options.codes.unreachable,
            scrub(
              `${where}: ${reason} (after ${attempt} attempt${attempt > 1 ? 's' : ''}); check the URL and that ${options.service} is reachable`,
            ),
            { retryable: true, cause: err, details: { method, path, attempts: attempt } },
          );
        }
        options.onRetry?.({ attempt, delayMs: backoff, reason, method, path });
        await sleep(backoff, caller);
        continue;
      } finally {
        clearTimeout(timer);
        caller.removeEventListener('abort', onCallerAbort);
      }

      if (response.ok || pass.has(response.status)) return response;
      const status = response.status;
      if (RETRY_STATUSES.has(status) && !last && mayRetry(NOT_PROCESSED_STATUSES.has(status))) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter === undefined || retryAfter <= maxDelayMs) {
          const delayMs = retryAfter ?? backoff;
          options.onRetry?.({ attempt, delayMs, reason: `HTTP ${status}`, method, path });
          await sleep(delayMs, caller);
          continue;
        }
      }
      throw await errorFromResponse(response, { where, attempt, method, path, options, scrub });
    }
  };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

async function readFully(response: Response): Promise<Response> {
  const payload = await response.arrayBuffer();
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : payload, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function errorFromResponse(
  response: Response,
  ctx: {
    where: string;
    attempt: number;
    method: string;
    path: string;
    options: RetryingFetchOptions;
    scrub: (s: string) => string;
  },
): Promise<SyncError> {
  const status = response.status;
  const detail = summariseBody(await response.text().catch(() => ''));
  const auth = status === 401 || status === 403;
  const retryAfter = response.headers.get('retry-after');
  const parts = [`${ctx.where}: HTTP ${status}`];
  if (detail) parts.push(` (${detail})`);
  if (ctx.attempt > 1) parts.push(` after ${ctx.attempt} attempts`);
  if (retryAfter && RETRY_STATUSES.has(status)) parts.push(`; server asks to retry after ${retryAfter}`);
  if (auth && ctx.options.authHint) parts.push(`; ${ctx.options.authHint}`);
  return new SyncError(auth ? ctx.options.codes.auth : ctx.options.codes.http, ctx.scrub(parts.join('')), {
    retryable: status === 429 || status >= 500,
    details: { status, method: ctx.method, path: ctx.path, attempts: ctx.attempt },
  });
}

/** A short, single-line excerpt of an error body: `detail`/`error` of JSON bodies when present. */
function summariseBody(text: string): string {
  let summary = text;
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      const record = json as Record<string, unknown>;
      const picked = record.detail ?? record.error ?? record.message;
      summary = typeof picked === 'string' ? picked : JSON.stringify(json);
    }
  } catch {
    // not JSON: keep the text
  }
  summary = summary.replace(/\s+/g, ' ').trim();
  return summary.length > 200 ? `${summary.slice(0, 200)}…` : summary;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isTimeout(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'TimeoutError' || (err.cause instanceof Error && err.cause.name === 'TimeoutError');
}

function networkReason(err: unknown): string {
  const cause =
    err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return `network error ${cause.code}`;
  return `network error${err instanceof Error ? `: ${err.message}` : ''}`;
}

/**
 * A fetch that trusts `ca` (PEM, e.g. a Step-CA root) for https URLs, in addition to nothing
 * else: the given CA replaces the system store for these requests, as `caFile` promises.
 * Node 20 bundles undici for its fetch but does not expose its `Agent` without the undici
 * package, so https requests go through `node:https` with an Agent carrying the CA; other URLs
 * use the global fetch. Bodies are buffered; redirects are not followed.
 */
export function createCaFetch(ca: string | Buffer): FetchLike {
  const agent = new Agent({ ca, keepAlive: true });
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'https:') return globalThis.fetch(request);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const signal = request.signal;
      const outgoing = httpsRequest(url, { method: request.method, headers, agent, signal }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (err) => reject(signal.aborted ? signal.reason : err));
        incoming.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
              responseHeaders.append(name, v);
            }
          }
          const status = incoming.statusCode ?? 502;
          resolve(
            new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: incoming.statusMessage ?? '',
              headers: responseHeaders,
            }),
          );
        });
      });
      outgoing.on('error', (err) =>
        reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: err })),
      );
      outgoing.end(body);
    });
  };
}
