import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Serving a fake over real HTTP needs nothing but node:http, so `nbsync demo` can import this
// file from an installation without dev dependencies (msw lives in ./http.ts).

/** A fake API: a fetch-style handler, so one implementation serves msw and real HTTP alike. */
export interface FakeApi {
  handle(request: Request): Promise<Response>;
}

export interface ServedFake {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serve a fake over real HTTP on loopback. `port: 0` (default) picks a free port.
 * The handler sees absolute URLs built from the Host header, as a real server would.
 */
export async function serveFake(
  fake: FakeApi,
  options: { host?: string; port?: number } = {},
): Promise<ServedFake> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const request = await toRequest(req, host);
        const response = await fake.handle(request);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const body = Buffer.from(await response.arrayBuffer());
        res.writeHead(response.status, headers);
        res.end(body);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function toRequest(req: IncomingMessage, host: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const origin = `http://${req.headers.host ?? host}`;
  const method = req.method ?? 'GET';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : body,
  });
}
