import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { planSink } from '../../src/reconcile/planner.js';
import { createAcmeSink, acmeSchema } from '../../src/sinks/acme/index.js';
import type { CertificateSink } from '../../src/sinks/cert-common/cert-sink.js';
import type { TxtRecordPublisher } from '../../src/sinks/cert-common/challenge.js';
import { toPem } from '../../src/sinks/cert-common/csr.js';
import { createTransport } from '../../src/sinks/cert-common/transport.js';
import { splitPemChain } from '../../src/sinks/cert-common/x509.js';
import type { Sink } from '../../src/sinks/sink.js';
import { sinkContract } from '../contract/sink-contract.js';
import {
  certInventory,
  certIp,
  certVm,
  runContext,
  sinkDeps,
  sinkSettings,
} from '../fakes/step-ca/harness.js';

// REAL Pebble (Debian package `pebble`) on 127.0.0.1, resolving names only through a tiny DNS
// responder run here (never the system resolver): A 127.0.0.1 for every name, TXT from what
// the test DNS sink published.

interface DnsResponder {
  readonly port: number;
  readonly txt: Map<string, Set<string>>;
  readonly queries: string[];
  close(): Promise<void>;
}

function startDns(): Promise<DnsResponder> {
  const txt = new Map<string, Set<string>>();
  const queries: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (msg, peer) => {
    let offset = 12;
    const labels: string[] = [];
    while ((msg[offset] ?? 0) !== 0) {
      const length = msg[offset] ?? 0;
      labels.push(msg.subarray(offset + 1, offset + 1 + length).toString('ascii'));
      offset += length + 1;
    }
    offset += 1;
    const qtype = msg.readUInt16BE(offset);
    const name = labels.join('.').toLowerCase();
    queries.push(`${name}/${qtype}`);
    const rdatas: Buffer[] = [];
    if (qtype === 1) rdatas.push(Buffer.from([127, 0, 0, 1]));
    if (qtype === 16) {
      for (const value of txt.get(name) ?? [])
        rdatas.push(Buffer.concat([Buffer.from([value.length]), Buffer.from(value, 'ascii')]));
    }
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8400 | (msg.readUInt16BE(2) & 0x0100) | 0x0080, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(rdatas.length, 6);
    const answers = rdatas.map((rdata) => {
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(0, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    socket.send(Buffer.concat([header, msg.subarray(12, offset + 4), ...answers]), peer.port, peer.address);
  });
  return new Promise((resolve) => {
    socket.bind(0, '127.0.0.1', () =>
      resolve({
        port: socket.address().port,
        txt,
        queries,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      }),
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A stand-in DNS sink: publishes TXT records into the responder Pebble queries. */
class TestDnsSink implements Sink, TxtRecordPublisher {
  readonly name = 'dns';
  readonly type = 'test-dns';
  readonly manages = [] as const;
  readonly settings = sinkSettings();
  readonly published: string[] = [];
  corruptNext = false;
  constructor(private readonly dns: DnsResponder) {}
  desired = () => ({ resources: [], skipped: [] });
  observe = async () => ({ resources: [] });
  apply = async () => ({ outcome: 'noop' as const });
  check = async () => [];
  async publishTxt(fqdn: string, value: string): Promise<void> {
    this.published.push(fqdn);
    const stored = this.corruptNext ? 'wrong-value' : value;
    this.corruptNext = false;
    const values = this.dns.txt.get(fqdn) ?? new Set<string>();
    values.add(stored);
    this.dns.txt.set(fqdn, values);
  }
  async removeTxt(fqdn: string): Promise<void> {
    this.dns.txt.delete(fqdn);
  }
}

let base = '';
let dns: DnsResponder;
let pebble: ChildProcess | undefined;
let directoryUrl = '';
let managementUrl = '';
let httpPort = 0;
let tlsPem = '';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'nbsync-pebble-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '1',
        '-subj',
        '/CN=pebble',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { cwd: base, stdio: 'ignore' },
    );
  } catch (err) {
    throw new Error(
      `openssl is needed to make Pebble's TLS certificate (Debian package openssl): ${String(err)}`,
    );
  }
  tlsPem = await readFile(join(base, 'cert.pem'), 'utf8');
  dns = await startDns();
  const [listen, management, tls] = [await freePort(), await freePort(), await freePort()];
  httpPort = await freePort();
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${listen}`,
      managementListenAddress: `127.0.0.1:${management}`,
      certificate: join(base, 'cert.pem'),
      privateKey: join(base, 'key.pem'),
      httpPort,
      tlsPort: tls,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
    },
  };
  writeFileSync(join(base, 'pebble.json'), JSON.stringify(config));
  const child = spawn(
    'pebble',
    ['-config', join(base, 'pebble.json'), '-dnsserver', `127.0.0.1:${dns.port}`],
    {
      env: { ...process.env, PEBBLE_VA_NOSLEEP: '1' },
      stdio: 'ignore',
    },
  );
  pebble = child;
  const spawned = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(new Error(`cannot start pebble (install the Debian package pebble): ${err.message}`)),
    ),
  );
  directoryUrl = `https://127.0.0.1:${listen}/dir`;
  managementUrl = `https://127.0.0.1:${management}`;
  await Promise.race([spawned, waitForPebble()]);
});

async function waitForPebble(): Promise<void> {
  const http = createTransport({ fetch, caPem: tlsPem, timeoutMs: 1000, maxAttempts: 1 });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const ready = await http(directoryUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('pebble did not come up within 10 s');
}

afterAll(async () => {
  if (pebble?.pid !== undefined && pebble.exitCode === null) {
    const exited = new Promise((resolve) => pebble?.once('exit', resolve));
    process.kill(pebble.pid, 'SIGTERM');
    await exited;
  }
  await dns?.close();
  await rm(base, { recursive: true, force: true });
});

function acmeSink(dir: string, challenge: Record<string, string>, dnsSink?: TestDnsSink): CertificateSink {
  const config = acmeSchema.parse({
    directoryUrl,
    email: 'ops@lavaduck.net',
    caFile: join(base, 'cert.pem'),
    challenge,
    store: { dir },
  });
  const deps = {
    ...sinkDeps(base, sinkSettings()),
    sinkByName: (name: string) => (name === 'dns' ? dnsSink : undefined),
  };
  return createAcmeSink('acme', config, deps);
}

async function converge(sink: CertificateSink, inventory: Inventory, force = false) {
  const plan = planSink(sink, sink.desired(inventory), await sink.observe(runContext()));
  for (const change of plan.changes) if (force || !change.forced) await sink.apply(change, runContext());
  return plan;
}

async function pebbleGet(path: string): Promise<Response> {
  return createTransport({ fetch, caPem: tlsPem, timeoutMs: 5000 })(`${managementUrl}${path}`);
}

const web = certInventory(
  [certVm(1, 'web', 1)],
  [certIp(1, 'web.nbsync.test', '127.0.0.1/8', { customFields: { dns_aliases: 'www' } })],
);

describe('acme against Pebble', () => {
  it('issues with http-01 a real certificate whose SANs match the inventory, chained to Pebble’s root', async () => {
    const sink = acmeSink('certs-http', { type: 'http-01', listen: `127.0.0.1:${httpPort}` });

    const plan = await converge(sink, web);

    const cert = await sink.store.read('web.nbsync.test');
    expect(plan.changes.map((c) => c.op)).toEqual(['create']);
    expect(cert?.leaf.sans).toEqual(['web.nbsync.test', 'www.nbsync.test', '127.0.0.1']);
    expect(cert?.leaf.sans).toEqual(sink.desired(web).resources[0]?.spec.sans);
    const [leaf, intermediate] = splitPemChain(cert?.certPem ?? '').map((pem) => new X509Certificate(pem));
    const root = new X509Certificate(await (await pebbleGet('/roots/0')).text());
    expect(leaf?.verify(intermediate?.publicKey ?? root.publicKey)).toBe(true);
    expect(intermediate?.verify(root.publicKey)).toBe(true);
    expect(cert?.keyState).toBe('ok');
    expect((await converge(sink, web)).changes).toEqual([]);
  });

  it('issues with dns-01 through the DNS sink, without IP SANs, and removes the TXT record after', async () => {
    const dnsSink = new TestDnsSink(dns);
    const sink = acmeSink('certs-dns', { type: 'dns-01', dnsSink: 'dns' }, dnsSink);
    const inventory = certInventory([certVm(2, 'db', 2)], [certIp(2, 'db.nbsync.test', '127.0.0.2/8')]);

    await converge(sink, inventory);

    expect((await sink.store.read('db.nbsync.test'))?.leaf.sans).toEqual(['db.nbsync.test']);
    expect(dnsSink.published).toEqual(['_acme-challenge.db.nbsync.test']);
    expect(dns.queries).toContain('_acme-challenge.db.nbsync.test/16');
    expect(dns.txt.size).toBe(0);
  });

  it('revokes at Pebble and removes the files when the object is gone (forced)', async () => {
    const sink = acmeSink('certs-revoke', { type: 'http-01', listen: `127.0.0.1:${httpPort}` });
    await converge(sink, web);
    const serial = (await sink.store.read('web.nbsync.test'))?.leaf.serialHex ?? '';

    const plan = await converge(sink, certInventory([], []), true);

    expect(plan.changes).toMatchObject([{ op: 'delete', forced: true }]);
    expect(await sink.store.read('web.nbsync.test')).toBeNull();
    const status = (await (await pebbleGet(`/cert-status-by-serial/${serial}`)).json()) as { Status: string };
    expect(status.Status).toBe('Revoked');
  });

  it('keeps the old certificate when the CA refuses the challenge', async () => {
    const dnsSink = new TestDnsSink(dns);
    const sink = acmeSink('certs-refused', { type: 'dns-01', dnsSink: 'dns' }, dnsSink);
    const inventory = (alias: string) =>
      certInventory(
        [certVm(3, 'app', 3)],
        [certIp(3, 'app.nbsync.test', '127.0.0.3/8', { customFields: { dns_aliases: alias } })],
      );
    await converge(sink, inventory('a'));
    const before = await sink.store.read('app.nbsync.test');
    dnsSink.corruptNext = true;

    const attempt = converge(sink, inventory('b'));

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_REJECTED' });
    expect((await sink.store.read('app.nbsync.test'))?.certPem).toBe(before?.certPem);
    expect(dns.txt.size).toBe(0);
  });
});

let contractRun = 0;
sinkContract('acme (Pebble, dns-01)', async () => {
  contractRun += 1;
  const dir = join(base, `contract-${contractRun}`);
  const dnsSink = new TestDnsSink(dns);
  const sink = acmeSink(dir, { type: 'dns-01', dnsSink: 'dns' }, dnsSink);
  const selfSigned = (name: string) => {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.crt`,
        '-days',
        '1',
        '-subj',
        `/CN=${name}`,
        '-addext',
        `subjectAltName=DNS:${name}`,
      ],
      { cwd: dir, stdio: 'ignore' },
    );
  };
  return {
    sink,
    inventory: certInventory(
      [certVm(11, 'c1', 11), certVm(12, 'c2', 12)],
      [
        certIp(11, `c1-${contractRun}.nbsync.test`, '127.0.1.1/8'),
        certIp(12, `c2-${contractRun}.nbsync.test`, '127.0.1.2/8'),
      ],
    ),
    seedForeign: async () => {
      selfSigned(`c1-${contractRun}.nbsync.test`);
      selfSigned('z.nbsync.test');
      await sink.store.setOwner('z.nbsync.test', {
        instance: 'other',
        ref: 'virtualization.virtualmachine/99',
      });
      return { unmarkedKey: `c1-${contractRun}.nbsync.test`, foreignKey: 'z.nbsync.test' };
    },
    failNextRead: () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'broken.nbsync.test.crt'), toPem('CERTIFICATE', Buffer.from('not DER')));
    },
    rejectNextWrite: () => {
      dnsSink.corruptNext = true;
    },
    teardown: async () => {},
  };
});

it('reports a sink that cannot publish TXT records in check()', async () => {
  const sink = acmeSink('certs-check', { type: 'dns-01', dnsSink: 'nowhere' });

  const problems = await sink.check(runContext());

  expect(problems).toEqual(['challenge.dnsSink: no sink named nowhere']);
});
