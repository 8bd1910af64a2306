import https from 'node:https';
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
  /** The fetch of the composition root; used when no CA has to be pinned. */
  readonly fetch: typeof fetch;
  /** Trust exactly this CA bundle (PEM) for HTTPS instead of the system store. */
  readonly caPem?: string;
  /** Skip TLS verification: only for step-ca's root bootstrap, whose result is then pinned. */
  readonly insecure?: boolean;
  readonly timeoutMs: number;
}

/**
 * The HTTP transport of the certificate sinks. CAs serve HTTPS with a certificate issued by an
 * internal root, so the root is pinned per sink: node:https with `ca` (the global fetch has no
 * per-request trust store). Network failures and timeouts become retryable SINK_UNREACHABLE.
 */
export function createTransport(options: TransportOptions): HttpCall {
  const pinned = options.caPem !== undefined || options.insecure === true;
  return async (url, init = {}) => {
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(options.timeoutMs)])
      : AbortSignal.timeout(options.timeoutMs);
    try {
      if (pinned && url.startsWith('https:')) return await pinnedRequest(url, init, options, signal);
      const fetchInit: RequestInit = { method: init.method ?? 'GET', signal };
      if (init.headers) fetchInit.headers = { ...init.headers };
      if (init.body !== undefined) fetchInit.body = init.body;
      return await options.fetch(url, fetchInit);
    } catch (err) {
      if (err instanceof SyncError) throw err;
      const timedOut = signal.aborted && !init.signal?.aborted;
      const what = timedOut ? `timed out after ${options.timeoutMs} ms` : 'failed';
      throw new SyncError('SINK_UNREACHABLE', `request to ${new URL(url).origin} ${what}; check the CA URL and that it is up`, {
        retryable: true,
        cause: err,
      });
    }
  };
}

function pinnedRequest(url: string, init: HttpInit, options: TransportOptions, signal: AbortSignal): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    // `https.request` looked up at call time, so interceptors (msw in tests) see the call.
    const req = https.request(
      url,
      {
        method: init.method ?? 'GET',
        // Explicit length, no chunked encoding: ACME servers (Pebble, Boulder) require it.
        headers: { ...init.headers, ...(init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) }) },
        ...(options.caPem === undefined ? {} : { ca: options.caPem }),
        rejectUnauthorized: options.insecure !== true,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
            else if (value !== undefined) headers.set(name, value);
          }
          const status = res.statusCode ?? 502;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers }));
        });
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Turn a non-2xx answer into a SyncError: 401/403 auth, 4xx rejected, 5xx retryable. */
export function httpError(what: string, status: number, detail: string): SyncError {
  const text = detail.length > 300 ? `${detail.slice(0, 300)}…` : detail;
  if (status === 401) return new SyncError('SINK_AUTH', `${what}: the CA refused the credentials (401: ${text})`);
  if (status >= 500) return new SyncError('SINK_HTTP', `${what}: the CA failed (${status}: ${text})`, { retryable: true });
  if (status === 429) return new SyncError('RATE_LIMITED', `${what}: rate limited by the CA (${text})`, { retryable: true });
  return new SyncError('SINK_REJECTED', `${what}: the CA rejected the request (${status}: ${text})`);
}
