import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import { mswHandlers } from '../fakes/http.js';
import type { FakeTechnitium } from '../fakes/technitium/index.js';
import { applyAll, planAligned } from '../helpers/sink-harness.js';
import { dhcpInventory, twoVmInventory } from './dhcp-fixtures.js';
import { dhcpFake, runContext, TECHNITIUM_DHCP_URL, technitiumDhcpSink } from './technitium-dhcp-harness.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MAC1 = 'bc:24:11:00:00:01';
const MAC2 = 'bc:24:11:00:00:02';

function serve(fake: FakeTechnitium): FakeTechnitium {
  server.use(...mswHandlers(TECHNITIUM_DHCP_URL, fake));
  return fake;
}

function writes(fake: FakeTechnitium): string[] {
  return fake.requests.map((r) => r.path).filter((p) => !/\/(list|get)$/.test(p));
}

describe('technitium-dhcp sink', () => {
  it('reserves each mapped address with the owner mark in comments, then converges', async () => {
    const fake = serve(dhcpFake());
    const sink = technitiumDhcpSink();

    const first = await planAligned(sink, twoVmInventory());
    await applyAll(sink, first.changes);
    const second = await planAligned(sink, twoVmInventory());

    expect(first.changes.map((c) => [c.op, c.op === 'create' ? c.after.key : ''])).toEqual([
      ['create', `lan/${MAC1}`],
      ['create', `lan/${MAC2}`],
    ]);
    expect(fake.scope('lan')?.reservedLeases).toEqual([
      {
        hostName: 'app1',
        hardwareAddress: 'BC-24-11-00-00-01',
        address: '10.10.20.11',
        comments: 'nbsync:homelab ipam.ipaddress/11',
      },
      {
        hostName: 'db1',
        hardwareAddress: 'BC-24-11-00-00-02',
        address: '10.10.20.12',
        comments: 'nbsync:homelab ipam.ipaddress/12',
      },
    ]);
    expect(second.changes).toEqual([]);
    expect(second.owned).toBe(2);
  });

  it('never rewrites a scope with scopes/set: one addReservedLease per reservation', async () => {
    const fake = serve(dhcpFake());
    const sink = technitiumDhcpSink();

    await applyAll(sink, (await planAligned(sink, twoVmInventory())).changes);

    expect(writes(fake)).toEqual(['/api/dhcp/scopes/addReservedLease', '/api/dhcp/scopes/addReservedLease']);
  });

  it('updates by removing and adding again (there is no update call)', async () => {
    const fake = serve(dhcpFake());
    const sink = technitiumDhcpSink();
    await applyAll(sink, (await planAligned(sink, twoVmInventory())).changes);
    const moved = dhcpInventory([
      {
        id: 1,
        name: 'app1',
        mac: MAC1,
        addresses: [{ id: 11, address: '10.10.20.21/24', dnsName: 'app1.int.lavaduck.net' }],
      },
      { id: 2, name: 'db1', mac: MAC2, addresses: [{ id: 12, address: '10.10.20.12/24' }] },
    ]);
    fake.requests.length = 0;

    const update = await planAligned(sink, moved);
    await applyAll(sink, update.changes);

    expect(update.changes.map((c) => (c.op === 'update' ? c.diff : c.op))).toEqual([
      [{ field: 'ip', from: '10.10.20.11', to: '10.10.20.21' }],
    ]);
    expect(writes(fake)).toEqual([
      '/api/dhcp/scopes/removeReservedLease',
      '/api/dhcp/scopes/addReservedLease',
    ]);
    expect(
      fake.scope('lan')?.reservedLeases.find((r) => r.hardwareAddress === 'BC-24-11-00-00-01')?.address,
    ).toBe('10.10.20.21');
    expect((await planAligned(sink, moved)).changes).toEqual([]);
  });

  it('puts the old reservation back when the add of an update fails', async () => {
    const fake = serve(dhcpFake());
    const sink = technitiumDhcpSink();
    await applyAll(sink, (await planAligned(sink, twoVmInventory())).changes);
    const renamed = dhcpInventory([
      {
        id: 1,
        name: 'app1',
        mac: MAC1,
        addresses: [{ id: 11, address: '10.10.20.11/24', dnsName: 'web.int.lavaduck.net' }],
      },
      { id: 2, name: 'db1', mac: MAC2, addresses: [{ id: 12, address: '10.10.20.12/24' }] },
    ]);
    const update = await planAligned(sink, renamed);
    fake.failOn({ path: '/api/dhcp/scopes/addReservedLease', envelopeError: 'Access was denied.' });

    const attempt = sink.apply(update.changes[0]!, runContext());

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_REJECTED' });
    expect(
      fake.scope('lan')?.reservedLeases.find((r) => r.hardwareAddress === 'BC-24-11-00-00-01'),
    ).toMatchObject({
      hostName: 'app1',
      comments: 'nbsync:homelab ipam.ipaddress/11',
    });
  });

  it('deletes its own reservation when NetBox drops the address, and only its own', async () => {
    const fake = serve(dhcpFake());
    fake.addReservation('lan', {
      hardwareAddress: 'AA-BB-CC-00-00-09',
      address: '10.10.20.9',
      comments: 'printer',
    });
    const sink = technitiumDhcpSink();
    await applyAll(sink, (await planAligned(sink, twoVmInventory())).changes);
    const fewer = dhcpInventory([
      { id: 2, name: 'db1', mac: MAC2, addresses: [{ id: 12, address: '10.10.20.12/24' }] },
    ]);

    const deletion = await planAligned(sink, fewer);
    const results = await applyAll(sink, deletion.changes);

    expect(deletion.changes.map((c) => [c.op, c.op === 'delete' ? c.before.key : ''])).toEqual([
      ['delete', `lan/${MAC1}`],
    ]);
    expect(results).toEqual([{ outcome: 'applied' }]);
    expect(fake.scope('lan')?.reservedLeases.map((r) => r.hardwareAddress)).toEqual([
      'AA-BB-CC-00-00-09',
      'BC-24-11-00-00-02',
    ]);
  });

  it('is idempotent: a create or delete applied twice is a no-op the second time', async () => {
    serve(dhcpFake());
    const sink = technitiumDhcpSink();
    const creates = (await planAligned(sink, twoVmInventory())).changes;
    await applyAll(sink, creates);
    const deletes = (await planAligned(sink, dhcpInventory([]))).changes;
    await applyAll(sink, deletes);

    const again = [...(await applyAll(sink, deletes))];

    expect(again.every((r) => r.outcome === 'noop')).toBe(true);
  });

  it('reports an unmarked reservation of the same MAC as a conflict and leaves it', async () => {
    const fake = serve(dhcpFake());
    fake.addReservation('lan', { hardwareAddress: MAC1, address: '10.10.20.50', hostName: 'hand' });
    const sink = technitiumDhcpSink();

    const result = await planAligned(sink, twoVmInventory());

    expect(result.conflicts).toEqual([
      {
        kind: 'dhcp.reservation',
        key: `lan/${MAC1}`,
        reason: 'exists without owner mark',
        source: 'ipam.ipaddress/11',
      },
    ]);
    expect(result.changes.map((c) => c.op)).toEqual(['create']);
  });

  it('reports a dynamic lease of another MAC on a wanted address as a conflict', async () => {
    const fake = serve(dhcpFake());
    fake.addLease({
      scope: 'lan',
      hardwareAddress: 'AA-BB-CC-DD-EE-FF',
      address: '10.10.20.11',
      hostName: 'laptop',
    });
    const sink = technitiumDhcpSink();

    const result = await planAligned(sink, twoVmInventory());

    expect(result.conflicts.map((c) => c.key)).toEqual([`lan/${MAC1}`]);
    expect(result.changes.map((c) => (c.op === 'create' ? c.after.key : ''))).toEqual([`lan/${MAC2}`]);
  });

  it('with releaseConflictingLeases frees that lease with leases/remove before reserving', async () => {
    const fake = serve(dhcpFake());
    fake.addLease({ scope: 'lan', hardwareAddress: 'AA-BB-CC-DD-EE-FF', address: '10.10.20.11' });
    fake.addLease({ scope: 'lan', hardwareAddress: 'AA-BB-CC-DD-EE-01', address: '10.10.20.150' });
    const sink = technitiumDhcpSink({ releaseConflictingLeases: true });

    const result = await planAligned(sink, twoVmInventory());
    const outcomes = await applyAll(sink, result.changes);

    expect(result.conflicts).toEqual([]);
    expect(outcomes[0]).toEqual({
      outcome: 'applied',
      note: 'released the dynamic lease of AA-BB-CC-DD-EE-FF on 10.10.20.11',
    });
    expect(fake.leases().map((l) => l.hardwareAddress)).toEqual(['AA-BB-CC-DD-EE-01']);
    expect((await planAligned(sink, twoVmInventory())).changes).toEqual([]);
  });

  it('with adopt takes over the address from an unmarked reservation of another MAC', async () => {
    const fake = serve(dhcpFake());
    fake.addReservation('lan', { hardwareAddress: 'AA-BB-CC-00-00-09', address: '10.10.20.11' });
    const sink = technitiumDhcpSink({}, { adopt: true });

    const result = await planAligned(sink, twoVmInventory());
    await applyAll(sink, result.changes);

    expect(result.changes.map((c) => c.op).sort()).toEqual(['create', 'update']);
    expect(fake.scope('lan')?.reservedLeases.map((r) => [r.hardwareAddress, r.address, r.comments])).toEqual([
      ['BC-24-11-00-00-01', '10.10.20.11', 'nbsync:homelab ipam.ipaddress/11'],
      ['BC-24-11-00-00-02', '10.10.20.12', 'nbsync:homelab ipam.ipaddress/12'],
    ]);
    expect((await planAligned(sink, twoVmInventory())).changes).toEqual([]);
  });

  it('manages only the listed scopes', async () => {
    serve(dhcpFake());
    const sink = technitiumDhcpSink({ scopes: ['iot'] });
    const inventory = dhcpInventory([
      { id: 1, name: 'a', mac: MAC1, addresses: [{ id: 11, address: '10.10.20.11/24' }] },
      { id: 2, name: 'b', mac: MAC2, addresses: [{ id: 12, address: '10.10.30.12/24' }] },
    ]);

    const result = await planAligned(sink, inventory);

    expect(result.changes.map((c) => (c.op === 'create' ? c.after.key : ''))).toEqual([`iot/${MAC2}`]);
  });

  it('fails observe with CONFIG_INVALID when a listed scope does not exist', async () => {
    serve(dhcpFake());
    const sink = technitiumDhcpSink({ scopes: ['lan', 'guest'] });

    const attempt = sink.observe(runContext());

    await expect(attempt).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('guest'),
    });
  });

  it('maps the inventory alone: desired reads nothing and keeps no state', () => {
    const fake = serve(dhcpFake());
    const sink = technitiumDhcpSink();

    const first = sink.desired(twoVmInventory());
    const second = sink.desired(twoVmInventory());

    expect(fake.requests).toEqual([]);
    expect(first.resources.map((r) => [r.meta.source, r.spec])).toEqual([
      ['ipam.ipaddress/11', { ip: '10.10.20.11', hostName: 'app1' }],
      ['ipam.ipaddress/12', { ip: '10.10.20.12', hostName: 'db1' }],
    ]);
    expect(second).toEqual(first);
  });

  it('places candidates into the scopes of the snapshot it aligns with, and only those', async () => {
    const fake = serve(dhcpFake());
    const sink = technitiumDhcpSink();
    const before = await sink.observe(runContext());
    fake.addScope({
      name: 'lan2',
      startingAddress: '10.10.21.100',
      endingAddress: '10.10.21.199',
      subnetMask: '255.255.255.0',
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
    expect(current.desired.resources.map((r) => r.key)).toEqual([`lan2/${MAC1}`]);
    expect(current.desired.skipped).toEqual([]);
  });

  it('fails with SINK_AUTH when the token is refused', async () => {
    const fake = serve(dhcpFake());
    fake.expireToken('5ab1e0c0ffee5ab1e0c0ffee5ab1e0c0ffee5ab1e0c0ffee5ab1e0c0ffee5ab1');
    const sink = technitiumDhcpSink();

    const attempt = sink.observe(runContext());

    await expect(attempt).rejects.toBeInstanceOf(SyncError);
    await expect(attempt).rejects.toMatchObject({ code: 'SINK_AUTH' });
  });

  it('check() lists problems instead of throwing', async () => {
    serve(dhcpFake());

    const fine = await technitiumDhcpSink().check(runContext());
    const wrong = await technitiumDhcpSink({ scopes: ['guest'] }).check(runContext());

    expect(fine).toEqual([]);
    expect(wrong).toEqual([expect.stringContaining('guest')]);
  });
});
