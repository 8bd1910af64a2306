// The NetBox source against a small scripted NetBox (msw): auth, versions, mapping, filters,
// errors. Paging itself: netbox-paging.test.ts.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import { createNetBoxSource, type NetBoxSourceOptions } from '../../src/sources/netbox/index.js';
import {
  BASE,
  homelabLists,
  ipAddress,
  miniNetBox,
  silentLog,
  TOKEN_V1,
  TOKEN_V2,
  type MiniOptions,
} from './netbox-helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function arrange(mini: MiniOptions = {}, source: Partial<NetBoxSourceOptions> = {}) {
  const fake = miniNetBox({ lists: homelabLists(), ...mini });
  server.use(...fake.handlers);
  const nb = createNetBoxSource({
    url: mini.base ?? BASE,
    token: mini.token ?? TOKEN_V1,
    log: silentLog,
    sleep: async () => undefined,
    maxAttempts: 3,
    ...source,
  });
  return { nb, requests: fake.requests, lists: fake.lists };
}

const signal = () => AbortSignal.timeout(10_000);

async function failure(promise: Promise<unknown>): Promise<SyncError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SyncError);
  return err as SyncError;
}

describe('authentication', () => {
  it.each([
    ['a v1 token', TOKEN_V1, `Token ${TOKEN_V1}`],
    ['a v2 token', TOKEN_V2, `Bearer ${TOKEN_V2}`],
  ])('sends %s with the matching keyword', async (_name, token, header) => {
    const { nb, requests } = arrange({ token });

    await nb.load(signal());

    expect(new Set(requests.map((r) => r.authorization))).toEqual(new Set([header]));
  });

  it('turns 403 into NETBOX_AUTH naming netbox.token, without the token', async () => {
    const { nb } = arrange({ token: TOKEN_V2 }, { token: TOKEN_V1 });

    const err = await failure(nb.load(signal()));

    expect(err.code).toBe('NETBOX_AUTH');
    expect(err.message).toContain('check the token in netbox.token');
    expect(err.message).toContain('HTTP 403 (Invalid v1 token)');
    expect(err.message).not.toContain(TOKEN_V1);
    expect(err.message).not.toContain(TOKEN_V2);
  });
});

describe('versions', () => {
  it.each(['3.7.8', '2.11.12', '5.0.1'])(
    'refuses NetBox %s with NETBOX_VERSION_UNSUPPORTED',
    async (version) => {
      const { nb, requests } = arrange({ version });

      const err = await failure(nb.load(signal()));

      expect(err.code).toBe('NETBOX_VERSION_UNSUPPORTED');
      expect(err.message).toContain('nbsync reads NetBox 4.0 to 4.6');
      expect(requests.map((r) => r.url.pathname)).toEqual(['/api/status/']);
    },
  );

  it('reads disk sizes as GB before 4.1 and converts them to MB', async () => {
    const { nb } = arrange({ version: '4.0.11', lists: homelabLists({ legacyMacs: true }) });

    const inventory = await nb.load(signal());

    expect(inventory.netbox.version).toBe('4.0.11');
    expect(inventory.virtualMachines[0]?.diskMb).toBe(32_000);
    expect(inventory.virtualDisks[0]?.sizeMb).toBe(32_000);
  });

  it('reads disk sizes as MB from 4.1 on', async () => {
    const { nb } = arrange({ version: '4.1.0', lists: homelabLists({ legacyMacs: true }) });

    const inventory = await nb.load(signal());

    expect(inventory.virtualMachines[0]?.diskMb).toBe(32);
    expect(inventory.virtualDisks[0]?.sizeMb).toBe(32);
  });

  it('reads the MAC from mac_address before 4.2 and asks only for that field', async () => {
    const { nb, requests } = arrange({ version: '4.1.3', lists: homelabLists({ legacyMacs: true }) });

    const inventory = await nb.load(signal());

    expect(inventory.vmInterfaces.map((i) => i.mac)).toEqual(['bc:24:11:aa:bb:cc']);
    const fields = requests
      .find((r) => r.url.pathname === '/api/virtualization/interfaces/')
      ?.url.searchParams.get('fields');
    expect(fields?.split(',')).toContain('mac_address');
    expect(fields?.split(',')).not.toContain('primary_mac_address');
  });

  it('reads the MAC from the primary MAC object from 4.2 on, ignoring the mirror', async () => {
    const lists = homelabLists();
    const iface = lists['/api/virtualization/interfaces/']?.[0] as Record<string, unknown>;
    iface.mac_address = 'FF:FF:FF:FF:FF:FF';
    const { nb, requests } = arrange({ version: '4.2.2', lists });

    const inventory = await nb.load(signal());

    expect(inventory.vmInterfaces.map((i) => i.mac)).toEqual(['bc:24:11:aa:bb:cc']);
    expect(inventory.interfaces.map((i) => i.mac)).toEqual(['48:8f:5a:00:00:01']);
    const fields = requests
      .find((r) => r.url.pathname === '/api/dcim/interfaces/')
      ?.url.searchParams.get('fields');
    expect(fields?.split(',')).toContain('primary_mac_address');
    expect(fields?.split(',')).not.toContain('mac_address');
  });

  it('treats an interface without a primary MAC as having none (4.2+)', async () => {
    const lists = homelabLists();
    Object.assign(lists['/api/virtualization/interfaces/']?.[0] ?? {}, { primary_mac_address: null });
    const { nb } = arrange({ version: '4.6.8', lists });

    const inventory = await nb.load(signal());

    expect(inventory.vmInterfaces[0]?.mac).toBeNull();
  });
});

