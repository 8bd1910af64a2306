// src/lib/http.ts: the shared retrying fetch (used by the NetBox client and by every sink).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCaFetch,
  createRetryingFetch,
  parseRetryAfter,
  type RetryingFetchOptions,
} from '../../src/lib/http.js';
import { SyncError } from '../../src/model/errors.js';

const SECRET = 'tok-0123456789abcdef';
const codes = { unreachable: 'SINK_UNREACHABLE', auth: 'SINK_AUTH', http: 'SINK_HTTP' } as const;

/** A scripted upstream: each call takes the next step; records what it saw. */
function scripted(steps: (Response | Error | 'hang')[]) {
  const seen: { method: string; url: string; body: string; authorization: string | null }[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push({
      method: request.method,
      url: request.url,
      body: await request.text(),
      authorization: request.headers.get('authorization'),
    });
    const step = steps[Math.min(seen.length - 1, steps.length - 1)];
    if (step === 'hang') {
      return new Promise((_, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      });
    }
    if (step instanceof Error) throw step;
    return (step as Response).clone();
  };
  return { fetch, seen };
}

function setup(steps: (Response | Error | 'hang')[], extra: Partial<RetryingFetchOptions> = {}) {
  const upstream = scripted(steps);
  const sleeps: number[] = [];
  const fetch = createRetryingFetch({
    service: 'Technitium',
    codes,
    authHint: 'check sinks.dns.token',
    fetch: upstream.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    secrets: [SECRET],
    ...extra,
  });
  return { fetch, seen: upstream.seen, sleeps };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

async function failure(promise: Promise<unknown>): Promise<SyncError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SyncError);
  return err as SyncError;
}

