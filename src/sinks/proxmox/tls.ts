import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

/**
 * A fetch for a Proxmox VE with a self-signed (or internal-CA) certificate, built on node:https
 * with `ca` set: the system trust store is replaced by the given PEM bundle for these requests
 * only. (undici's Agent would do the same as a `dispatcher`, but undici is not a dependency.)
 * Covers what the Proxmox client needs: any method, headers, a buffered body, abort signals.
 */
export function fetchTrusting(ca: string | Buffer): (request: Request) => Promise<Response> {
  return async (request: Request) => {
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(request.url, { method: request.method, headers, ca, signal: request.signal }, (res) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(name, v));
          else if (value !== undefined) responseHeaders.set(name, value);
        }
        const status = res.statusCode ?? 500;
        const empty = status === 204 || status === 304 || request.method === 'HEAD';
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      });
      req.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
      req.end(body);
    });
  };
}
