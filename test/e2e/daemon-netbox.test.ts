// The daemon against the stateful NetBox fake over loopback HTTP: the real NetBox source loads and
// re-reads objects, and the fake's change events arrive as signed webhooks on the daemon's port.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonNetBox } from '../../src/daemon/netbox-adapter.js';
import { pollChanges } from '../../src/daemon/poll.js';
import { signBody } from '../../src/server/auth.js';
import { createNetBoxSource } from '../../src/sources/netbox/index.js';
import { buildHomelab, type HomelabFixture } from '../fixtures/homelab.js';
import { serveFake, type ServedFake } from '../fakes/http.js';
import { FAKE_NETBOX_TOKEN_V1, FakeNetBox } from '../fakes/netbox/index.js';
import { ipInventory } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { WEBHOOK_SECRET, startHarness, type Harness } from '../unit/daemon-fakes.js';

describe('daemon with the NetBox source and webhooks over HTTP', () => {
  let netbox: FakeNetBox;
  let served: ServedFake;
  let homelab: HomelabFixture;
  let harness: Harness | undefined;
  let deliveries: Promise<Response>[];

  beforeEach(async () => {
    netbox = new FakeNetBox();
    homelab = buildHomelab(netbox);
    served = await serveFake(netbox);
    deliveries = [];
  });

  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    await served.close();
  });

  async function start(): Promise<{ h: Harness; sink: MemorySink }> {
    const source = createNetBoxSource({
      url: served.url,
      token: FAKE_NETBOX_TOKEN_V1,
      log: pino({ level: 'silent' }),
    });
    const sink = new MemorySink('dns', { safety: { maxChangePercent: 100, minExisting: 10 } });
    const h = await startHarness({ inventory: ipInventory([]), sinks: [sink], source: daemonNetBox(source) });
    harness = h;
    netbox.onChange((event) => {
      const body = JSON.stringify(event);
      deliveries.push(
        fetch(`${h.daemon.address}/webhooks/netbox`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hook-signature': signBody(WEBHOOK_SECRET, body) },
          body,
        }),
      );
    });
    return { h, sink };
  }

  async function delivered(h: Harness): Promise<number[]> {
    const statuses = (await Promise.all(deliveries)).map((r) => r.status);
    await h.daemon.settle();
    return statuses;
  }

  it('renames a DNS record after a webhook, re-reading only that IP', async () => {
    const { h, sink } = await start();
    const id = homelab.ips['10.10.10.101'] ?? 0;
    const before = [...sink.target.keys()].filter((k) => k.endsWith('/10.10.10.101'));
    netbox.resetRequests();

    netbox.update('ipam.ipaddress', id, { dns_name: 'renamed.int.lavaduck.net' });
    const statuses = await delivered(h);

    expect(before).toHaveLength(1);
    expect(statuses).toEqual([202]);
    expect([...sink.target.keys()].filter((k) => k.endsWith('/10.10.10.101'))).toEqual([
      'renamed.int.lavaduck.net/10.10.10.101',
    ]);
    const reads = netbox.requests.filter(
      (r) => r.method === 'GET' && r.url.includes('/api/ipam/ip-addresses/'),
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => new URL(r.url).searchParams.has('id'))).toBe(true);
  });

  it('removes the record of an IP deleted in NetBox', async () => {
    const { h, sink } = await start();
    const id = homelab.ips['10.10.10.102'] ?? 0;

    netbox.remove('ipam.ipaddress', id);
    await delivered(h);

    expect([...sink.target.keys()].some((k) => k.endsWith('/10.10.10.102'))).toBe(false);
    expect(h.store.events.countPending()).toBe(0);
  });

  it('reads the change log through the source when polling, deletions included', async () => {
    const { h } = await start();
    h.store.state.setMeta('poll.cursor', '2000-01-01T00:00:00.000Z');
    netbox.remove('ipam.ipaddress', homelab.ips['10.10.10.103'] ?? 0);
    await delivered(h);
    const feed = daemonNetBox(
      createNetBoxSource({ url: served.url, token: FAKE_NETBOX_TOKEN_V1, log: pino({ level: 'silent' }) }),
    );

    const count = await pollChanges(
      {
        feed: { objectChanges: feed.objectChanges! },
        store: h.store,
        accept: (e) => h.store.events.insert(e),
        log: pino({ level: 'silent' }),
        now: () => new Date(),
      },
      AbortSignal.timeout(10_000),
    );

    expect(count).toBeGreaterThan(0);
    expect(h.store.events.pending()).toContainEqual(
      expect.objectContaining({ origin: 'poll', objectType: 'ipam.ipaddress', event: 'deleted' }),
    );
  });
});