describe('createRetryingFetch', () => {
  it('retries a 503 with exponential backoff, then returns the success', async () => {
    const { fetch, seen, sleeps } = setup([json(503, {}), json(503, {}), json(200, { ok: true })]);

    const response = await fetch('http://127.0.0.1:1/api/zones/list?token=x');

    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
    // base 500 ms doubled per attempt, jitter factor 0.5 + 0.5/2 = 0.75
    expect(sleeps).toEqual([375, 750]);
  });

  it('honours Retry-After (seconds) instead of its own backoff', async () => {
    const { fetch, sleeps } = setup([json(429, {}, { 'retry-after': '2' }), json(200, {})]);

    await fetch('http://127.0.0.1:1/x');

    expect(sleeps).toEqual([2000]);
  });

  it('gives up when Retry-After asks for longer than the cap, as a retryable error', async () => {
    const { fetch, seen } = setup([json(503, {}, { 'retry-after': '3600' })], { maxDelayMs: 10_000 });

    const err = await failure(fetch('http://127.0.0.1:1/x'));

    expect(seen).toHaveLength(1);
    expect(err.code).toBe('SINK_HTTP');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('retry after 3600');
  });

  it('throws the http code after the last attempt of a persistent 502', async () => {
    const { fetch, seen } = setup([json(502, { detail: 'bad gateway' })], { maxAttempts: 3 });

    const err = await failure(fetch('http://127.0.0.1:1/api/x/'));

    expect(seen).toHaveLength(3);
    expect(err.code).toBe('SINK_HTTP');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe('Technitium GET /api/x/: HTTP 502 (bad gateway) after 3 attempts');
  });

  it('does not retry a 500 or a 400, and marks only the 500 retryable', async () => {
    const five = setup([json(500, { error: 'boom' })]);
    const four = setup([json(400, { name: ['required'] })]);

    const e500 = await failure(five.fetch('http://127.0.0.1:1/a'));
    const e400 = await failure(four.fetch('http://127.0.0.1:1/a'));

    expect([five.seen.length, four.seen.length]).toEqual([1, 1]);
    expect([e500.retryable, e400.retryable]).toEqual([true, false]);
    expect(e400.message).toContain('{"name":["required"]}');
  });

  it.each([401, 403])('maps %i to the auth code with the hint, never the token', async (status) => {
    const { fetch } = setup([json(status, { detail: `Invalid token ${SECRET}` })]);

    const err = await failure(
      fetch(`http://127.0.0.1:1/api/x?token=${SECRET}`, { headers: { authorization: `Token ${SECRET}` } }),
    );

    expect(err.code).toBe('SINK_AUTH');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('check sinks.dns.token');
    expect(err.message).not.toContain(SECRET);
    expect(JSON.stringify(err.details)).not.toContain(SECRET);
  });

  it('retries network errors and ends with the unreachable code naming the cause', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    const { fetch, seen } = setup([refused], { maxAttempts: 2 });

    const err = await failure(fetch('http://127.0.0.1:1/x'));

    expect(seen).toHaveLength(2);
    expect(err.code).toBe('SINK_UNREACHABLE');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('times a hanging request out and retries it', async () => {
    const { fetch, seen } = setup(['hang', json(200, { late: false })], { timeoutMs: 20 });

    const response = await fetch('http://127.0.0.1:1/x');

    expect(await response.json()).toEqual({ late: false });
    expect(seen).toHaveLength(2);
  });

  it('reports a request that always times out as unreachable', async () => {
    const { fetch } = setup(['hang'], { timeoutMs: 20, maxAttempts: 2 });

    const err = await failure(fetch('http://127.0.0.1:1/x'));

    expect(err.code).toBe('SINK_UNREACHABLE');
    expect(err.message).toContain('timed out after 20 ms');
  });

  it("stops at once when the caller's signal aborts, with the caller's reason", async () => {
    const { fetch, seen } = setup(['hang']);
    const controller = new AbortController();
    const reason = new Error('run cancelled');

    const pending = fetch('http://127.0.0.1:1/x', { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(reason);

    await expect(pending).rejects.toBe(reason);
    expect(seen).toHaveLength(1);
  });

  it('retries a POST on 503 (not processed) with the same body, but not on 502', async () => {
    const on503 = setup([json(503, {}), json(201, { id: 1 })]);
    const on502 = setup([json(502, {}), json(201, { id: 1 })]);
    const init = { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } };

    const created = await on503.fetch('http://127.0.0.1:1/x', init);
    const err = await failure(on502.fetch('http://127.0.0.1:1/x', init));

    expect(created.status).toBe(201);
    expect(on503.seen.map((s) => s.body)).toEqual(['{"a":1}', '{"a":1}']);
    expect(on502.seen).toHaveLength(1);
    expect(err.code).toBe('SINK_HTTP');
  });

  it('hands statuses listed in passStatuses back to the caller', async () => {
    const { fetch } = setup([json(404, { detail: 'Not found.' })], { passStatuses: [404] });

    const response = await fetch('http://127.0.0.1:1/x');

    expect(response.status).toBe(404);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');

    const parsed = [
      parseRetryAfter('7', now),
      parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now),
      parseRetryAfter('soon', now),
      parseRetryAfter(null, now),
    ];

    expect(parsed).toEqual([7000, 30_000, undefined, undefined]);
  });
});

describe('createCaFetch (caFile)', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let ca: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nbsync-ca-'));
    const openssl = (args: string) => execFileSync('openssl', args.split(' '), { cwd: dir, stdio: 'pipe' });
    const ec = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl(`req -x509 ${ec} -keyout ca.key -out ca.crt -days 1 -subj /CN=nbsync-test-root`);
    openssl(`req ${ec} -keyout srv.key -out srv.csr -subj /CN=127.0.0.1`);
    openssl(
      'x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out srv.crt -days 1 -extfile san.ext',
    );
    ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
    server = createServer(
      { key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.crt')) },
      (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/status/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts the given CA for https, where the default fetch refuses the certificate', async () => {
    const fetch = createCaFetch(ca);

    const response = await fetch(url, { headers: { authorization: 'Token abc' } });
    const plain = await globalThis.fetch(url).then(
      () => 'accepted',
      () => 'refused',
    );

    expect(await response.json()).toEqual({ method: 'GET', auth: 'Token abc' });
    expect(plain).toBe('refused');
  });
});
