import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeKea, KEA_URL, keaSink, runContext } from '../fakes/kea/index.js';
import { mswHandlers } from '../fakes/http.js';
import { applyAll, planAligned } from '../helpers/sink-harness.js';
import { dhcpInventory, twoVmInventory } from './dhcp-fixtures.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MAC1 = 'bc:24:11:00:00:01';
const MAC2 = 'bc:24:11:00:00:02';
const LAN = '10.10.20.0/24';

function serve(fake = new FakeKea()): FakeKea {
  server.use(...mswHandlers(KEA_URL, fake));
  return fake;
}

describe('kea sink', () => {
  it('adds reservations with the owner mark in user-context, saves the configuration, converges', async () => {
    const fake = serve();
    const sink = keaSink();

    const first = await planAligned(sink, twoVmInventory());
    await applyAll(sink, first.changes);
    const second = await planAligned(sink, twoVmInventory());

    expect(first.changes.map((c) => (c.op === 'create' ? c.after.key : c.op))).toEqual([
      `${LAN}/${MAC1}`,
      `${LAN}/${MAC2}`,
    ]);
    expect(
      fake.reservations(LAN).map((r) => [r['hw-address'], r['ip-address'], r.hostname, r['user-context']]),
    ).toEqual([
      [MAC1, '10.10.20.11', 'app1', { nbsync: 'nbsync:homelab ipam.ipaddress/11' }],
      [MAC2, '10.10.20.12', 'db1', { nbsync: 'nbsync:homelab ipam.ipaddress/12' }],
    ]);
    expect(fake.saved).toEqual(fake.dhcp4);
    expect(second.changes).toEqual([]);
  });

  it('edits through config-get, config-test, config-get, config-set, config-write', async () => {
    const fake = serve();
    const sink = keaSink();
    const changes = (await planAligned(sink, twoVmInventory())).changes;
    fake.requests.length = 0;

    await sink.apply(changes[0]!, runContext());

    expect(fake.commands()).toEqual([
      'config-get',
      'config-test',
      'config-get',
      'config-set',
      'config-write',
    ]);
    expect(fake.requests.every((r) => r.service?.join() === 'dhcp4')).toBe(true);
  });

  it('updates in place, keeping what others put into the reservation', async () => {
    const fake = serve();
    const sink = keaSink();
    await applyAll(sink, (await planAligned(sink, twoVmInventory())).changes);
    fake.editConfig((dhcp4) => {
      const subnet = (dhcp4.subnet4 as Record<string, unknown>[])[0]!;
      const first = (subnet.reservations as Record<string, unknown>[])[0]!;
      first['user-context'] = { ...(first['user-context'] as object), note: 'rack 2' };
      first['option-data'] = [{ name: 'domain-name-servers', data: '10.10.20.1' }];
    });
    const moved = dhcpInventory([
      {
        id: 1,
        name: 'app1',
        mac: MAC1,
        addresses: [{ id: 11, address: '10.10.20.21/24', dnsName: 'app1.int.lavaduck.net' }],
      },
      { id: 2, name: 'db1', mac: MAC2, addresses: [{ id: 12, address: '10.10.20.12/24' }] },
    ]);

    const update = await planAligned(sink, moved);
    await applyAll(sink, update.changes);

    expect(update.changes.map((c) => (c.op === 'update' ? c.diff : c.op))).toEqual([
      [{ field: 'ip', from: '10.10.20.11', to: '10.10.20.21' }],
    ]);
    expect(fake.reservations(LAN)[0]).toMatchObject({
      'ip-address': '10.10.20.21',
      'user-context': { nbsync: 'nbsync:homelab ipam.ipaddress/11', note: 'rack 2' },
      'option-data': [{ name: 'domain-name-servers', data: '10.10.20.1' }],
    });
    expect((await planAligned(sink, moved)).changes).toEqual([]);
  });

  it('deletes only its own reservations', async () => {
    const fake = serve();
    fake.editConfig((dhcp4) => {
      (dhcp4.subnet4 as Record<string, unknown>[])[0]!.reservations = [
        { 'hw-address': 'aa:bb:cc:00:00:09', 'ip-address': '10.10.20.9' },
      ];
    });
    const sink = keaSink();
    await applyAll(sink, (await planAligned(sink, twoVmInventory())).changes);

    const deletion = await planAligned(sink, dhcpInventory([]));
    await applyAll(sink, deletion.changes);

    expect(deletion.changes.map((c) => c.op)).toEqual(['delete', 'delete']);
    expect(fake.reservations(LAN).map((r) => r['hw-address'])).toEqual(['aa:bb:cc:00:00:09']);
  });

  it('refuses to write when someone changed the configuration between its reads', async () => {
    const fake = serve();
    const sink = keaSink();
    const changes = (await planAligned(sink, twoVmInventory())).changes;
    let gets = 0;
    fake.onCommand((command) => {
      if (command === 'config-get' && ++gets === 2)
        fake.editConfig((dhcp4) => (dhcp4['valid-lifetime'] = 3600));
    });

    const attempt = sink.apply(changes[0]!, runContext());

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_REJECTED', retryable: true });
    expect(fake.commands()).not.toContain('config-set');
    expect(fake.reservations(LAN)).toEqual([]);
  });

  it('serialises its own writes: concurrent applies all land', async () => {
    const fake = serve();
    const sink = keaSink();
    const changes = (await planAligned(sink, twoVmInventory())).changes;

    await Promise.all(changes.map((c) => sink.apply(c, runContext())));

    expect(fake.reservations(LAN)).toHaveLength(2);
  });

  it('reports what config-test refuses as SINK_REJECTED with Kea’s text, writing nothing', async () => {
    const fake = serve();
    const sink = keaSink();
    const changes = (await planAligned(sink, twoVmInventory())).changes;
    fake.editConfig((dhcp4) => {
      (dhcp4.subnet4 as Record<string, unknown>[])[0]!.reservations = [
        { 'client-id': '01:02:03', 'ip-address': '10.10.20.11' },
      ];
    });

    const attempt = sink.apply(changes[0]!, runContext());

    await expect(attempt).rejects.toMatchObject({
      code: 'SINK_REJECTED',
      message: expect.stringContaining("There's already a reservation for this address"),
    });
    expect(fake.commands()).not.toContain('config-set');
  });

  it('reports an address reserved by another client as a conflict', async () => {
    const fake = serve();
    fake.editConfig((dhcp4) => {
      (dhcp4.subnet4 as Record<string, unknown>[])[0]!.reservations = [
        { 'client-id': '01:02:03', 'ip-address': '10.10.20.11' },
      ];
    });
    const sink = keaSink();

    const result = await planAligned(sink, twoVmInventory());

    expect(result.conflicts.map((c) => [c.key, c.reason])).toEqual([
      [`${LAN}/${MAC1}`, 'exists without owner mark'],
    ]);
    expect(result.changes).toHaveLength(1);
  });

  it('reports an active lease of another MAC on a wanted address as a conflict (lease_cmds)', async () => {
    const fake = serve();
    fake.addLease({ 'ip-address': '10.10.20.11', 'hw-address': 'aa:bb:cc:dd:ee:ff', 'subnet-id': 1 });
    const sink = keaSink();

    const result = await planAligned(sink, twoVmInventory());

    expect(result.conflicts.map((c) => c.key)).toEqual([`${LAN}/${MAC1}`]);
    expect(fake.requests.filter((r) => r.command.startsWith('lease4-'))).toEqual([
      { command: 'lease4-get-all', service: ['dhcp4'], arguments: { subnets: [1, 2] } },
    ]);
  });

  it('ignores expired and declined leases', async () => {
    const fake = serve();
    fake.addLease({
      'ip-address': '10.10.20.11',
      'hw-address': 'aa:bb:cc:dd:ee:ff',
      'subnet-id': 1,
      cltt: 1000,
      'valid-lft': 60,
    });
    fake.addLease({
      'ip-address': '10.10.20.12',
      'hw-address': 'aa:bb:cc:dd:ee:fe',
      'subnet-id': 1,
      state: 1,
    });
    const sink = keaSink();

    const result = await planAligned(sink, twoVmInventory());

    expect(result.conflicts).toEqual([]);
    expect(result.changes).toHaveLength(2);
  });

  it('works without lease_cmds (no lease checks)', async () => {
    const fake = serve(new FakeKea({ leaseCmds: false }));
    const sink = keaSink();

    const result = await planAligned(sink, twoVmInventory());

    expect(result.changes).toHaveLength(2);
    expect(fake.commands().some((c) => c.startsWith('lease4-'))).toBe(false);
  });

  it('manages the listed subnets only, including one inside a shared network', async () => {
    serve();
    const sink = keaSink({ subnets: ['10.10.30.0/24'] });
    const inventory = dhcpInventory([
      { id: 1, name: 'a', mac: MAC1, addresses: [{ id: 11, address: '10.10.20.11/24' }] },
      { id: 2, name: 'b', mac: MAC2, addresses: [{ id: 12, address: '10.10.30.12/24' }] },
    ]);

    const result = await planAligned(sink, inventory);
    await applyAll(sink, result.changes);

    expect(result.changes.map((c) => (c.op === 'create' ? c.after.key : ''))).toEqual([
      `10.10.30.0/24/${MAC2}`,
    ]);
    expect((await planAligned(sink, inventory)).changes).toEqual([]);
  });

  it('maps the inventory alone: desired reads nothing, listed subnets or not', () => {
    const fake = serve();

    const all = keaSink().desired(twoVmInventory());
    const listed = keaSink({ subnets: [LAN] }).desired(twoVmInventory());

    expect(fake.requests).toEqual([]);
    expect(all.resources.map((r) => r.meta.source)).toEqual(['ipam.ipaddress/11', 'ipam.ipaddress/12']);
    expect(listed).toEqual(all);
  });

  it('fails observe with CONFIG_INVALID for a listed subnet Kea does not have', async () => {
    serve();
    const sink = keaSink({ subnets: ['10.10.99.0/24'] });

    const attempt = sink.observe(runContext());

    await expect(attempt).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('10.10.99.0/24'),
    });
  });

  it('places candidates into the subnets of the snapshot it aligns with, and only those', async () => {
    const fake = serve();
    const sink = keaSink();
    const before = await sink.observe(runContext());
    fake.editConfig((dhcp4) => {
      (dhcp4.subnet4 as Record<string, unknown>[]).push({ id: 3, subnet: '10.10.21.0/24' });
    });
    const after = await sink.observe(runContext());
    const mapped = sink.desired(
      dhcpInventory([{ id: 1, name: 'a', mac: MAC1, addresses: [{ id: 11, address: '10.10.21.11/24' }] }]),
    );

    const old = sink.align(mapped, before);
    const current = sink.align(mapped, after);

    expect(old.desired.resources).toEqual([]);
    expect(old.desired.skipped).toEqual([
      { source: 'ipam.ipaddress/11', reason: 'out of scope: no managed DHCP scope contains 10.10.21.11' },
    ]);
    expect(current.desired.resources.map((r) => r.key)).toEqual([`10.10.21.0/24/${MAC1}`]);
  });

  it('sends basic auth, and maps a refused login to SINK_AUTH without the password', async () => {
    serve(new FakeKea({ auth: { username: 'nbsync', password: 's3cret-pw' } }));
    const good = keaSink(
      { auth: { username: 'nbsync', password: { env: 'KEA_PW' } } },
      {},
      { KEA_PW: 's3cret-pw' },
    );
    const bad = keaSink(
      { auth: { username: 'nbsync', password: { env: 'KEA_PW' } } },
      {},
      { KEA_PW: 'wrong' },
    );

    const ok = await good.observe(runContext());
    const refused = bad.observe(runContext()).catch((err: unknown) => err);

    expect(ok.resources).toEqual([]);
    expect(await refused).toMatchObject({ code: 'SINK_AUTH' });
    expect(String(((await refused) as Error).message)).not.toContain('wrong');
  });

  it('maps "kea-dhcp4 is offline" to a retryable SINK_UNREACHABLE', async () => {
    const fake = serve();
    fake.serverDown = true;
    const sink = keaSink({ subnets: [LAN] });

    const attempt = sink.observe(runContext());

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_UNREACHABLE', retryable: true });
  });

  it('is idempotent: re-applied creates and deletes are no-ops without writes', async () => {
    const fake = serve();
    const sink = keaSink();
    const creates = (await planAligned(sink, twoVmInventory())).changes;
    await applyAll(sink, creates);
    fake.requests.length = 0;

    const again = await applyAll(sink, creates);

    expect(again.every((r) => r.outcome === 'noop')).toBe(true);
    expect(fake.commands()).toEqual(['config-get', 'config-get']);
  });

  it('check() names missing commands and unknown subnets', async () => {
    serve();

    const fine = await keaSink().check(runContext());
    const wrong = await keaSink({ subnets: ['10.10.99.0/24'] }).check(runContext());

    expect(fine).toEqual([]);
    expect(wrong).toEqual([expect.stringContaining('10.10.99.0/24')]);
  });
});
