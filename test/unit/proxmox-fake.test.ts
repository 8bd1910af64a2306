import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENDPOINT_PARAMS, FAKE_PROXMOX_TOKEN, FakeProxmox } from '../fakes/proxmox/index.js';

const BASE = 'https://pve.test:8006/api2/json';

async function call(
  fake: FakeProxmox,
  method: string,
  path: string,
  body?: Record<string, unknown>,
  token = FAKE_PROXMOX_TOKEN,
) {
  const init: RequestInit = { method, headers: { authorization: `PVEAPIToken=${token}` } };
  if (body) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  const response = await fake.handle(new Request(`${BASE}${path}`, init));
  return {
    status: response.status,
    statusText: response.statusText,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function finish(fake: FakeProxmox, upid: unknown) {
  const node = String(upid).split(':')[1];
  const status = await call(fake, 'GET', `/nodes/${node}/tasks/${encodeURIComponent(String(upid))}/status`);
  return status.body.data as { status: string; exitstatus?: string };
}

function withTemplate(options: ConstructorParameters<typeof FakeProxmox>[0] = {}) {
  const fake = new FakeProxmox({ nodes: ['pve1', 'pve2'], ...options });
  fake.addTemplate({ vmid: 9000, name: 'debian-13-cloud' });
  return fake;
}

describe('FakeProxmox', () => {
  it('answers in the {data} envelope, with loose types (nextid as a string)', async () => {
    const fake = withTemplate();

    const next = await call(fake, 'GET', '/cluster/nextid');
    const resources = await call(fake, 'GET', '/cluster/resources?type=vm');

    expect(next.body).toEqual({ data: '100' });
    expect(resources.body.data).toEqual([
      expect.objectContaining({ id: 'qemu/9000', type: 'qemu', vmid: 9000, node: 'pve1', template: 1 }),
    ]);
  });

  it('refuses a missing or wrong token with 401', async () => {
    const fake = withTemplate();

    const wrong = await call(fake, 'GET', '/version', undefined, 'nbsync@pve!sync=wrong');

    expect(wrong.status).toBe(401);
    expect(wrong.statusText).toBe('authentication failure');
  });

  it('puts the message in the reason phrase, and in the body only since PVE 8.4', async () => {
    const modern = withTemplate();
    const old = withTemplate({ messageInBody: false });

    const a = await call(modern, 'POST', '/nodes/pve1/qemu/9000/status/start', {});
    const b = await call(old, 'POST', '/nodes/pve1/qemu/9000/status/start', {});

    expect(a).toMatchObject({ status: 500, statusText: "you can't start a vm if it's a template" });
    expect(a.body.message).toBe("you can't start a vm if it's a template\n");
    expect(b.statusText).toBe(a.statusText);
    expect(b.body).toEqual({ data: null });
  });

  it('refuses parameters the endpoint does not define (400 with errors)', async () => {
    const fake = withTemplate();

    const bad = await call(fake, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 101, colour: 'red' });

    expect(bad.status).toBe(400);
    expect(bad.body.errors).toHaveProperty('colour');
  });

  it('locks a clone while its task runs; the task then ends OK and the lock clears', async () => {
    let now = 1_000_000;
    const fake = withTemplate({ taskDurationMs: 5000, now: () => now });

    const clone = await call(fake, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 120, name: 'app1' });
    const during = await call(fake, 'POST', '/nodes/pve1/qemu/120/config', { cores: 2 });
    const running = await finish(fake, clone.body.data);
    now += 5000;
    const done = await finish(fake, clone.body.data);
    const after = await call(fake, 'POST', '/nodes/pve1/qemu/120/config', { cores: 2 });

    expect(String(clone.body.data)).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:120:nbsync@pve!sync:$/,
    );
    expect(during).toMatchObject({ status: 500, statusText: 'VM is locked (clone)' });
    expect(running.status).toBe('running');
    expect(done).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
    expect(after.status).toBe(200);
  });

  it('gives the clone new MACs and a linked disk', async () => {
    const fake = withTemplate();

    await call(fake, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 120, name: 'app1' });
    const config = await call(fake, 'GET', '/nodes/pve1/qemu/120/config');

    const data = config.body.data as Record<string, unknown>;
    expect(data.net0).toMatch(/^virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0$/);
    expect(data.net0).not.toBe('virtio=BC:24:11:00:00:01,bridge=vmbr0');
    expect(data.scsi0).toBe('local-lvm:base-9000-disk-0/vm-120-disk-0,size=10G');
    expect(data.template).toBeUndefined();
  });

  it('checks digest on config writes', async () => {
    const fake = withTemplate();
    fake.addVm({ vmid: 105, name: 'app1' });
    const config = await call(fake, 'GET', '/nodes/pve1/qemu/105/config');
    const digest = (config.body.data as { digest: string }).digest;
    fake.vm(105)!.config.onboot = '1';

    const stale = await call(fake, 'POST', '/nodes/pve1/qemu/105/config', { cores: 4, digest });

    expect(stale).toMatchObject({
      status: 500,
      statusText: 'checksum mismatch (file change by other user?)',
    });
    expect(fake.vm(105)?.config.cores).toBe('1');
  });

  it('refuses to shrink a disk inside the resize task', async () => {
    const fake = withTemplate();
    fake.addVm({ vmid: 105, name: 'app1', config: { scsi0: 'local-lvm:vm-105-disk-0,size=32G' } });

    const grow = await call(fake, 'PUT', '/nodes/pve1/qemu/105/resize', { disk: 'scsi0', size: '+8G' });
    const grown = await finish(fake, grow.body.data);
    const shrink = await call(fake, 'PUT', '/nodes/pve1/qemu/105/resize', { disk: 'scsi0', size: '16G' });
    const refused = await finish(fake, shrink.body.data);

    expect(grown.exitstatus).toBe('OK');
    expect(refused).toMatchObject({ status: 'stopped', exitstatus: 'shrinking disks is not supported' });
    expect(fake.vm(105)?.config.scsi0).toBe('local-lvm:vm-105-disk-0,size=40G');
  });

  it('refuses to destroy a running VM, and answers for a VM on another node with 500', async () => {
    const fake = withTemplate();
    fake.addVm({ vmid: 105, name: 'app1', status: 'running', node: 'pve2' });

    const running = await call(fake, 'DELETE', '/nodes/pve2/qemu/105');
    const elsewhere = await call(fake, 'GET', '/nodes/pve1/qemu/105/config');

    expect(running).toMatchObject({ status: 500, statusText: 'VM 105 is running - destroy failed' });
    expect(elsewhere.statusText).toBe("Configuration file 'nodes/pve1/qemu-server/105.conf' does not exist");
  });

  it('migrates a running VM only online, and not to its own node', async () => {
    const fake = withTemplate();
    fake.addVm({ vmid: 105, name: 'app1', status: 'running' });

    const offline = await call(fake, 'POST', '/nodes/pve1/qemu/105/migrate', { target: 'pve2' });
    const local = await call(fake, 'POST', '/nodes/pve1/qemu/105/migrate', { target: 'pve1', online: 1 });
    const online = await call(fake, 'POST', '/nodes/pve1/qemu/105/migrate', { target: 'pve2', online: 1 });
    await finish(fake, online.body.data);

    expect(offline.statusText).toBe("can't migrate running VM without --online");
    expect(local.statusText).toBe('target is local node.');
    expect(fake.vm(105)?.node).toBe('pve2');
  });

  it('fails an injected task with its message and undoes the clone', async () => {
    const fake = withTemplate();
    fake.failNextTask({ type: 'qmclone', message: "storage 'local-lvm' is full" });

    const clone = await call(fake, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 120, name: 'app1' });
    const task = await finish(fake, clone.body.data);

    expect(task.exitstatus).toBe("storage 'local-lvm' is full");
    expect(fake.vm(120)).toBeUndefined();
  });

  it('accepts form-encoded bodies as well as JSON', async () => {
    const fake = withTemplate();
    fake.addVm({ vmid: 105, name: 'app1' });

    const response = await fake.handle(
      new Request(`${BASE}/nodes/pve1/qemu/105/config`, {
        method: 'POST',
        headers: {
          authorization: `PVEAPIToken=${FAKE_PROXMOX_TOKEN}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'cores=3&tags=a%3Bb',
      }),
    );

    expect(response.status).toBe(200);
    expect(fake.vm(105)?.config).toMatchObject({ cores: '3', tags: 'a;b' });
  });

  it('only accepts parameters that the PVE 9.1 schema defines for each endpoint', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../../shared/specs/proxmox/pve-api-schema-9.1.json', import.meta.url), 'utf8'),
    ) as SchemaNode[];
    const index = new Map<string, SchemaNode>();
    const walk = (nodes: SchemaNode[]) =>
      nodes.forEach((n) => (index.set(n.path, n), walk(n.children ?? [])));
    walk(schema);

    const unknown: string[] = [];
    for (const [endpoint, names] of Object.entries(ENDPOINT_PARAMS)) {
      const [method, path] = endpoint.split(' ') as [string, string];
      const properties = index.get(path)?.info?.[method]?.parameters?.properties ?? {};
      for (const name of names) if (!(name in properties)) unknown.push(`${endpoint} ${name}`);
    }

    expect(unknown).toEqual([]);
  });
});

interface SchemaNode {
  path: string;
  children?: SchemaNode[];
  info?: Record<string, { parameters?: { properties?: Record<string, unknown> } }>;
}
