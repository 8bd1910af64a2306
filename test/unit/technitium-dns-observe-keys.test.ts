import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/resource.js';
import type { ResourceKey, Sink } from '../../src/sinks/sink.js';
import { mswHandlers } from '../fakes/http.js';
import type { FakeTechnitium } from '../fakes/technitium/index.js';
import { homelabFake, runContext, TECHNITIUM_URL, technitiumSink } from '../fakes/technitium/sink-harness.js';
import { ip, ipInventory } from '../helpers/inventory.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ZONE = 'int.lavaduck.net';
const REV4 = '10.10.10.in-addr.arpa';
const REV6 = '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa';
const MARK = 'nbsync:homelab ipam.ipaddress/42';

const record = (key: string): ResourceKey => ({ kind: 'dns.record', key });
const APP1_A = `${ZONE}/app1.${ZONE}/A/10.10.10.5`;
const APP1_PTR = `${REV4}/5.10.10.10.in-addr.arpa/PTR/app1.${ZONE}`;

function serve(fake: FakeTechnitium): FakeTechnitium {
  server.use(...mswHandlers(TECHNITIUM_URL, fake));
  return fake;
}

/** The homelab fake with app1 (A + PTR, marked) in place. */
function withApp1(zones?: readonly string[]): FakeTechnitium {
  const fake = homelabFake(zones);
  fake.addRecord(ZONE, {
    name: `app1.${ZONE}`,
    type: 'A',
    rData: { ipAddress: '10.10.10.5' },
    comments: MARK,
  });
  if (fake.zoneNames().includes(REV4)) {
    const ptr = { ptrName: `app1.${ZONE}` };
    fake.addRecord(REV4, { name: '5.10.10.10.in-addr.arpa', type: 'PTR', rData: ptr, comments: MARK });
  }
  return serve(fake);
}

async function observeKeys(sink: Sink, keys: readonly ResourceKey[]): Promise<Snapshot> {
  if (!sink.observeKeys) throw new Error('technitium-dns should read single keys');
  return sink.observeKeys(keys, runContext());
}

const keysOf = (snapshot: Snapshot) => snapshot.resources.map((r) => `${r.kind} ${r.key}`).sort();

