// The NetBox source against the stateful FakeNetBox holding the sample homelab, across the
// NetBox versions nbsync supports.
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { SyncError } from '../../src/model/errors.js';
import {
  createNetBoxSource,
  type NetBoxSourceOptions,
  type NetBoxWrite,
} from '../../src/sources/netbox/index.js';
import { mswHandlers, serveFake } from '../fakes/http.js';
import { FAKE_NETBOX_TOKEN_V1, FAKE_NETBOX_TOKEN_V2, FakeNetBox } from '../fakes/netbox/index.js';
import { buildHomelab, buildLargeInventory } from '../fixtures/homelab.js';
import { silentLog } from './netbox-helpers.js';

const BASE = 'http://127.0.0.1:8001';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function arrange(version = '4.6.8', options: Partial<NetBoxSourceOptions> = {}) {
  const fake = new FakeNetBox({ version });
  const homelab = buildHomelab(fake);
  server.use(...mswHandlers(BASE, fake));
  const nb = createNetBoxSource({
    url: BASE,
    token: FAKE_NETBOX_TOKEN_V1,
    log: silentLog,
    sleep: async () => undefined,
    maxAttempts: 3,
    ...options,
  });
  return { fake, homelab, nb };
}

const signal = () => AbortSignal.timeout(15_000);
const paths = (fake: FakeNetBox) => fake.requests.map((r) => new URL(r.url).pathname);

/** What must not depend on the NetBox version. */
function versionFree(inv: Inventory, diskInGb: boolean) {
  const disk = (mb: number | null) => (mb === null || !diskInGb ? mb : Math.round(mb / 1000) * 1000);
  return {
    ...inv,
    netbox: { url: inv.netbox.url },
    virtualMachines: inv.virtualMachines.map((vm) => ({ ...vm, diskMb: disk(vm.diskMb) })),
    virtualDisks: inv.virtualDisks.map((d) => ({ ...d, sizeMb: disk(d.sizeMb) as number })),
  };
}

