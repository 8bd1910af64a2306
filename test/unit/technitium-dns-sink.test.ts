import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import type { Change, SinkPlan } from '../../src/model/plan.js';
import { planSink } from '../../src/reconcile/planner.js';
import type { Sink } from '../../src/sinks/sink.js';
import { mswHandlers } from '../fakes/http.js';
import { FAKE_TECHNITIUM_TOKEN, type FakeTechnitium } from '../fakes/technitium/index.js';
import { homelabFake, runContext, TECHNITIUM_URL, technitiumSink } from '../fakes/technitium/sink-harness.js';
import { ip, ipInventory } from '../helpers/inventory.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ZONE = 'int.lavaduck.net';
const REV4 = '10.10.10.in-addr.arpa';
const APP1_A = `${ZONE}/app1.${ZONE}/A/10.10.10.5`;
const APP1_PTR = `${REV4}/5.10.10.10.in-addr.arpa/PTR/app1.${ZONE}`;

function serve(fake: FakeTechnitium): FakeTechnitium {
  server.use(...mswHandlers(TECHNITIUM_URL, fake));
  return fake;
}

async function plan(sink: Sink, inventory: Inventory): Promise<SinkPlan> {
  return planSink(sink, sink.desired(inventory), await sink.observe(runContext()));
}

async function applyAll(sink: Sink, changes: readonly Change[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const change of changes) outcomes.push((await sink.apply(change, runContext())).outcome);
  return outcomes;
}

function records(fake: FakeTechnitium, zone: string, type: string) {
  return fake.records(zone).filter((r) => r.type === type);
}

const app1 = (overrides: Parameters<typeof ip>[3] = {}) => ip(42, `app1.${ZONE}`, '10.10.10.5/24', overrides);

describe('technitium-dns observe', () => {
  it('reads A, AAAA, PTR and CNAME of every managed zone with their owner marks', async () => {
    const fake = serve(homelabFake());
    fake.addRecord(ZONE, {
      name: `app1.${ZONE}`,
      type: 'A',
      rData: { ipAddress: '10.10.10.5' },
      ttl: 300,
      comments: 'nbsync:homelab ipam.ipaddress/42',
    });
    fake.addRecord(ZONE, {
      name: `www.${ZONE}`,
      type: 'CNAME',
      rData: { cname: `app1.${ZONE}` },
      comments: 'nbsync:other ipam.ipaddress/7',
    });
    fake.addRecord(ZONE, { name: `nas.${ZONE}`, type: 'AAAA', rData: { ipAddress: '2001:db8:10::9' } });
    fake.addRecord(ZONE, { name: `nas.${ZONE}`, type: 'TXT', rData: { text: 'v=hand' } });
    fake.addRecord(REV4, {
      name: '5.10.10.10.in-addr.arpa',
      type: 'PTR',
      rData: { ptrName: `app1.${ZONE}` },
      ttl: 300,
    });
    const sink = technitiumSink();

    const snapshot = await sink.observe(runContext());

    const byKey = Object.fromEntries(snapshot.resources.map((r) => [r.key, [r.spec, r.meta.owner]]));
    expect(byKey).toEqual({
      [APP1_A]: [{ ttl: 300 }, { instance: 'homelab', ref: 'ipam.ipaddress/42' }],
      [`${ZONE}/www.${ZONE}/CNAME/app1.${ZONE}`]: [
        { ttl: 3600 },
        { instance: 'other', ref: 'ipam.ipaddress/7' },
      ],
      [`${ZONE}/nas.${ZONE}/AAAA/2001:db8:10::9`]: [{ ttl: 3600 }, null],
      [APP1_PTR]: [{ ttl: 300 }, null],
    });
  });

  it('sends form-encoded POSTs with the token in a Bearer header only', async () => {
    const fake = serve(homelabFake());
    const sink = technitiumSink();

    await sink.observe(runContext());

    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/zones/list',
      'POST /api/zones/records/get',
      'POST /api/zones/records/get',
      'POST /api/zones/records/get',
    ]);
    expect(fake.requests.every((r) => r.auth === 'bearer' && !('token' in r.params))).toBe(true);
    expect(fake.requests[1]?.params).toEqual({ domain: ZONE, zone: ZONE, listZone: 'true' });
  });

  it('fails with ZONE_MISSING naming the zone and the two fixes', async () => {
    serve(homelabFake([ZONE]));
    const sink = technitiumSink();

    const attempt = sink.observe(runContext());

    await expect(attempt).rejects.toMatchObject({ code: 'ZONE_MISSING' });
    await expect(attempt).rejects.toThrow(/10\.10\.10\.in-addr\.arpa.*create it.*createZones: true/s);
  });

  it('with createZones reports existing zones and plans creates for the missing ones', async () => {
    const fake = serve(homelabFake([ZONE]));
    const sink = technitiumSink({ createZones: true });

    const result = await plan(sink, ipInventory([app1()]));

    expect(sink.manages).toEqual(['dns.zone', 'dns.record']);
    const creates = result.changes.map((c) => `${c.op} ${c.op === 'delete' ? c.before.key : c.after.key}`);
    expect(creates.slice(0, 2)).toEqual(['create 0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa', `create ${REV4}`]);
    expect(result.conflicts).toEqual([]);
    expect(fake.zoneNames()).not.toContain(REV4);
  });

  it('fails the whole observe when one records/get answers 500 (not retried)', async () => {
    const fake = serve(homelabFake());
    fake.failOn({ path: '/api/zones/records/get', status: 500, when: (p) => p.zone === REV4 });
    const sink = technitiumSink();

    const attempt = sink.observe(runContext());

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_HTTP' });
    expect(fake.requests.filter((r) => r.params.zone === REV4)).toHaveLength(1);
  });

  it('retries a read that failed once with 503', async () => {
    const fake = serve(homelabFake());
    fake.failOn({ path: '/api/zones/list', status: 503 });
    const sink = technitiumSink();

    const snapshot = await sink.observe(runContext());

    expect(snapshot.resources).toEqual([]);
    expect(fake.requests.filter((r) => r.path === '/api/zones/list')).toHaveLength(2);
  });

  it('fails the observe on an error envelope without retrying it', async () => {
    const fake = serve(homelabFake());
    fake.failOn({ path: '/api/zones/records/get', envelopeError: 'Access was denied.' });
    const sink = technitiumSink();

    const attempt = sink.observe(runContext());

    await expect(attempt).rejects.toMatchObject({
      code: 'SINK_REJECTED',
      message: expect.stringContaining('Access was denied.'),
    });
  });

  it('turns an expired token into SINK_AUTH that says how to fix it, without the token', async () => {
    const fake = serve(homelabFake());
    const sink = technitiumSink();
    fake.expireToken(FAKE_TECHNITIUM_TOKEN);

    const error = await sink.observe(runContext()).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ code: 'SINK_AUTH' });
    const message = (error as SyncError).message;
    expect(message).toMatch(/expired or invalid.*non-expiring API token/s);
    expect(message).not.toContain(FAKE_TECHNITIUM_TOKEN);
  });
});

