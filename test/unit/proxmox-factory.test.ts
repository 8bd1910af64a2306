import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { SinkDeps } from '../../src/sinks/sink.js';
import { proxmoxFactory } from '../../src/sinks/proxmox/index.js';
import { FAKE_PROXMOX_TOKEN, FakeProxmox } from '../fakes/proxmox/index.js';
import { settings } from '../helpers/resources.js';

const TLS_DIR = new URL('../fixtures/proxmox/tls/', import.meta.url);
const base = {
  url: 'https://pve1.int.lavaduck.net:8006',
  token: { env: 'PVE_TOKEN' },
  clusters: ['pve-homelab'],
  defaultNode: 'pve1',
  template: 9000,
};

function deps(token = FAKE_PROXMOX_TOKEN): SinkDeps {
  return {
    settings: settings(),
    secret: () => token,
    fetch: (input, init) => fetch(input, init),
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => {} },
    baseDir: new URL('.', TLS_DIR).pathname,
    dataDir: new URL('.', TLS_DIR).pathname,
    sinkByName: () => undefined,
  };
}

const ctx = () => ({ log: pino({ level: 'silent' }), signal: new AbortController().signal });

describe('proxmox config', () => {
  it('accepts the documented keys and defaults the bridge to vmbr0', () => {
    const parsed = proxmoxFactory.schema.parse({
      ...base,
      storage: 'local-lvm',
      gateways: { '10.10.20.0/24': '10.10.20.254' },
    });

    expect(parsed.bridge).toBe('vmbr0');
    expect(parsed.gateways).toEqual({ '10.10.20.0/24': '10.10.20.254' });
  });

  it.each([
    ['an unknown key', { ...base, pool: 'lab' }],
    ['an inline token', { ...base, token: 'root@pam!x=y' }],
    ['a VMID below 100', { ...base, template: 42 }],
    ['a gateway that is no address', { ...base, gateways: { '10.10.20.0/24': 'router' } }],
    ['a gateways key that is no prefix', { ...base, gateways: { lan: '10.10.20.1' } }],
    ['no cluster', { ...base, clusters: [] }],
  ])('refuses %s', (_what, config) => {
    const result = proxmoxFactory.schema.safeParse(config);

    expect(result.success).toBe(false);
  });

  it('refuses a token that is not USER@REALM!TOKENID=SECRET without echoing it', () => {
    const attempt = () =>
      proxmoxFactory.create('pve', proxmoxFactory.schema.parse(base), deps('s3cr3t-value'));

    expect(attempt).toThrow(SyncError);
    expect(attempt).toThrow(/USER@REALM!TOKENID=SECRET/);
    expect(attempt).not.toThrow(/s3cr3t-value/);
  });

  it('refuses caFile with a plain http url, and a caFile it cannot read', () => {
    const plain = proxmoxFactory.schema.parse({ ...base, url: 'http://pve1:8006', caFile: 'pve-test.crt' });
    const missing = proxmoxFactory.schema.parse({ ...base, caFile: 'nope.crt' });

    expect(() => proxmoxFactory.create('pve', plain, deps())).toThrow(/only makes sense with an https/);
    expect(() => proxmoxFactory.create('pve', missing, deps())).toThrow(/caFile: cannot read/);
  });
});

describe('proxmox over HTTPS with a self-signed certificate', () => {
  const fake = new FakeProxmox();
  let server: Server;
  let url = '';

  beforeAll(async () => {
    fake.addVm({ vmid: 100, name: 'pihole' });
    server = createServer(
      {
        key: readFileSync(new URL('pve-test.key', TLS_DIR)),
        cert: readFileSync(new URL('pve-test.crt', TLS_DIR)),
      },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const request = new Request(`https://127.0.0.1${req.url ?? '/'}`, {
            method: req.method ?? 'GET',
            headers: Object.entries(req.headers).flatMap(([k, v]) =>
              typeof v === 'string' ? [[k, v] as [string, string]] : [],
            ),
            ...(body.length > 0 ? { body } : {}),
          });
          void fake.handle(request).then(async (response) => {
            res.writeHead(response.status, response.statusText, { 'content-type': 'application/json' });
            res.end(Buffer.from(await response.arrayBuffer()));
          });
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('observes through node:https trusting caFile', async () => {
    const sink = proxmoxFactory.create(
      'pve',
      proxmoxFactory.schema.parse({ ...base, url, caFile: 'pve-test.crt' }),
      deps(),
    );

    const snapshot = await sink.observe(ctx());

    expect(snapshot.resources.map((r) => [r.key, r.meta.owner])).toEqual([['vmid/100', null]]);
  });

  it('fails to reach it without caFile (the system trust store does not know the certificate)', async () => {
    const sink = proxmoxFactory.create('pve', proxmoxFactory.schema.parse({ ...base, url }), deps());

    const attempt = sink.observe(ctx());

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_UNREACHABLE' });
  });

  it('carries Proxmox’s reason phrase through node:https', async () => {
    const sink = proxmoxFactory.create(
      'pve',
      proxmoxFactory.schema.parse({ ...base, url, caFile: 'pve-test.crt' }),
      deps(),
    );
    fake.failNext({ path: /\/cluster\/resources$/, status: 500, message: 'cluster not ready - no quorum?' });

    const attempt = sink.observe(ctx());

    await expect(attempt).rejects.toThrow(/cluster not ready - no quorum\?/);
  });
});
