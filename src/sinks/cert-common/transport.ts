import https from 'node:https';
import { createRetryingFetch, type FetchLike, type Sleep } from '../../lib/http.js';
import { SyncError } from '../../model/errors.js';

/** A fetch-shaped call, narrowed to what the CA clients use. */
export type HttpCall = (url: string, init?: HttpInit) => Promise<Response>;

export interface HttpInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface TransportOptions {
  /** Name of the CA in messages, e.g. `step-ca`. */
  readonly service?: string;
  /** The fetch of the composition root; used when no CA has to be pinned. */
  readonly fetch: typeof fetch;
  /** Trust exactly this CA bundle (PEM) for HTTPS instead of the system store. */
  readonly caPem?: string;
  /** Skip TLS verification: only for step-ca's root bootstrap, whose result is then pinned. */
  readonly insecure?: boolean;
  /** Per attempt. */
  readonly timeoutMs: number;
  /** Attempts in total (default: lib/http's). */
  readonly maxAttempts?: number;
  readonly sleep?: Sleep;
}

/** 4xx answers go back to the CA clients, which read step-ca's `{message}` and ACME problems. */
const CLIENT_ERRORS = Array.from({ length: 100 }, (_, i) => 400 + i).filter((status) => status !== 429);

/**
 * The HTTP transport of the certificate sinks: lib/http's retrying fetch (backoff on 429/5xx
 * and network errors, POSTs only when not processed; timeouts), over a pinned-root HTTPS
 * request when the CA is internal. CAs serve HTTPS with a certificate from their own root, so
 * the root is pinned per sink (node:https with `ca`; the global fetch has no per-request trust).
 */
export function createTransport(options: TransportOptions): HttpCall {
  const pinned = options.caPem !== undefined || options.insecure === true;
  const inner: FetchLike = pinned ? pinnedFetch(options) : (input, init) => options.fetch(input, init);
  const retrying = createRetryingFetch({
    service: options.service ?? 'the CA',
    codes: { unreachable: 'SINK_UNREACHABLE', auth: 'SINK_AUTH', http: 'SINK_HTTP' },
    fetch: inner,
    timeoutMs: options.timeoutMs,
    passStatuses: CLIENT_ERRORS,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  return (url, init = {}) => {
    const fetchInit: RequestInit = { method: init.method ?? 'GET' };
    if (init.headers) fetchInit.headers = { ...init.headers };
    if (init.body !== undefined) fetchInit.body = init.body;
    if (init.signal) fetchInit.signal = init.signal;
    return retrying(url, fetchInit).catch((err: unknown) => {
      if (err instanceof SyncError) throw err;
      // The caller's signal aborted (shutdown): say so without the raw abort reason.
      throw new SyncError('SHUTTING_DOWN', `request to ${new URL(url).origin} was cancelled`, {
        retryable: true,
        cause: err,
      });
    });
  };
}

/** A FetchLike over node:https trusting only `caPem` (or nothing, for the bootstrap call). */
function pinnedFetch(options: TransportOptions): FetchLike {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    if (!request.url.startsWith('https:')) return options.fetch(request);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // Explicit length, no chunked encoding: ACME servers (Pebble, Boulder) require it.
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const signal = request.signal;
      // `https.request` looked up at call time, so interceptors (msw in tests) see the call.
      const req = https.request(
        request.url,
        {
          method: request.method,
          headers,
          ...(options.caPem === undefined ? {} : { ca: options.caPem }),
          rejectUnauthorized: options.insecure !== true,
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (err) => reject(signal.aborted ? signal.reason : err));
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
                responseHeaders.append(name, v);
            }
            const status = res.statusCode ?? 502;
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, headers: responseHeaders }));
          });
        },
      );
      req.on('error', (err) =>
        reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: err })),
      );
      req.end(body);
    });
  };
}

/** Turn a 4xx answer (passed through by the transport) into a SyncError. */
export function httpError(what: string, status: number, detail: string): SyncError {
  const text = detail.length > 300 ? `${detail.slice(0, 300)}…` : detail;
  if (status === 401)
    return new SyncError('SINK_AUTH', `${what}: the CA refused the credentials (401: ${text})`);
  if (status >= 500)
    return new SyncError('SINK_HTTP', `${what}: the CA failed (${status}: ${text})`, { retryable: true });
  return new SyncError('SINK_REJECTED', `${what}: the CA rejected the request (${status}: ${text})`);
}