describe('the homelab through FakeNetBox', () => {
  it('loads everything NetBox holds, with cross references intact', async () => {
    const { fake, homelab, nb } = arrange();

    const inv = await nb.load(signal());

    expect(inv.netbox.version).toBe('4.6.8');
    expect(inv.ipAddresses).toHaveLength(fake.count('ipam.ipaddress'));
    expect(inv.virtualMachines).toHaveLength(fake.count('virtualization.virtualmachine'));
    expect(inv.vmInterfaces).toHaveLength(fake.count('virtualization.vminterface'));
    expect(inv.interfaces).toHaveLength(fake.count('dcim.interface'));
    expect(inv.virtualDisks).toHaveLength(fake.count('virtualization.virtualdisk'));
    expect(inv.prefixes).toHaveLength(fake.count('ipam.prefix'));
    expect(inv.tags.map((t) => t.slug).sort()).toEqual(['ring0', 'rke2', 'tls']);
    const netboxVm = inv.virtualMachines.find((vm) => vm.id === homelab.vms['netbox']);
    expect(netboxVm?.primaryIp4Id).not.toBeNull();
    expect(inv.ipAddresses.some((ip) => ip.id === netboxVm?.primaryIp4Id)).toBe(true);
    const eth0 = inv.vmInterfaces.find((i) => i.id === homelab.vmInterfaces['netbox/eth0']);
    expect(eth0?.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(
      inv.ipAddresses.every((ip) => ip.dnsName === ip.dnsName.toLowerCase() && !ip.dnsName.endsWith('.')),
    ).toBe(true);
  });

  it.each(['4.0.11', '4.1.3', '4.2.2', '4.3.7', '4.4.0', '4.5.2'])(
    'gives the same inventory on NetBox %s as on 4.6 (versions are normalised away)',
    async (version) => {
      const { fake, nb } = arrange('4.6.8');
      const reference = await nb.load(signal());
      fake.setVersion(version);

      const inv = await nb.load(signal());

      expect(inv.netbox.version).toBe(version);
      const diskInGb = version.startsWith('4.0.');
      expect(versionFree(inv, diskInGb)).toEqual(versionFree(reference, diskInGb));
      if (diskInGb) expect(inv.virtualDisks.every((d) => d.sizeMb % 1000 === 0)).toBe(true);
    },
  );

  it('authenticates with a v2 token on 4.6', async () => {
    const { nb } = arrange('4.6.8', { token: FAKE_NETBOX_TOKEN_V2 });

    const inv = await nb.load(signal());

    expect(inv.clusters.length).toBeGreaterThan(0);
  });

  it('turns a rejected token into NETBOX_AUTH without the token in the message', async () => {
    const token = 'ffffffffffffffffffffffffffffffffffffffff';
    const { nb } = arrange('4.6.8', { token });

    const err = await nb.load(signal()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe('NETBOX_AUTH');
    expect((err as SyncError).message).toContain('netbox.token');
    expect((err as SyncError).message).not.toContain(token);
  });

  it('narrows the scope with a tag filter', async () => {
    const { fake, nb } = arrange('4.6.8', { filters: { tag: ['tls'] } });
    const tagged = (type: 'ipam.ipaddress' | 'virtualization.virtualmachine') =>
      fake.list(type).filter((o) => (o['tags'] as { slug: string }[]).some((t) => t.slug === 'tls')).length;

    const inv = await nb.load(signal());

    expect(inv.ipAddresses).toHaveLength(tagged('ipam.ipaddress'));
    expect(inv.virtualMachines).toHaveLength(tagged('virtualization.virtualmachine'));
    expect(inv.virtualMachines.length).toBeLessThan(fake.count('virtualization.virtualmachine'));
    const vmIds = new Set(inv.virtualMachines.map((vm) => vm.id));
    expect(inv.vmInterfaces.every((i) => vmIds.has(i.parentId))).toBe(true);
  });
});

describe('paging and failures against FakeNetBox', () => {
  it('reads 2,500 IP addresses in 3 requests', async () => {
    const { fake, nb } = arrange();
    buildLargeInventory(fake, { ips: 2500 - fake.count('ipam.ipaddress'), vms: 10 });
    fake.resetRequests();

    const inv = await nb.load(signal());

    expect(inv.ipAddresses).toHaveLength(2500);
    expect(paths(fake).filter((p) => p === '/api/ipam/ip-addresses/')).toHaveLength(3);
  });

  it('retries a 503 and succeeds', async () => {
    const { fake, nb } = arrange();
    fake.failOn({ path: '/api/virtualization/virtual-machines/', status: 503, times: 1 });

    const inv = await nb.load(signal());

    expect(inv.virtualMachines.length).toBeGreaterThan(0);
    expect(paths(fake).filter((p) => p === '/api/virtualization/virtual-machines/')).toHaveLength(2);
  });

  it('fails the whole load with NETBOX_HTTP when the third page answers 500', async () => {
    const { fake, nb } = arrange();
    buildLargeInventory(fake, { ips: 2500 - fake.count('ipam.ipaddress'), vms: 10 });
    fake.failOn({ path: '/api/ipam/ip-addresses/', status: 500, after: 2 });

    const result = await nb.load(signal()).then(
      (inventory) => ({ inventory }),
      (error: unknown) => ({ error }),
    );

    expect('inventory' in result).toBe(false);
    expect((result as { error: SyncError }).error.code).toBe('NETBOX_HTTP');
  });
});

describe('targeted reads and write-back against FakeNetBox', () => {
  it('re-reads changed objects by id and misses deleted ones', async () => {
    const { fake, homelab, nb } = arrange();
    const [kept, gone] = Object.values(homelab.ips);
    fake.update('ipam.ipaddress', kept as number, { dns_name: 'Renamed.Int.Lavaduck.net' });
    fake.remove('ipam.ipaddress', gone as number);

    const ips = await nb.loadObjects('ipAddresses', [kept as number, gone as number], signal());

    expect(ips.map((ip) => [ip.id, ip.dnsName])).toEqual([[kept, 'renamed.int.lavaduck.net']]);
  });

  it('reads the interfaces and disks of one VM', async () => {
    const { homelab, nb } = arrange();
    const vm = homelab.vms['openbao'] as number;

    const disks = await nb.loadChildren('virtualDisks', { virtualMachineIds: [vm] }, signal());
    const nics = await nb.loadChildren('vmInterfaces', { virtualMachineIds: [vm] }, signal());

    expect(disks.map((d) => d.id).sort()).toEqual(
      Object.entries(homelab.disks)
        .filter(([key]) => key.startsWith('openbao/'))
        .map(([, id]) => id)
        .sort(),
    );
    expect(nics.every((i) => i.parentId === vm)).toBe(true);
    expect(nics.length).toBeGreaterThan(0);
  });

  it('writes a journal entry and a custom field that NetBox then holds, reporting each write', async () => {
    const writes: NetBoxWrite[] = [];
    const { fake, homelab, nb } = arrange('4.6.8', { onWrite: (w) => writes.push(w) });
    const vm = homelab.vms['semaphore'] as number;

    await nb.writeJournal('virtualization.virtualmachine', vm, 'success', 'nbsync: created VM 142', signal());
    await nb.setCustomFields(`virtualization.virtualmachine/${vm}`, { proxmox_vmid: 142 }, signal());

    const journal = fake.list('extras.journalentry').map((j) => [j['assigned_object_id'], j['comments']]);
    expect(journal).toContainEqual([vm, 'nbsync: created VM 142']);
    expect(
      (fake.get('virtualization.virtualmachine', vm)?.['custom_fields'] as Record<string, unknown>)[
        'proxmox_vmid'
      ],
    ).toBe(142);
  });

  it('reads the change log since a time, deletions included', async () => {
    const { fake, homelab, nb } = arrange();
    const since = new Date(Date.now() - 60_000);
    const ip = homelab.ips[Object.keys(homelab.ips)[0] as string] as number;
    fake.remove('ipam.ipaddress', ip, { log: true });

    const changes = await nb.readObjectChanges({ since, objectTypes: ['ipam.ipaddress'] }, signal());

    expect(changes).toContainEqual(
      expect.objectContaining({ action: 'delete', objectType: 'ipam.ipaddress', objectId: ip }),
    );
  });

  it('says the change log needs 4.1 on NetBox 4.0', async () => {
    const { nb } = arrange('4.0.11');

    const err = await nb.readObjectChanges({ since: new Date(0) }, signal()).catch((e: unknown) => e);

    expect((err as SyncError).code).toBe('NETBOX_VERSION_UNSUPPORTED');
  });
});

describe('over real HTTP on loopback', () => {
  it('loads the homelab from the fake served by serveFake', async () => {
    const fake = new FakeNetBox();
    buildHomelab(fake);
    const served = await serveFake(fake);
    // msw refuses unhandled requests; this one really goes to the loopback server.
    server.use(http.all(`${served.url}/*`, () => passthrough()));
    const nb = createNetBoxSource({ url: served.url, token: FAKE_NETBOX_TOKEN_V1, log: silentLog });

    try {
      const inv = await nb.load(signal());

      expect(inv.virtualMachines).toHaveLength(fake.count('virtualization.virtualmachine'));
      expect(inv.netbox.url).toBe(served.url);
    } finally {
      await served.close();
    }
  });
});
