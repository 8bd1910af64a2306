import { get } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AcmeClient } from '../../src/sinks/acme/client.js';
import { acmeSchema } from '../../src/sinks/acme/config.js';
import { Dns01Solver, Http01Solver } from '../../src/sinks/acme/solvers.js';
import { generatePrivateKey } from '../../src/sinks/cert-common/csr.js';
import { decodeCompact, fromBase64url, jwkThumbprint } from '../../src/sinks/cert-common/jws.js';
import type { HttpCall } from '../../src/sinks/cert-common/transport.js';
import { runContext } from '../fakes/step-ca/harness.js';

const DIR = 'https://acme.test/dir';

/** A scripted ACME server: the directory, nonces, then the given answers for POSTs in order. */
function scripted(answers: Response[]) {
  const posts: { url: string; protected: Record<string, unknown>; payload: string }[] = [];
  let nonce = 0;
  const http: HttpCall = async (url, init = {}) => {
    if (url === DIR) {
      return Response.json({
        newNonce: 'https://acme.test/nonce',
        newAccount: 'https://acme.test/acct',
        newOrder: 'https://acme.test/order',
        revokeCert: 'https://acme.test/revoke',
      });
    }
    if (init.method === 'HEAD') return new Response(null, { headers: { 'replay-nonce': `n${++nonce}` } });
    const body = JSON.parse(init.body ?? '{}') as { protected: string; payload: string };
    posts.push({
      url,
      protected: JSON.parse(fromBase64url(body.protected).toString()) as Record<string, unknown>,
      payload: body.payload,
    });
    const answer = answers.shift() ?? new Response('unexpected', { status: 500 });
    answer.headers.set('replay-nonce', `n${++nonce}`);
    return answer;
  };
  return { http, posts };
}

describe('ACME client', () => {
  it('creates the account with its JWK, then signs with kid, reusing the nonce of the last answer', async () => {
    const key = generatePrivateKey();
    const { http, posts } = scripted([
      new Response('{}', { status: 201, headers: { location: 'https://acme.test/acct/1' } }),
      Response.json(
        { status: 'pending', identifiers: [], authorizations: [], finalize: 'f' },
        { status: 201, headers: { location: 'https://acme.test/order/1' } },
      ),
    ]);
    const client = new AcmeClient({
      directoryUrl: DIR,
      http,
      accountKey: key,
      email: 'ops@lavaduck.net',
      pollTimeoutMs: 1000,
    });

    const { url } = await client.newOrder([{ type: 'dns', value: 'a.example' }], runContext());

    expect(url).toBe('https://acme.test/order/1');
    expect(posts[0]?.protected).toMatchObject({
      alg: 'ES256',
      url: 'https://acme.test/acct',
      nonce: 'n1',
      jwk: { kty: 'EC', crv: 'P-256' },
    });
    expect(JSON.parse(fromBase64url(posts[0]?.payload ?? '').toString())).toEqual({
      termsOfServiceAgreed: true,
      contact: ['mailto:ops@lavaduck.net'],
    });
    expect(posts[1]?.protected).toEqual({
      alg: 'ES256',
      kid: 'https://acme.test/acct/1',
      nonce: 'n2',
      url: 'https://acme.test/order',
    });
  });

  it('retries a badNonce answer with the fresh nonce (RFC 8555 §6.5)', async () => {
    const problem = {
      type: 'urn:ietf:params:acme:error:badNonce',
      detail: 'JWS has an invalid anti-replay nonce',
    };
    const { http, posts } = scripted([
      Response.json(problem, { status: 400 }),
      new Response('{}', { status: 200, headers: { location: 'https://acme.test/acct/1' } }),
    ]);
    const client = new AcmeClient({
      directoryUrl: DIR,
      http,
      accountKey: generatePrivateKey(),
      email: 'a@b.c',
      pollTimeoutMs: 1000,
    });

    const account = await client.account(runContext());

    expect(account).toBe('https://acme.test/acct/1');
    expect(posts.map((p) => p.protected.nonce)).toEqual(['n1', 'n2']);
  });

  it('turns other problems into SyncErrors naming the ACME error type', async () => {
    const { http } = scripted([
      Response.json({ type: 'urn:ietf:params:acme:error:rejectedIdentifier', detail: 'no' }, { status: 400 }),
    ]);
    const client = new AcmeClient({
      directoryUrl: DIR,
      http,
      accountKey: generatePrivateKey(),
      email: 'a@b.c',
      pollTimeoutMs: 1000,
    });

    const attempt = client.account(runContext());

    await expect(attempt).rejects.toMatchObject({
      code: 'SINK_REJECTED',
      message: expect.stringContaining('rejectedIdentifier: no'),
    });
  });

  it('computes key authorizations and dns-01 TXT values from the account key thumbprint', () => {
    const key = generatePrivateKey();
    const client = new AcmeClient({
      directoryUrl: DIR,
      http: async () => new Response(),
      accountKey: key,
      email: 'a@b.c',
      pollTimeoutMs: 1,
    });

    expect(client.keyAuthorization('tok')).toBe(`tok.${jwkThumbprint(key)}`);
    expect(client.dnsTxtValue('tok')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => decodeCompact('a.b')).toThrow();
  });
});