describe('technitium-dns apply', () => {
  it('creates A and PTR with the owner mark in comments, never with ptr=true; then converges', async () => {
    const fake = serve(homelabFake());
    const sink = technitiumSink();
    const inventory = ipInventory([app1({ customFields: { dns_aliases: 'www' } })]);

    const first = await plan(sink, inventory);
    const outcomes = await applyAll(sink, first.changes);
    const next = await plan(sink, inventory);

    expect(outcomes).toEqual(['applied', 'applied', 'applied']);
    expect(records(fake, ZONE, 'A')).toMatchObject([
      { name: `app1.${ZONE}`, ttl: 300, comments: 'nbsync:homelab ipam.ipaddress/42' },
    ]);
    expect(records(fake, ZONE, 'CNAME')).toMatchObject([
      { name: `www.${ZONE}`, rData: { cname: `app1.${ZONE}` }, comments: 'nbsync:homelab ipam.ipaddress/42' },
    ]);
    expect(records(fake, REV4, 'PTR')).toMatchObject([
      { name: '5.10.10.10.in-addr.arpa', comments: 'nbsync:homelab ipam.ipaddress/42' },
    ]);
    const adds = fake.requests.filter((r) => r.path === '/api/zones/records/add');
    expect(adds.every((r) => r.params.overwrite === 'false' && !('ptr' in r.params))).toBe(true);
    expect(next.changes).toEqual([]);
    expect(next.conflicts).toEqual([]);
  });

  it('updates a TTL sending ttl, comments, disable=false and expiryTtl=0 (update is not a patch)', async () => {
    const fake = serve(homelabFake());
    fake.addRecord(ZONE, {
      name: `app1.${ZONE}`,
      type: 'A',
      rData: { ipAddress: '10.10.10.5' },
      ttl: 300,
      comments: 'nbsync:homelab ipam.ipaddress/42',
      expiryTtl: 600,
    });
    const sink = technitiumSink({ zones: [ZONE] });
    const inventory = ipInventory([app1({ customFields: { dns_ttl: 900 } })]);

    const result = await plan(sink, inventory);
    const outcomes = await applyAll(sink, result.changes);

    expect(result.changes.map((c) => c.op)).toEqual(['update']);
    expect(outcomes).toEqual(['applied']);
    const update = fake.requests.find((r) => r.path === '/api/zones/records/update');
    expect(update?.params).toMatchObject({
      type: 'A',
      ipAddress: '10.10.10.5',
      ttl: '900',
      comments: 'nbsync:homelab ipam.ipaddress/42',
      disable: 'false',
      expiryTtl: '0',
    });
    expect(records(fake, ZONE, 'A')).toMatchObject([
      { ttl: 900, comments: 'nbsync:homelab ipam.ipaddress/42', expiryTtl: 0, disabled: false },
    ]);
  });

  it('moves A and PTR when the dns_name changes', async () => {
    const fake = serve(homelabFake());
    const sink = technitiumSink();
    await applyAll(sink, (await plan(sink, ipInventory([app1()]))).changes);
    const renamed = ipInventory([ip(42, `app2.${ZONE}`, '10.10.10.5/24')]);

    const result = await plan(sink, renamed);
    await applyAll(sink, result.changes);

    expect(result.changes.map((c) => c.op)).toEqual(['delete', 'delete', 'create', 'create']);
    expect(records(fake, ZONE, 'A').map((r) => r.name)).toEqual([`app2.${ZONE}`]);
    expect(records(fake, REV4, 'PTR').map((r) => r.rData.ptrName)).toEqual([`app2.${ZONE}`]);
    expect((await plan(sink, renamed)).changes).toEqual([]);
  });

  it('treats deleting a PTR that went with its A record as a noop', async () => {
    const fake = serve(homelabFake());
    const sink = technitiumSink();
    await applyAll(sink, (await plan(sink, ipInventory([app1()]))).changes);
    const deletes = (await plan(sink, ipInventory([]))).changes;
    const keyOf = (c: Change): string => (c.op === 'delete' ? c.before.key : '');
    const aFirst = [APP1_A, APP1_PTR].map((key) => deletes.find((c) => keyOf(c) === key) as Change);

    const outcomes = await applyAll(sink, aFirst);

    expect(deletes.map(keyOf).sort()).toEqual([APP1_PTR, APP1_A]);
    expect(outcomes).toEqual(['applied', 'noop']);
    expect(records(fake, REV4, 'PTR')).toEqual([]);
  });

  it('puts back an unmarked PTR that Technitium deleted together with our A record', async () => {
    const fake = serve(homelabFake());
    const sink = technitiumSink();
    await applyAll(sink, (await plan(sink, ipInventory([app1()]))).changes);
    fake.addRecord(REV4, {
      name: '6.10.10.10.in-addr.arpa',
      type: 'PTR',
      rData: { ptrName: `app1.${ZONE}` },
    });
    // The PTR at .5 becomes hand-made: someone removed our mark.
    const ptrDelete = { domain: '5.10.10.10.in-addr.arpa', zone: REV4, type: 'PTR', ptrName: `app1.${ZONE}` };
    await fake.handle(formRequest('/api/zones/records/delete', ptrDelete));
    fake.addRecord(REV4, {
      name: '5.10.10.10.in-addr.arpa',
      type: 'PTR',
      rData: { ptrName: `app1.${ZONE}` },
      ttl: 1234,
      comments: 'hand-made',
    });
    const aDelete = (await plan(sink, ipInventory([]))).changes.find(
      (c) => c.op === 'delete' && c.before.key === APP1_A,
    ) as Change;

    const result = await sink.apply(aDelete, runContext());

    expect(result.outcome).toBe('applied');
    expect(result.note).toContain('5.10.10.10.in-addr.arpa');
    expect(records(fake, ZONE, 'A')).toEqual([]);
    expect(records(fake, REV4, 'PTR')).toMatchObject([
      { name: '5.10.10.10.in-addr.arpa', ttl: 1234, comments: 'hand-made' },
      { name: '6.10.10.10.in-addr.arpa' },
    ]);
  });

  it('re-applying a create of a record that carries our mark is a noop', async () => {
    serve(homelabFake());
    const sink = technitiumSink();
    const changes = (await plan(sink, ipInventory([app1()]))).changes;
    await applyAll(sink, changes);

    const again = await applyAll(sink, changes);

    expect(again).toEqual(['noop', 'noop']);
  });

  it('refuses to create over an unmarked record, with a message saying what to do', async () => {
    const fake = serve(homelabFake());
    const sink = technitiumSink();
    const changes = (await plan(sink, ipInventory([app1()]))).changes;
    fake.addRecord(ZONE, { name: `app1.${ZONE}`, type: 'A', rData: { ipAddress: '10.10.10.5' } });

    const attempt = sink.apply(
      changes.find((c) => c.op === 'create' && c.after.key === APP1_A) as Change,
      runContext(),
    );

    await expect(attempt).rejects.toMatchObject({
      code: 'SINK_REJECTED',
      message: expect.stringMatching(/not marked.*adopt: true/),
    });
  });

  it('reports another refusal as SINK_REJECTED with Technitium’s message', async () => {
    const fake = serve(homelabFake());
    const sink = technitiumSink();
    const [first] = (await plan(sink, ipInventory([app1()]))).changes;
    fake.failOn({ path: '/api/zones/records/add', envelopeError: 'Access was denied.' });

    const attempt = sink.apply(first as Change, runContext());

    await expect(attempt).rejects.toMatchObject({
      code: 'SINK_REJECTED',
      message: expect.stringContaining('Access was denied.'),
    });
  });

  it('adopts an unmarked record when adopt is set, stamping the mark', async () => {
    const fake = serve(homelabFake([ZONE]));
    fake.addRecord(ZONE, { name: `app1.${ZONE}`, type: 'A', rData: { ipAddress: '10.10.10.5' }, ttl: 300 });
    const sink = technitiumSink({ zones: [ZONE] }, { adopt: true });

    const result = await plan(sink, ipInventory([app1()]));
    await applyAll(sink, result.changes);

    expect(result.changes.map((c) => c.op)).toEqual(['update']);
    expect(records(fake, ZONE, 'A')).toMatchObject([{ comments: 'nbsync:homelab ipam.ipaddress/42' }]);
    expect((await plan(sink, ipInventory([app1()]))).changes).toEqual([]);
  });

  it('does not delete a CNAME that now points elsewhere', async () => {
    const fake = serve(homelabFake([ZONE]));
    const sink = technitiumSink({ zones: [ZONE] });
    const inventory = ipInventory([app1({ customFields: { dns_aliases: 'www' } })]);
    await applyAll(sink, (await plan(sink, inventory)).changes);
    const cnameDelete = (await plan(sink, ipInventory([app1()]))).changes[0] as Change;
    await fake.handle(
      formRequest('/api/zones/records/add', {
        domain: `www.${ZONE}`,
        zone: ZONE,
        type: 'CNAME',
        cname: `other.${ZONE}`,
        overwrite: 'true',
      }),
    );

    const attempt = sink.apply(cnameDelete, runContext());

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_REJECTED' });
    expect(records(fake, ZONE, 'CNAME')).toHaveLength(1);
  });

  it('creates missing zones first when createZones is set, then converges', async () => {
    const fake = serve(homelabFake([ZONE]));
    const sink = technitiumSink({ createZones: true });
    const inventory = ipInventory([app1(), ip(43, `nas.${ZONE}`, '2001:db8:10::9/64')]);

    const first = await plan(sink, inventory);
    await applyAll(sink, first.changes);
    const again = await applyAll(
      sink,
      first.changes.filter((c) => c.op === 'create' && c.after.kind === 'dns.zone'),
    );

    expect(fake.zoneNames()).toEqual(expect.arrayContaining([REV4, '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa']));
    expect(records(fake, '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa', 'PTR')).toHaveLength(1);
    expect(again).toEqual(['noop', 'noop']);
    expect((await plan(sink, inventory)).changes).toEqual([]);
  });
});