describe('mapping to the inventory', () => {
  it('normalises choices, names, tags, vCPUs and references, sorted by id', async () => {
    const { nb } = arrange();

    const inv = await nb.load(signal());

    expect(inv.netbox).toEqual({ url: BASE, version: '4.6.8' });
    expect(inv.ipAddresses.map((ip) => ip.id)).toEqual([812, 900]);
    expect(inv.ipAddresses[0]).toEqual({
      id: 812,
      address: '10.10.20.5/24',
      family: 4,
      vrfId: null,
      status: 'active',
      role: null,
      dnsName: 'app1.int.lavaduck.net',
      assigned: { type: 'virtualization.vminterface', id: 57 },
      tenant: null,
      description: '',
      tags: ['homelab', 'tls'],
      customFields: { dns_ttl: null },
    });
    expect(inv.ipAddresses[1]?.role).toBe('loopback');
    expect(inv.virtualMachines[0]).toMatchObject({
      id: 21,
      name: 'app1',
      status: 'active',
      clusterId: 1,
      vcpus: 2,
      memoryMb: 4096,
      primaryIp4Id: 812,
      primaryIp6Id: null,
      site: { id: 2, name: 'Lab', slug: 'lab' },
      tenant: { id: 4, name: 'Ops', slug: 'ops' },
      platform: { id: 4, name: 'Debian 13', slug: 'debian-13' },
      tags: ['tls'],
      customFields: { proxmox_vmid: 105, proxmox_node: null },
    });
    expect(inv.devices[0]).toMatchObject({
      name: 'sw1',
      deviceType: 'crs326',
      primaryIp4Id: 900,
      clusterId: null,
    });
    expect(inv.interfaces[0]).toEqual({
      id: 7,
      parentType: 'device',
      parentId: 30,
      name: 'ether1',
      enabled: true,
      mac: '48:8f:5a:00:00:01',
      mode: 'access',
      untaggedVlanId: 20,
      taggedVlanIds: [],
    });
    expect(inv.vmInterfaces[0]).toMatchObject({
      parentType: 'virtualMachine',
      parentId: 21,
      mode: null,
      taggedVlanIds: [20],
    });
    expect(inv.prefixes[0]).toMatchObject({
      prefix: '10.10.20.0/24',
      family: 4,
      vlanId: 20,
      isPool: false,
      tags: ['homelab'],
    });
    expect(inv.vlans[0]).toEqual({
      id: 20,
      vid: 20,
      name: 'servers',
      groupId: 5,
      siteId: null,
      status: 'active',
    });
    expect(inv.clusters[0]).toMatchObject({
      name: 'pve-lab',
      type: { slug: 'proxmox' },
      group: null,
      status: 'active',
    });
    expect(inv.tags.map((t) => t.slug)).toEqual(['homelab', 'tls']);
  });

  it('asks for only the fields it reads and skips the config context of devices and VMs', async () => {
    const { nb, requests } = arrange();

    await nb.load(signal());

    const vm = requests.find((r) => r.url.pathname === '/api/virtualization/virtual-machines/')?.url
      .searchParams;
    const ip = requests.find((r) => r.url.pathname === '/api/ipam/ip-addresses/')?.url.searchParams;
    expect(vm?.get('exclude')).toBe('config_context');
    expect(vm?.get('fields')?.split(',')).not.toContain('config_context');
    expect(ip?.get('exclude')).toBeNull();
    expect(ip?.get('fields')?.split(',').sort()).toEqual(
      [
        'address',
        'assigned_object_id',
        'assigned_object_type',
        'custom_fields',
        'description',
        'dns_name',
        'family',
        'id',
        'role',
        'status',
        'tags',
        'tenant',
        'vrf',
      ].sort(),
    );
  });
});