describe('technitium-dns observeKeys', () => {
  it('reads each distinct name once with records/get in its zone, never a zone listing', async () => {
    const fake = withApp1();
    const keys = [
      record(APP1_A),
      record(`${ZONE}/app1.${ZONE}/A/10.10.10.6`),
      record(APP1_PTR),
      record(`${ZONE}/www.${ZONE}/CNAME/app1.${ZONE}`),
    ];

    await observeKeys(technitiumSink(), keys);

    const reads = fake.requests.map(
      (r) => `${r.path} ${r.params.domain} ${r.params.zone} ${r.params.listZone}`,
    );
    expect(reads.sort()).toEqual([
      `/api/zones/records/get 5.10.10.10.in-addr.arpa ${REV4} undefined`,
      `/api/zones/records/get app1.${ZONE} ${ZONE} undefined`,
      `/api/zones/records/get www.${ZONE} ${ZONE} undefined`,
    ]);
  });

  it('lists a zone once instead when a bulk edit touches more than 64 names in it', async () => {
    const fake = withApp1();
    fake.addRecord(ZONE, { name: `unrelated.${ZONE}`, type: 'A', rData: { ipAddress: '10.10.10.200' } });
    const many = Array.from({ length: 65 }, (_, i) => record(`${ZONE}/h${i}.${ZONE}/A/10.10.10.${i + 10}`));

    const snapshot = await observeKeys(technitiumSink(), [...many, record(APP1_PTR)]);

    const reads = fake.requests.map((r) => `${r.params.domain} ${r.params.listZone ?? ''}`);
    expect(reads.sort()).toEqual(['5.10.10.10.in-addr.arpa ', `${ZONE} true`]);
    expect(keysOf(snapshot)).toContain(`dns.record ${ZONE}/unrelated.${ZONE}/A/10.10.10.200`);
  });

  it('reports present keys with their marks and leaves missing ones out (absent)', async () => {
    withApp1();

    const snapshot = await observeKeys(technitiumSink(), [
      record(APP1_A),
      record(APP1_PTR),
      record(`${ZONE}/ghost.${ZONE}/A/10.10.10.9`),
    ]);

    expect(keysOf(snapshot)).toEqual([`dns.record ${APP1_PTR}`, `dns.record ${APP1_A}`].sort());
    expect(snapshot.resources.every((r) => r.meta.owner?.ref === 'ipam.ipaddress/42')).toBe(true);
  });

  it('reports foreign and unmarked records at an affected name, of managed types only', async () => {
    const fake = withApp1();
    fake.addRecord(ZONE, { name: `app1.${ZONE}`, type: 'A', rData: { ipAddress: '10.10.10.77' } });
    fake.addRecord(ZONE, {
      name: `app1.${ZONE}`,
      type: 'AAAA',
      rData: { ipAddress: '2001:db8:10::5' },
      comments: 'nbsync:other ipam.ipaddress/5',
    });
    fake.addRecord(ZONE, { name: `app1.${ZONE}`, type: 'TXT', rData: { text: 'v=spf1 -all' } });
    fake.addRecord(ZONE, { name: `elsewhere.${ZONE}`, type: 'A', rData: { ipAddress: '10.10.10.8' } });

    const snapshot = await observeKeys(technitiumSink(), [record(APP1_A)]);

    expect(snapshot.resources.map((r) => [r.key, r.meta.owner?.instance ?? null]).sort()).toEqual([
      [APP1_A, 'homelab'],
      [`${ZONE}/app1.${ZONE}/A/10.10.10.77`, null],
      [`${ZONE}/app1.${ZONE}/AAAA/2001:db8:10::5`, 'other'],
    ]);
  });

  it('sees what a full observe sees for the keys the sink desires', async () => {
    const fake = withApp1();
    fake.addRecord(ZONE, { name: `db.${ZONE}`, type: 'A', rData: { ipAddress: '10.10.10.7' } });
    const sink = technitiumSink();
    const inventory = ipInventory([
      ip(42, `app1.${ZONE}`, '10.10.10.5/24', { customFields: { dns_aliases: 'www' } }),
      ip(43, `db.${ZONE}`, '10.10.10.7/24'),
      ip(44, `nas.${ZONE}`, '2001:db8:10::9/64'),
    ]);
    const desired = sink.desired(inventory).resources;
    const names = new Set(desired.map((r) => r.key.split('/')[1]));

    const keyed = await observeKeys(sink, desired);
    const full = await sink.observe(runContext());

    const atNames = { ...full, resources: full.resources.filter((r) => names.has(r.key.split('/')[1])) };
    expect(keysOf(keyed)).toEqual(keysOf(atNames));
    expect(keysOf(keyed)).toHaveLength(3);
  });

  it('fails with ZONE_MISSING when a managed zone is gone, also where an enclosing zone answers', async () => {
    const fake = withApp1([ZONE, REV6, '10.in-addr.arpa']);

    const reverse = observeKeys(technitiumSink(), [record(APP1_PTR)]);
    const forward = observeKeys(technitiumSink({ zones: [ZONE, REV4, 'lab.lavaduck.net'] }), [
      record(`lab.lavaduck.net/x.lab.lavaduck.net/A/10.10.10.1`),
    ]);

    await expect(reverse).rejects.toMatchObject({ code: 'ZONE_MISSING', details: { zones: [REV4] } });
    await expect(forward).rejects.toMatchObject({
      code: 'ZONE_MISSING',
      details: { zones: ['lab.lavaduck.net'] },
    });
    expect(fake.requests.filter((r) => r.path === '/api/zones/records/get')).toHaveLength(2);
  });

  it('with createZones: reports existing zones asked for, and a missing zone as absent', async () => {
    const fake = withApp1([ZONE, REV6]);
    const sink = technitiumSink({ createZones: true });

    const snapshot = await observeKeys(sink, [
      { kind: 'dns.zone', key: ZONE },
      { kind: 'dns.zone', key: REV4 },
      record(APP1_A),
      record(APP1_PTR),
    ]);

    expect(keysOf(snapshot)).toEqual([`dns.record ${APP1_A}`, `dns.zone ${ZONE}`]);
    expect(fake.requests.filter((r) => r.path === '/api/zones/list')).toHaveLength(0);
  });

  it('lists the zones once for zones asked for where no record is read', async () => {
    const fake = withApp1();

    const snapshot = await observeKeys(technitiumSink({ createZones: true }), [
      { kind: 'dns.zone', key: ZONE },
      { kind: 'dns.zone', key: REV6 },
    ]);

    expect(keysOf(snapshot)).toEqual([`dns.zone ${REV6}`, `dns.zone ${ZONE}`]);
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/zones/list']);
  });

  it('fails closed when one read fails', async () => {
    const fake = withApp1();
    fake.failOn({
      path: '/api/zones/records/get',
      envelopeError: 'The server is busy',
      when: (p) => p.zone === REV4,
    });

    const attempt = observeKeys(technitiumSink(), [record(APP1_A), record(APP1_PTR)]);

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_REJECTED' });
  });

  it('refuses a key that is not a record of a managed zone', async () => {
    serve(homelabFake());

    const attempt = observeKeys(technitiumSink(), [record('example.org/a.example.org/A/192.0.2.1')]);

    await expect(attempt).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