describe('technitium-dns check', () => {
  it('finds nothing wrong when the token works and every zone exists', async () => {
    serve(homelabFake());
    const sink = technitiumSink();

    const problems = await sink.check(runContext());

    expect(problems).toEqual([]);
  });

  it('reports an invalid token', async () => {
    const fake = serve(homelabFake());
    fake.expireToken(FAKE_TECHNITIUM_TOKEN);
    const sink = technitiumSink();

    const problems = await sink.check(runContext());

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/expired or invalid/);
  });

  it('reports each missing or unwritable zone', async () => {
    const fake = serve(homelabFake([ZONE]));
    fake.addZone('10.10.10.in-addr.arpa', { type: 'Secondary' });
    const sink = technitiumSink();

    const problems = await sink.check(runContext());

    expect(problems).toEqual([
      expect.stringMatching(/10\.10\.10\.in-addr\.arpa is a Secondary zone/),
      expect.stringMatching(/zone 0\.1\.0\.0\.8\.b\.d\.0\.1\.0\.0\.2\.ip6\.arpa does not exist/),
    ]);
  });
});

describe('technitium-dns configuration', () => {
  it.each([
    [{ extra: true }, /unrecognized/i],
    [{ token: 'inline-secret' }, /secret reference/],
    [{ zones: [] }, /at least one zone/],
    [{ zones: [ZONE, `${ZONE}.`] }, /listed twice/],
  ])('refuses %j', (own, message) => {
    const attempt = (): Sink => technitiumSink(own);

    expect(attempt).toThrow(message);
  });

  it('refuses a defaultZone outside the managed zones', () => {
    const attempt = (): Sink => technitiumSink({ defaultZone: 'vm.example.org' });

    expect(attempt).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('sinks.dns.defaultZone'),
      }),
    );
  });
});

function formRequest(path: string, params: Record<string, string>): Request {
  return new Request(`${TECHNITIUM_URL}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${FAKE_TECHNITIUM_TOKEN}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params),
  });
}