describe('failures fail the whole load', () => {
  it('retries a 503 and then succeeds', async () => {
    const { nb, requests } = arrange({ failures: [{ path: '/api/ipam/prefixes/', status: 503, times: 2 }] });

    const inventory = await nb.load(signal());

    expect(inventory.prefixes).toHaveLength(1);
    expect(requests.filter((r) => r.url.pathname === '/api/ipam/prefixes/')).toHaveLength(3);
  });

  it.each([
    [503, 5, 'HTTP 503 (boom) after 3 attempts'],
    [500, 3, 'HTTP 500 (boom)'],
  ])(
    'throws NETBOX_HTTP and loads nothing when the third page keeps answering %i',
    async (status, calls, text) => {
      const ips = Array.from({ length: 2500 }, (_, i) => ipAddress(i + 1));
      const lists = { ...homelabLists(), '/api/ipam/ip-addresses/': ips };
      const { nb, requests } = arrange({
        lists,
        failures: [{ path: '/api/ipam/ip-addresses/', status, after: 2 }],
      });

      const err = await failure(nb.load(signal()));

      expect(err.code).toBe('NETBOX_HTTP');
      expect(err.retryable).toBe(true);
      expect(err.message).toBe(`NetBox GET /api/ipam/ip-addresses/: ${text}`);
      expect(requests.filter((r) => r.url.pathname === '/api/ipam/ip-addresses/')).toHaveLength(calls);
    },
  );

  it('names the object and the field of a malformed item (NETBOX_PARSE), loading nothing', async () => {
    const lists = homelabLists();
    Object.assign(lists['/api/ipam/ip-addresses/']?.[1] ?? {}, { status: { value: 7, label: 'Seven' } });
    const { nb } = arrange({ lists });

    const err = await failure(nb.load(signal()));

    expect(err.code).toBe('NETBOX_PARSE');
    expect(err.message).toContain('malformed ipam.ipaddress/900: field status.value');
    expect(err.details).toMatchObject({ objectType: 'ipam.ipaddress', id: 900, field: 'status.value' });
  });

  it('rejects a malformed MAC instead of dropping the interface', async () => {
    const lists = homelabLists({ legacyMacs: true });
    Object.assign(lists['/api/dcim/interfaces/']?.[0] ?? {}, { mac_address: 'not-a-mac' });
    const { nb } = arrange({ version: '4.1.0', lists });

    const err = await failure(nb.load(signal()));

    expect(err.message).toContain('malformed dcim.interface/7: field mac_address: not a MAC address');
  });

  it('reports an answer that is not JSON as NETBOX_PARSE', async () => {
    const { nb } = arrange();
    server.use(
      http.get(`${BASE}/api/status/`, () => new HttpResponse('<html>login</html>', { status: 200 })),
    );

    const err = await failure(nb.version(signal()));

    expect(err.code).toBe('NETBOX_PARSE');
    expect(err.message).toContain('not JSON');
  });
});

describe('filters', () => {
  it('refuses an unknown filter at start, naming it and the valid ones', () => {
    const create = () =>
      createNetBoxSource({ url: BASE, token: TOKEN_V1, log: silentLog, filters: { tags: ['homelab'] } });

    let err: unknown;
    try {
      create();
    } catch (e) {
      err = e;
    }

    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe('NETBOX_FILTER_INVALID');
    expect((err as SyncError).message).toContain('netbox.filters.tags is not a valid filter');
    expect((err as SyncError).message).toContain(
      'Valid filters: cluster, cluster_id, role, site, site_id, status, tag,',
    );
  });

  it('sends each filter to the lists that declare it, and list-prefixed ones to that list only', async () => {
    const { nb, requests } = arrange(
      {},
      { filters: { tag: ['homelab'], site: ['lab'], 'ipAddresses.status': ['active', 'dhcp'] } },
    );

    await nb.load(signal());

    const query = (path: string) => requests.find((r) => r.url.pathname === path)?.url.searchParams;
    expect(query('/api/ipam/ip-addresses/')?.getAll('tag')).toEqual(['homelab']);
    expect(query('/api/ipam/ip-addresses/')?.getAll('status')).toEqual(['active', 'dhcp']);
    expect(query('/api/ipam/ip-addresses/')?.has('site')).toBe(false);
    expect(query('/api/virtualization/virtual-machines/')?.getAll('site')).toEqual(['lab']);
    expect(query('/api/virtualization/virtual-machines/')?.has('status')).toBe(false);
    expect(query('/api/virtualization/interfaces/')?.has('tag')).toBe(false);
    expect(query('/api/extras/tags/')?.has('tag')).toBe(false);
  });

  it('leaves out the interfaces and disks of hosts outside the filtered scope, and nulls dangling references', async () => {
    const lists = homelabLists();
    lists['/api/virtualization/virtual-machines/'] = [];
    lists['/api/ipam/ip-addresses/'] = (lists['/api/ipam/ip-addresses/'] ?? []).filter((ip) => ip.id !== 900);
    const { nb } = arrange({ lists });

    const inv = await nb.load(signal());

    expect(inv.vmInterfaces).toEqual([]);
    expect(inv.virtualDisks).toEqual([]);
    expect(inv.ipAddresses[0]?.assigned).toBeNull();
    expect(inv.devices[0]?.primaryIp4Id).toBeNull();
  });
});

