import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import { parseOwnerMark } from '../../src/model/owner.js';
import type { Snapshot } from '../../src/model/resource.js';
import type { ResourceKey } from '../../src/sinks/sink.js';
import { ip, ipInventory, manyIps } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { postWebhook, startHarness, webhookBody, type Harness } from './daemon-fakes.js';

function withTtl(inventory: Inventory, id: number, ttl: number): Inventory {
  return {
    ...inventory,
    ipAddresses: inventory.ipAddresses.map((a) =>
      a.id === id ? { ...a, customFields: { dns_ttl: ttl } } : a,
    ),
  };
}

/** A MemorySink that also reads single keys (what the DNS sink does for event batches). */
class KeyedSink extends MemorySink {
  readonly asked: string[][] = [];

  async observeKeys(keys: readonly ResourceKey[]): Promise<Snapshot> {
    this.asked.push(keys.map((k) => k.key).sort());
    const wanted = new Set(keys.map((k) => k.key));
    const resources = [...this.target.entries()]
      .filter(([key]) => wanted.has(key))
      .map(([key, r]) => ({
        kind: 'dns.record' as const,
        key,
        spec: { ttl: r.ttl },
        meta: { owner: parseOwnerMark(r.comment) },
      }));
    return { resources };
  }
}

describe('daemon: event intake and targeted reconcile', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  it('runs a full reconcile at start and applies the sinks in mode apply', async () => {
    const sink = new MemorySink('dns');

    harness = await startHarness({ inventory: ipInventory(manyIps(3)), sinks: [sink] });

    expect([...sink.target.keys()]).toHaveLength(3);
    const [run] = harness.store.runs.list({ limit: 5 });
    expect(run).toMatchObject({ trigger: 'full', status: 'ok' });
    expect(harness.store.runs.changes(run?.id ?? '')).toHaveLength(3);
    expect(harness.store.state.sink('dns')).toMatchObject({ owned: 0, pending: 0, consecutiveErrors: 0 });
  });

  it('re-reads only the changed object and applies only its refs', async () => {
    const sink = new MemorySink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(3)), sinks: [sink] });
    harness.netbox.inventory = withTtl(harness.netbox.inventory, 2, 600);
    const apply = vi.spyOn(harness.controller, 'apply');

    const response = await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 2));
    await harness.daemon.settle();

    expect(response.statusCode).toBe(202);
    expect(harness.netbox.reads).toEqual([['ipam.ipaddress/2']]);
    expect(apply).toHaveBeenCalledTimes(1);
    expect([...(apply.mock.calls[0]?.[0]?.scope ?? [])]).toEqual(['ipam.ipaddress/2']);
    expect(sink.target.get('host-2.int.lavaduck.net/10.10.0.3')?.ttl).toBe(600);
    expect(harness.store.events.countPending()).toBe(0);
    expect(harness.store.runs.list({ limit: 1 })[0]).toMatchObject({ trigger: 'event', status: 'ok' });
  });

  it('lands a bulk edit of 1,000 objects as one apply', async () => {
    const sink = new MemorySink('dns', { safety: { maxChangePercent: 100, minExisting: 10 } });
    harness = await startHarness({ inventory: ipInventory(manyIps(1000)), sinks: [sink] });
    let edited = harness.netbox.inventory;
    for (let id = 1; id <= 1000; id += 1) edited = withTtl(edited, id, 900);
    harness.netbox.inventory = edited;
    const apply = vi.spyOn(harness.controller, 'apply');

    for (let id = 1; id <= 1000; id += 1) {
      const response = await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', id));
      expect(response.statusCode).toBe(202);
    }
    await harness.daemon.settle();

    expect(apply).toHaveBeenCalledTimes(1);
    expect(harness.netbox.reads).toHaveLength(1);
    expect([...sink.target.values()].every((r) => r.ttl === 900)).toBe(true);
    expect(harness.store.events.countPending()).toBe(0);
  });

  it('coalesces several events about one object into one re-read', async () => {
    const sink = new MemorySink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(2)), sinks: [sink] });

    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 1, 'updated', { timestamp: 'a' }));
    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 1, 'updated', { timestamp: 'b' }));
    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 1, 'updated', { timestamp: 'c' }));
    await harness.daemon.settle();

    expect(harness.netbox.reads).toEqual([['ipam.ipaddress/1']]);
  });

  it('removes the records of a deleted object', async () => {
    const sink = new MemorySink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(2)), sinks: [sink] });
    harness.netbox.inventory = ipInventory(manyIps(1));

    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 2, 'deleted'));
    await harness.daemon.settle();

    expect([...sink.target.keys()]).toEqual(['host-1.int.lavaduck.net/10.10.0.2']);
    expect(harness.netbox.reads).toEqual([]);
  });

  it('creates the records of a new object', async () => {
    const sink = new MemorySink('dns');
    harness = await startHarness({ inventory: ipInventory([]), sinks: [sink] });
    harness.netbox.inventory = ipInventory([ip(7, 'new.int.lavaduck.net', '10.0.0.7/24')]);

    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 7, 'created'));
    await harness.daemon.settle();

    expect([...sink.target.keys()]).toEqual(['new.int.lavaduck.net/10.0.0.7']);
  });

  it('runs a full reconcile for an event about a prefix (it changes many objects)', async () => {
    const sink = new MemorySink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(1)), sinks: [sink] });
    const loadsBefore = harness.netbox.loads;

    await postWebhook(harness.daemon, webhookBody('ipam.prefix', 3));
    await harness.daemon.settle();

    expect(harness.netbox.loads).toBe(loadsBefore + 1);
    expect(harness.store.runs.list({ limit: 1 })[0]).toMatchObject({ trigger: 'event' });
    expect(harness.store.events.countPending()).toBe(0);
  });

  it('ignores events about objects nbsync does not manage', async () => {
    harness = await startHarness({ inventory: ipInventory(manyIps(1)), sinks: [new MemorySink('dns')] });
    const apply = vi.spyOn(harness.controller, 'apply');

    const response = await postWebhook(harness.daemon, webhookBody('extras.journalentry', 5, 'created'));
    await harness.daemon.settle();

    const stored = harness.store.events.get(response.json<{ event: number }>().event);
    expect(stored).toMatchObject({ status: 'ignored', note: 'object type not managed' });
    expect(apply).not.toHaveBeenCalled();
  });

  it('plans but does not apply a sink in mode propose, and stores its plan', async () => {
    const sink = new MemorySink('dns', { mode: 'propose' });

    harness = await startHarness({ inventory: ipInventory(manyIps(2)), sinks: [sink] });

    expect(sink.target.size).toBe(0);
    const plan = harness.store.plans.latest('full');
    expect(plan?.plan.sinks[0]).toMatchObject({ sink: 'dns', mode: 'propose', counts: { create: 2 } });
    expect(harness.store.state.sink('dns')).toMatchObject({ pending: 2 });
  });

  it('fails closed when the re-read fails: nothing applied, the event stays pending', async () => {
    const sink = new MemorySink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(2)), sinks: [sink] });
    harness.netbox.inventory = withTtl(harness.netbox.inventory, 1, 42);
    harness.netbox.failReads = new SyncError('NETBOX_HTTP', 'page 2 answered 502', { retryable: true });
    const apply = vi.spyOn(harness.controller, 'apply');

    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 1));
    await harness.daemon.settle();

    expect(apply).not.toHaveBeenCalled();
    expect(harness.store.events.countPending()).toBe(1);
    expect(harness.store.runs.list({ limit: 1 })[0]).toMatchObject({ trigger: 'event', status: 'error' });
    expect(harness.store.state.sink('dns')).toMatchObject({ consecutiveErrors: 1 });
  });

  it('lets the next full sync cover events left pending', async () => {
    const sink = new MemorySink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(2)), sinks: [sink] });
    harness.netbox.failReads = new SyncError('NETBOX_HTTP', 'down', { retryable: true });
    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 1));
    await harness.daemon.settle();

    await harness.daemon.syncNow();

    expect(harness.store.events.countPending()).toBe(0);
    expect(harness.store.runs.list({ limit: 1 })[0]).toMatchObject({ trigger: 'manual', status: 'ok' });
  });

  it('without a targeted re-read, an event runs a full reconcile', async () => {
    const sink = new MemorySink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(2)), sinks: [sink], withoutNetBox: true });
    harness.netbox.inventory = withTtl(harness.netbox.inventory, 1, 77);

    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 1));
    await harness.daemon.settle();

    expect(sink.target.get('host-1.int.lavaduck.net/10.10.0.2')?.ttl).toBe(77);
    expect(harness.netbox.reads).toEqual([]);
  });

  it('reads only the keys of the event objects, before and after, on a sink that can', async () => {
    const sink = new KeyedSink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(3)), sinks: [sink] });
    const moved = ip(2, 'moved.int.lavaduck.net', '10.10.0.3/24');
    harness.netbox.inventory = ipInventory([...manyIps(1), moved, ...manyIps(1, 3)]);
    const apply = vi.spyOn(harness.controller, 'apply');

    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 2));
    await harness.daemon.settle();

    expect(sink.observeCount).toBe(1);
    expect(sink.asked).toEqual([['host-2.int.lavaduck.net/10.10.0.3', 'moved.int.lavaduck.net/10.10.0.3']]);
    expect(apply.mock.calls[0]?.[0]?.previousInventory?.ipAddresses[1]?.dnsName).toBe(
      'host-2.int.lavaduck.net',
    );
    expect([...sink.target.keys()].sort()).toEqual([
      'host-1.int.lavaduck.net/10.10.0.2',
      'host-3.int.lavaduck.net/10.10.0.4',
      'moved.int.lavaduck.net/10.10.0.3',
    ]);
  });

  it('finds the records of a deleted object through the inventory before the event', async () => {
    const sink = new KeyedSink('dns');
    harness = await startHarness({ inventory: ipInventory(manyIps(2)), sinks: [sink] });
    harness.netbox.inventory = ipInventory(manyIps(1));

    await postWebhook(harness.daemon, webhookBody('ipam.ipaddress', 2, 'deleted'));
    await harness.daemon.settle();

    expect(sink.asked).toEqual([['host-2.int.lavaduck.net/10.10.0.3']]);
    expect([...sink.target.keys()]).toEqual(['host-1.int.lavaduck.net/10.10.0.2']);
  });
});
