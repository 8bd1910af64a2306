import { afterEach, describe, expect, it } from 'vitest';
import { serveFake, type ServedFake } from '../fakes/http.js';
import {
  FAKE_NETBOX_TOKEN_V1,
  FAKE_NETBOX_TOKEN_V2,
  FakeNetBox,
  WriteError,
  type ChangeEvent,
} from '../fakes/netbox/index.js';
import { buildHomelab, buildLargeInventory, HOMELAB_ZONE } from '../fixtures/homelab.js';

const BASE = 'http://netbox.lab:8000';

interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
}

async function call(
  fake: FakeNetBox,
  method: string,
  path: string,
  options: { body?: unknown; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const auth = options.auth === undefined ? `Token ${FAKE_NETBOX_TOKEN_V1}` : options.auth;
  if (auth !== null) headers['Authorization'] = auth;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fake.handle(
    new Request(`${BASE}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
}

const get = (fake: FakeNetBox, path: string): Promise<Reply> => call(fake, 'GET', path);

function withIps(count: number, options: ConstructorParameters<typeof FakeNetBox>[0] = {}): FakeNetBox {
  const fake = new FakeNetBox(options);
  for (let i = 1; i <= count; i++)
    fake.add('ipam.ipaddress', { address: `10.0.0.${i}/24`, dns_name: `h${i}.example.net` }, { log: false });
  return fake;
}

describe('FakeNetBox: list envelope and paging', () => {
  it('answers the offset envelope with absolute next links built from the request host', async () => {
    const fake = withIps(5);

    const reply = await get(fake, '/api/ipam/ip-addresses/?limit=2&brief=1');

    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(5);
    expect(reply.body.previous).toBeNull();
    expect(reply.body.next).toBe(`${BASE}/api/ipam/ip-addresses/?brief=1&limit=2&offset=2`);
    expect(reply.body.results.map((ip: { address: string }) => ip.address)).toEqual([
      '10.0.0.1/24',
      '10.0.0.2/24',
    ]);
    expect(reply.headers.get('API-Version')).toBe('4.6');
    expect(reply.headers.get('X-Request-ID')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives previous links and a null next on the last page', async () => {
    const fake = withIps(5);

    const middle = await get(fake, '/api/ipam/ip-addresses/?limit=2&offset=2');
    const last = await get(fake, '/api/ipam/ip-addresses/?limit=2&offset=4');

    expect(middle.body.previous).toBe(`${BASE}/api/ipam/ip-addresses/?limit=2`);
    expect(last.body.previous).toBe(`${BASE}/api/ipam/ip-addresses/?limit=2&offset=2`);
    expect(last.body.next).toBeNull();
    expect(last.body.results).toHaveLength(1);
  });

  it('uses PAGINATE_COUNT by default, caps limit at MAX_PAGE_SIZE and reads limit=0 as MAX_PAGE_SIZE', async () => {
    const fake = withIps(12, { paginateCount: 4, maxPageSize: 10 });

    const byDefault = await get(fake, '/api/ipam/ip-addresses/');
    const capped = await get(fake, '/api/ipam/ip-addresses/?limit=500');
    const zero = await get(fake, '/api/ipam/ip-addresses/?limit=0');

    expect(byDefault.body.results).toHaveLength(4);
    expect(capped.body.results).toHaveLength(10);
    expect(capped.body.next).toBe(`${BASE}/api/ipam/ip-addresses/?limit=10&offset=10`);
    expect(zero.body.results).toHaveLength(10);
  });

  it('pages with a cursor on 4.6: count and previous null, next null after a short page', async () => {
    const fake = withIps(5);

    const first = await get(fake, '/api/ipam/ip-addresses/?start=2&limit=2');
    const second = await get(fake, new URL(first.body.next).pathname + new URL(first.body.next).search);
    const mixed = await get(fake, '/api/ipam/ip-addresses/?start=1&offset=2');

    expect(first.body).toMatchObject({
      count: null,
      previous: null,
      next: `${BASE}/api/ipam/ip-addresses/?limit=2&start=4`,
    });
    expect(first.body.results.map((ip: { id: number }) => ip.id)).toEqual([2, 3]);
    expect(second.body.results.map((ip: { id: number }) => ip.id)).toEqual([4, 5]);
    expect(second.body.next).toBe(`${BASE}/api/ipam/ip-addresses/?limit=2&start=6`);
    expect(mixed.status).toBe(400);
    expect(mixed.body).toEqual(["'start' and 'offset' are mutually exclusive."]);
  });

  it('ignores start before 4.6 (offset paging)', async () => {
    const fake = withIps(3, { version: '4.5.4' });

    const reply = await get(fake, '/api/ipam/ip-addresses/?start=3');

    expect(reply.body.count).toBe(3);
    expect(reply.body.results).toHaveLength(3);
  });

  it('orders IP addresses by address, not by id', async () => {
    const fake = new FakeNetBox();
    for (const address of ['10.0.0.20/24', '10.0.0.3/24', 'fd00::1/64', '10.0.0.100/24'])
      fake.add('ipam.ipaddress', { address });

    const reply = await get(fake, '/api/ipam/ip-addresses/');

    expect(reply.body.results.map((ip: { address: string }) => ip.address)).toEqual([
      '10.0.0.3/24',
      '10.0.0.20/24',
      '10.0.0.100/24',
      'fd00::1/64',
    ]);
  });
});

describe('FakeNetBox: routing and authentication', () => {
  it('redirects a path without trailing slash (301, before authentication)', async () => {
    const fake = withIps(1);

    const reply = await call(fake, 'GET', '/api/ipam/ip-addresses?limit=1', { auth: null });
    const unknown = await get(fake, '/api/ipam/nothing-here/');

    expect(reply.status).toBe(301);
    expect(reply.headers.get('Location')).toBe('/api/ipam/ip-addresses/?limit=1');
    expect(unknown.status).toBe(404);
  });

  it.each([
    ['no header', null, 403, 'Authentication credentials were not provided.'],
    ['unknown v1 token', 'Token ffffffffffffffffffffffffffffffffffffffff', 403, 'Invalid v1 token'],
    ['unknown v2 token', 'Bearer nbt_fakenetbox01.wrong', 403, 'Invalid v2 token'],
    [
      'v2 token without a dot',
      'Bearer nbt_fakenetbox01',
      401,
      "Invalid authorization header: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?",
    ],
    [
      'unknown keyword',
      `Basic ${FAKE_NETBOX_TOKEN_V1}`,
      403,
      'Authentication credentials were not provided.',
    ],
  ])('refuses %s', async (_name, auth, status, detail) => {
    const fake = new FakeNetBox();

    const reply = await call(fake, 'GET', '/api/status/', { auth });

    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ detail });
  });

  it('accepts v1 and v2 tokens on 4.6 and only Token before 4.5', async () => {
    const current = new FakeNetBox();
    const old = new FakeNetBox({ version: '4.4.9' });

    const v1 = await call(current, 'GET', '/api/status/', { auth: `Token ${FAKE_NETBOX_TOKEN_V1}` });
    const v2 = await call(current, 'GET', '/api/authentication-check/', {
      auth: `Bearer ${FAKE_NETBOX_TOKEN_V2}`,
    });
    const oldBearer = await call(old, 'GET', '/api/status/', { auth: `Bearer ${FAKE_NETBOX_TOKEN_V2}` });
    const oldCheck = await call(old, 'GET', '/api/authentication-check/');

    expect(v1.body['netbox-version']).toBe('4.6.8');
    expect(v2.body.username).toBe('admin');
    expect(oldBearer.status).toBe(403);
    expect(oldCheck.status).toBe(404);
  });

  it('lets a read-only token read but not write', async () => {
    const fake = new FakeNetBox({ tokens: [], readOnlyTokens: ['1111111111111111111111111111111111111111'] });
    const auth = 'Token 1111111111111111111111111111111111111111';

    const read = await call(fake, 'GET', '/api/ipam/ip-addresses/', { auth });
    const write = await call(fake, 'POST', '/api/ipam/ip-addresses/', {
      auth,
      body: { address: '10.0.0.1/24' },
    });

    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
    expect(write.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    expect(fake.count('ipam.ipaddress')).toBe(0);
  });
});

describe('FakeNetBox: filters', () => {
  it('answers 400 for a bad choice and ignores unknown filters', async () => {
    const fake = withIps(3);

    const bad = await get(fake, '/api/ipam/ip-addresses/?status=bogus');
    const unknown = await get(fake, '/api/ipam/ip-addresses/?modified_since=2020-01-01');

    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      status: ['Select a valid choice. bogus is not one of the available choices.'],
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body.count).toBe(3);
  });

  it('filters the homelab like NetBox: OR for repeats, AND for tags, parent, cf_, q, relations', async () => {
    const fake = new FakeNetBox();
    const lab = buildHomelab(fake);
    const count = async (path: string): Promise<number> => (await get(fake, path)).body.count;

    expect(await count('/api/ipam/ip-addresses/?status=reserved&status=deprecated')).toBe(2);
    expect(await count('/api/virtualization/virtual-machines/?tag=ring0&tag=tls')).toBe(3);
    expect(await count('/api/ipam/ip-addresses/?parent=10.10.20.0/24')).toBe(5);
    expect(await count('/api/virtualization/virtual-machines/?cf_proxmox_vmid=1012')).toBe(1);
    expect(await count(`/api/virtualization/virtual-machines/?cluster=asgard&status=active`)).toBe(6);
    expect(await count(`/api/virtualization/virtual-machines/?cluster_id=${lab.clusters['pve-lab']}`)).toBe(
      6,
    );
    expect(await count(`/api/ipam/ip-addresses/?virtual_machine_id=${lab.vms['netbox']}`)).toBe(2);
    expect(await count(`/api/ipam/ip-addresses/?dns_name=step-ca.${HOMELAB_ZONE}&family=4`)).toBe(1);
    expect(await count('/api/ipam/ip-addresses/?q=valaskjalf-master')).toBe(3);
    expect(await count('/api/ipam/ip-addresses/?address=10.10.10.101')).toBe(1);
    expect(await count(`/api/ipam/ip-addresses/?id__gte=${lab.ips['10.10.10.1']}`)).toBe(6);
    expect((await get(fake, '/api/ipam/ip-addresses/?tag=no-such-tag')).status).toBe(400);
  });

  it('filters by last_updated__gte', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const fake = new FakeNetBox({ now: () => new Date(now) });
    fake.add('ipam.ipaddress', { address: '10.0.0.1/24' });
    now = Date.parse('2026-02-01T00:00:00Z');
    fake.add('ipam.ipaddress', { address: '10.0.0.2/24' });

    const reply = await get(fake, '/api/ipam/ip-addresses/?last_updated__gte=2026-01-15T00:00:00Z');

    expect(reply.body.results.map((ip: { address: string }) => ip.address)).toEqual(['10.0.0.2/24']);
  });
});

describe('FakeNetBox: shaping', () => {
  it('honours fields, brief, omit and exclude=config_context', async () => {
    const fake = new FakeNetBox();
    const lab = buildHomelab(fake);
    const path = `/api/virtualization/virtual-machines/${lab.vms['netbox']}/`;

    const full = await get(fake, path);
    const fields = await get(fake, `${path}?fields=id,name,primary_ip4`);
    const brief = await get(fake, `${path}?brief=true`);
    const omit = await get(fake, `${path}?omit=config_context,comments`);
    const exclude = await get(fake, `${path}?exclude=config_context`);

    expect(full.body.config_context).toEqual({});
    expect(Object.keys(fields.body)).toEqual(['id', 'name', 'primary_ip4']);
    expect(fields.body.primary_ip4).toMatchObject({
      address: '10.10.10.20/24',
      dns_name: `netbox.${HOMELAB_ZONE}`,
    });
    expect(Object.keys(brief.body)).toEqual(['id', 'url', 'display', 'name', 'description']);
    expect(omit.body).not.toHaveProperty('comments');
    expect(omit.body).not.toHaveProperty('config_context');
    expect(exclude.body).not.toHaveProperty('config_context');
    expect(exclude.body).toHaveProperty('custom_fields');
  });
});

describe('FakeNetBox: version emulation', () => {
  it('serves MAC objects from 4.2 and a plain mac_address before', async () => {
    const modern = new FakeNetBox({ version: '4.2.2' });
    const legacy = new FakeNetBox({ version: '4.1.11' });
    const labModern = buildHomelab(modern);
    const labLegacy = buildHomelab(legacy);

    const iface = await get(
      modern,
      `/api/virtualization/interfaces/${labModern.vmInterfaces['netbox/eth0']}/`,
    );
    const oldIface = await get(
      legacy,
      `/api/virtualization/interfaces/${labLegacy.vmInterfaces['netbox/eth0']}/`,
    );
    const macs = await get(modern, '/api/dcim/mac-addresses/?mac_address=bc:24:11:0a:0a:14');
    const noMacs = await get(legacy, '/api/dcim/mac-addresses/');

    expect(iface.body.primary_mac_address).toMatchObject({ mac_address: 'BC:24:11:0A:0A:14' });
    expect(macs.body.count).toBe(1);
    expect(oldIface.body.mac_address).toBe('BC:24:11:0A:0A:14');
    expect(oldIface.body).not.toHaveProperty('primary_mac_address');
    expect(noMacs.status).toBe(404);
  });

  it('writes a plain mac_address before 4.2', async () => {
    const fake = new FakeNetBox({ version: '4.1.11' });
    const lab = buildHomelab(fake);
    const path = `/api/virtualization/interfaces/${lab.vmInterfaces['semaphore/eth0']}/`;

    const patched = await call(fake, 'PATCH', path, { body: { mac_address: 'bc-24-11-ff-00-01' } });

    expect(patched.status).toBe(200);
    expect(patched.body.mac_address).toBe('BC:24:11:FF:00:01');
  });

  it('renders disk sizes in GB before 4.1 and MB from 4.1, prefixes with site before 4.2', async () => {
    const old = new FakeNetBox({ version: '4.0.11' });
    const current = new FakeNetBox();
    const labOld = buildHomelab(old);
    const labNew = buildHomelab(current);

    const oldVm = await get(
      old,
      `/api/virtualization/virtual-machines/${labOld.vms['valaskjalf-worker-1']}/`,
    );
    const newVm = await get(
      current,
      `/api/virtualization/virtual-machines/${labNew.vms['valaskjalf-worker-1']}/`,
    );
    const oldDisk = await get(old, `/api/virtualization/virtual-disks/${labOld.disks['openbao/scsi1']}/`);
    const oldPrefix = await get(old, `/api/ipam/prefixes/${labOld.prefixes['10.10.10.0/24']}/`);
    const oldChanges = await get(old, '/api/extras/object-changes/');

    expect(oldVm.body.disk).toBe(100);
    expect(newVm.body.disk).toBe(100000);
    expect(oldDisk.body.size).toBe(10);
    expect(oldPrefix.body.site).toMatchObject({ slug: 'homelab' });
    expect(oldPrefix.body).not.toHaveProperty('scope');
    expect(oldVm.headers.get('API-Version')).toBe('4.0');
    expect(oldChanges.status).toBe(200);
  });
});

describe('FakeNetBox: writes and the change log', () => {
  it('creates, updates and deletes with change records queryable by time, type and action', async () => {
    const fake = new FakeNetBox();
    fake.add('extras.customfield', { name: 'dns_ttl', type: 'integer', object_types: ['ipam.ipaddress'] });
    const before = (await get(fake, '/api/status/')).headers.get('X-Request-ID');

    const created = await call(fake, 'POST', '/api/ipam/ip-addresses/', {
      body: { address: '10.0.0.5/24', dns_name: 'App1.Lab.Net', status: 'active' },
    });
    const updated = await call(fake, 'PATCH', `/api/ipam/ip-addresses/${created.body.id}/`, {
      body: { custom_fields: { dns_ttl: 60 } },
    });
    const deleted = await call(fake, 'DELETE', `/api/ipam/ip-addresses/${created.body.id}/`);
    const changes = await get(
      fake,
      `/api/core/object-changes/?changed_object_type=ipam.ipaddress&time_after=${encodeURIComponent(created.body.created)}`,
    );
    const deletes = await get(fake, '/api/core/object-changes/?action=delete');

    expect(before).not.toBeNull();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      dns_name: 'app1.lab.net',
      status: { value: 'active', label: 'Active' },
      custom_fields: { dns_ttl: null },
    });
    expect(updated.body.custom_fields).toEqual({ dns_ttl: 60 });
    expect(updated.body.last_updated > created.body.last_updated).toBe(true);
    expect(deleted.status).toBe(204);
    expect(changes.body.results.map((change: { action: { value: string } }) => change.action.value)).toEqual([
      'delete',
      'update',
      'create',
    ]);
    expect(changes.body.results[0]).toMatchObject({
      changed_object_id: created.body.id,
      postchange_data: null,
      request_id: deleted.headers.get('X-Request-ID'),
    });
    expect(changes.body.results[1].prechange_data.custom_fields).toEqual({ dns_ttl: null });
    expect(deletes.body.count).toBe(1);
  });

  it('rejects invalid writes with DRF field errors and keeps bulk creates all-or-nothing', async () => {
    const fake = withIps(1);

    const missing = await call(fake, 'POST', '/api/ipam/ip-addresses/', { body: { dns_name: 'x' } });
    const choice = await call(fake, 'POST', '/api/ipam/ip-addresses/', {
      body: { address: '10.0.0.9/24', status: 'bogus' },
    });
    const duplicate = await call(fake, 'POST', '/api/ipam/ip-addresses/', {
      body: { address: '10.0.0.1/16' },
    });
    const unknownCf = await call(fake, 'PATCH', '/api/ipam/ip-addresses/1/', {
      body: { custom_fields: { nope: 1 } },
    });
    const bulk = await call(fake, 'POST', '/api/ipam/ip-addresses/', {
      body: [{ address: '10.0.0.7/24' }, { address: 'not-an-ip' }],
    });

    expect(missing.body).toEqual({ address: ['This field is required.'] });
    expect(choice.body).toEqual({ status: ['bogus is not a valid choice.'] });
    expect(duplicate.body).toEqual({ address: ['Duplicate IP address found in global table: 10.0.0.1/24'] });
    expect(unknownCf.body).toEqual({
      custom_fields: { nope: "Custom field 'nope' does not exist for this object type." },
    });
    expect(bulk.status).toBe(400);
    expect(bulk.body).toEqual([{}, { address: ['Enter a valid IPv4 or IPv6 address with optional mask.'] }]);
    expect(fake.count('ipam.ipaddress')).toBe(1);
  });

  it('cascades a VM delete to its interfaces, disks, MACs and IPs, and protects a cluster with VMs', async () => {
    const fake = new FakeNetBox();
    const lab = buildHomelab(fake);

    const cluster = await call(fake, 'DELETE', `/api/virtualization/clusters/${lab.clusters['asgard']}/`);
    const vm = await call(fake, 'DELETE', `/api/virtualization/virtual-machines/${lab.vms['openbao']}/`);

    expect(cluster.status).toBe(409);
    expect(cluster.body.detail).toMatch(/^Unable to delete object\. 7 dependent objects were found: /);
    expect(vm.status).toBe(204);
    expect(fake.get('ipam.ipaddress', lab.ips['10.10.10.22']!)).toBeUndefined();
    expect(fake.get('virtualization.virtualdisk', lab.disks['openbao/scsi1']!)).toBeUndefined();
    expect(fake.get('dcim.macaddress', lab.macs['BC:24:11:0A:0A:16']!)).toBeUndefined();
  });

  it('keeps a VM disk equal to the sum of its virtual disks and honours If-Match on 4.6', async () => {
    const fake = new FakeNetBox();
    const lab = buildHomelab(fake);
    const vmPath = `/api/virtualization/virtual-machines/${lab.vms['openbao']}/`;

    await call(fake, 'PATCH', `/api/virtualization/virtual-disks/${lab.disks['openbao/scsi1']}/`, {
      body: { size: 20000 },
    });
    const vm = await get(fake, vmPath);
    const stale = await call(fake, 'PATCH', vmPath, {
      body: { memory: 1 },
      headers: { 'If-Match': 'W/"2020-01-01T00:00:00+00:00"' },
    });
    const fresh = await call(fake, 'PATCH', vmPath, {
      body: { memory: 8192 },
      headers: { 'If-Match': vm.headers.get('ETag')! },
    });

    expect(vm.body.disk).toBe(52000);
    expect(stale.status).toBe(412);
    expect(fresh.status).toBe(200);
    expect(fresh.body.memory).toBe(8192);
  });

  it('emits one webhook-shaped event per object and write, with relative URLs and the request', async () => {
    const fake = new FakeNetBox();
    const lab = buildHomelab(fake);
    const id = lab.ips['10.10.10.101']!;
    const events: ChangeEvent[] = [];
    fake.onChange((event) => events.push(event));

    const reply = await call(fake, 'PATCH', '/api/ipam/ip-addresses/', {
      body: [
        { id, dns_name: 'first.int.lavaduck.net' },
        { id, dns_name: 'second.int.lavaduck.net' },
      ],
    });

    expect(reply.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: 'updated',
      object_type: 'ipam.ipaddress',
      request_id: reply.headers.get('X-Request-ID'),
      request: { method: 'PATCH', path: '/api/ipam/ip-addresses/', user: 'admin' },
      data: { url: `/api/ipam/ip-addresses/${id}/`, dns_name: 'second.int.lavaduck.net' },
    });
    expect(events[0]!.snapshots.prechange).toMatchObject({ dns_name: `valaskjalf-master-1.${HOMELAB_ZONE}` });
    expect(events[0]!.timestamp).toMatch(/\+00:00$/);
  });

  it('throws WriteError from hooks on invalid data', () => {
    const fake = new FakeNetBox();

    const attempt = (): unknown => fake.add('virtualization.virtualmachine', { name: 'orphan' });

    expect(attempt).toThrow(WriteError);
  });
});

describe('FakeNetBox: fault injection and the request log', () => {
  it('fails the third page once, then recovers', async () => {
    const fake = withIps(6);
    fake.failOn({ path: '/api/ipam/ip-addresses/', after: 2, times: 1, status: 500 });

    const first = await get(fake, '/api/ipam/ip-addresses/?limit=2');
    const second = await get(fake, '/api/ipam/ip-addresses/?limit=2&offset=2');
    const third = await get(fake, '/api/ipam/ip-addresses/?limit=2&offset=4');
    const retry = await get(fake, '/api/ipam/ip-addresses/?limit=2&offset=4');

    expect([first.status, second.status, third.status, retry.status]).toEqual([200, 200, 500, 200]);
    expect(third.body).toMatchObject({ exception: 'OperationalError', netbox_version: '4.6.8' });
    expect(fake.requests.map((entry) => entry.status)).toEqual([200, 200, 500, 200]);
    fake.resetRequests();
    expect(fake.requests).toEqual([]);
  });

  it('makes fetch fail with a network error and lets an abort cut a delay short', async () => {
    const fake = withIps(1);
    fake.failOn({ path: /virtual-machines/, status: 'network-error' });
    fake.failOn({ path: /ip-addresses/, delayMs: 60_000 });
    const controller = new AbortController();

    const response = await fake.handle(new Request(`${BASE}/api/virtualization/virtual-machines/`));
    const pending = fake.handle(
      new Request(`${BASE}/api/ipam/ip-addresses/`, {
        signal: controller.signal,
        headers: { Authorization: `Token ${FAKE_NETBOX_TOKEN_V1}` },
      }),
    );
    controller.abort();
    const delayed = await pending;

    expect(response.type).toBe('error');
    expect(delayed.status).toBe(200);
  });
});

describe('FakeNetBox over real HTTP', () => {
  let served: ServedFake | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('builds next links from the Host of the loopback server', async () => {
    const fake = withIps(3);
    served = await serveFake(fake);

    const response = await fetch(`${served.url}/api/ipam/ip-addresses/?limit=1`, {
      headers: { Authorization: `Token ${FAKE_NETBOX_TOKEN_V1}` },
    });
    const body = (await response.json()) as { next: string };

    expect(response.status).toBe(200);
    expect(body.next).toBe(`${served.url}/api/ipam/ip-addresses/?limit=1&offset=1`);
  });
});

describe('homelab fixtures', () => {
  it('builds the sample homelab with handles by name', () => {
    const fake = new FakeNetBox();

    const lab = buildHomelab(fake);

    expect(Object.keys(lab.vms)).toHaveLength(13);
    expect(
      fake.get('virtualization.virtualmachine', lab.vms['valaskjalf-master-1']!)?.['custom_fields'],
    ).toMatchObject({ proxmox_vmid: 1001 });
    expect(
      fake.get('virtualization.virtualmachine', lab.vms['valaskjalf-worker-4']!)?.['custom_fields'],
    ).toMatchObject({ proxmox_vmid: null });
    expect(fake.get('ipam.ipaddress', lab.ips['10.10.10.30']!)?.['dns_name']).toBe('');
    expect(fake.get('ipam.ipaddress', lab.ips['10.10.10.20']!)?.['custom_fields']).toMatchObject({
      dns_aliases: `nb.${HOMELAB_ZONE}, ipam.${HOMELAB_ZONE}`,
    });
    expect(fake.get('ipam.prefix', lab.prefixes['10.10.20.0/24']!)?.['custom_fields']).toEqual({
      gateway: '10.10.20.254',
    });
    expect(fake.count('core.objectchange')).toBe(0);
  });

  it('generates a large deterministic inventory', async () => {
    const fake = new FakeNetBox();

    const large = buildLargeInventory(fake, { ips: 3000, vms: 200 });
    const vm = await get(fake, `/api/virtualization/virtual-machines/?name=vm-00042`);

    expect(large.ipIds).toHaveLength(3000);
    expect(large.vmIds).toHaveLength(200);
    expect(vm.body.results[0].primary_ip4.dns_name).toBe(`vm-00042.${HOMELAB_ZONE}`);
    expect(fake.count('ipam.ipaddress')).toBe(3000);
  });
});