describe('targeted reads and writes', () => {
  it('reads objects again by id in batches of 100', async () => {
    const lists = {
      ...homelabLists(),
      '/api/ipam/ip-addresses/': Array.from({ length: 300 }, (_, i) => ipAddress(i + 1)),
    };
    const { nb, requests } = arrange({ lists });
    const ids = Array.from({ length: 250 }, (_, i) => 250 - i);

    const ips = await nb.loadObjects('ipAddresses', [...ids, 999_999], signal());

    expect(ips.map((ip) => ip.id)).toEqual([...ids].reverse());
    const batches = requests
      .filter((r) => r.url.pathname === '/api/ipam/ip-addresses/')
      .map((r) => r.url.searchParams.getAll('id').length);
    expect(batches.sort((a, b) => a - b)).toEqual([51, 100, 100]);
  });

  it('reads the interfaces and disks of given VMs', async () => {
    const { nb, requests } = arrange();

    const disks = await nb.loadChildren('virtualDisks', { virtualMachineIds: [21] }, signal());

    expect(disks).toEqual([{ id: 70, vmId: 21, name: 'root', sizeMb: 32 }]);
    expect(requests.at(-1)?.url.searchParams.getAll('virtual_machine_id')).toEqual(['21']);
  });

  it('writes a journal entry and custom fields', async () => {
    const { nb, requests } = arrange();

    const id = await nb.writeJournal(
      'virtualization.virtualmachine',
      21,
      'info',
      'nbsync: cloned VMID 105',
      signal(),
    );
    await nb.setCustomFields('virtualization.virtualmachine/21', { proxmox_vmid: 105 }, signal());

    expect(id).toBe(99);
    expect(requests.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      [
        'POST',
        '/api/extras/journal-entries/',
        {
          assigned_object_type: 'virtualization.virtualmachine',
          assigned_object_id: 21,
          kind: 'info',
          comments: 'nbsync: cloned VMID 105',
        },
      ],
      ['PATCH', '/api/virtualization/virtual-machines/21/', { custom_fields: { proxmox_vmid: 105 } }],
    ]);
  });

  it('does not retry a journal POST that hit a 502 (it may have been created)', async () => {
    const { nb, requests } = arrange({
      failures: [{ path: '/api/extras/journal-entries/', status: 502, times: 1 }],
    });

    const err = await failure(nb.writeJournal('ipam.ipaddress', 1, 'info', 'x', signal()));

    expect(err.code).toBe('NETBOX_HTTP');
    expect(requests).toHaveLength(1);
  });
});

describe('check', () => {
  it('lists each list nbsync cannot read, and a missing background worker', async () => {
    const { nb } = arrange({
      rqWorkers: 0,
      failures: [
        {
          path: '/api/dcim/devices/',
          status: 403,
          body: { detail: 'You do not have permission to perform this action.' },
        },
      ],
    });

    const problems = await nb.check(signal());

    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('rq-workers-running is 0');
    expect(problems[1]).toMatch(
      /^devices: NetBox GET \/api\/dcim\/devices\/: HTTP 403 \(You do not have permission/,
    );
  });

  it('finds nothing wrong with a healthy NetBox', async () => {
    const { nb, requests } = arrange();

    const problems = await nb.check(signal());

    expect(problems).toEqual([]);
    expect(requests.filter((r) => r.url.searchParams.get('brief') === 'true')).toHaveLength(11);
  });
});