describe('challenge solvers', () => {
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return typeof address === 'object' && address ? address.port : 0;
  }
  const fetchText = (url: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      get(url, { agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });

  it('http-01 serves the key authorization only while the challenge is pending', async () => {
    const port = await freePort();
    const solver = new Http01Solver(`127.0.0.1:${port}`);
    const client = new AcmeClient({
      directoryUrl: DIR,
      http: async () => new Response(),
      accountKey: generatePrivateKey(),
      email: 'a@b.c',
      pollTimeoutMs: 1,
    });

    const cleanup = await solver.present({ type: 'dns', value: 'a.example' }, 'tok123', client, runContext());
    const served = await fetchText(`http://127.0.0.1:${port}/.well-known/acme-challenge/tok123`);
    const other = await fetchText(`http://127.0.0.1:${port}/.well-known/acme-challenge/nope`);
    await cleanup();

    expect(served).toEqual({ status: 200, body: client.keyAuthorization('tok123') });
    expect(other.status).toBe(404);
    await expect(fetchText(`http://127.0.0.1:${port}/`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('dns-01 refuses a sink that cannot publish TXT records', async () => {
    const solver = new Dns01Solver('dns', () => undefined);
    const client = new AcmeClient({
      directoryUrl: DIR,
      http: async () => new Response(),
      accountKey: generatePrivateKey(),
      email: 'a@b.c',
      pollTimeoutMs: 1,
    });

    const attempt = solver.present({ type: 'dns', value: 'a.example' }, 't', client, runContext());

    await expect(attempt).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'challenge.dnsSink: no sink named dns',
    });
  });
});

describe('acme config', () => {
  const base = {
    directoryUrl: 'https://ca.example/acme/acme/directory',
    email: 'ops@lavaduck.net',
    store: { dir: 'certs' },
  };

  it('accepts dns-01 with a DNS sink and http-01 with a listen address, with defaults', () => {
    expect(acmeSchema.parse({ ...base, challenge: { type: 'dns-01', dnsSink: 'dns' } })).toMatchObject({
      tag: 'tls',
      timeoutMs: 30_000,
    });
    expect(
      acmeSchema.parse({ ...base, challenge: { type: 'http-01', listen: '[::]:80' } }).challenge,
    ).toEqual({ type: 'http-01', listen: '[::]:80' });
  });

  it.each([
    ['an unknown challenge', { challenge: { type: 'tls-alpn-01' } }],
    ['dns-01 without a sink', { challenge: { type: 'dns-01' } }],
    [
      'a key of the other challenge',
      { challenge: { type: 'http-01', listen: '0.0.0.0:80', dnsSink: 'dns' } },
    ],
    ['an unknown key', { challenge: { type: 'dns-01', dnsSink: 'dns' }, lifetime: '24h' }],
    ['a bad renewBefore', { challenge: { type: 'dns-01', dnsSink: 'dns' }, renewBefore: 'soon' }],
  ])('rejects %s', (_name, extra) => {
    expect(acmeSchema.safeParse({ ...base, ...extra }).success).toBe(false);
  });
});
