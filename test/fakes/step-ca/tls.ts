import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FakeApi, ServedFake } from '../http.js';

/**
 * Serve a fake over real HTTPS on 127.0.0.1 (free port) with the given certificate chain, the
 * way step-ca serves its API with a certificate from its own intermediate.
 */
export async function serveFakeTls(
  fake: FakeApi,
  tls: { certPem: string; keyPem: string },
): Promise<ServedFake> {
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers.set(name, value);
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      const request = new Request(new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`), {
        method,
        headers,
        body: method === 'GET' || body.length === 0 ? undefined : body,
      });
      const response = await fake.handle(request);
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
