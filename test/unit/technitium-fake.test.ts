import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serveFake } from '../fakes/http.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../fakes/technitium/index.js';

const BASE = 'http://technitium.test:5380';
const SAMPLES = new URL('../../../shared/specs/technitium/samples-synthetic/', import.meta.url);

interface Envelope {
  status: string;
  errorMessage?: string;
  server?: string;
  response?: Record<string, unknown>;
  [key: string]: unknown;
}

type Auth = 'bearer' | 'parameter' | 'none' | { bearer: string };

async function call(
  fake: FakeTechnitium,
  path: string,
  params: Record<string, string> = {},
  options: { method?: 'GET' | 'POST'; auth?: Auth } = {},
): Promise<Envelope> {
  const response = await send(fake, path, params, options);
  expect(response.status).toBe(200);
  return (await response.json()) as Envelope;
}

async function send(
  fake: FakeTechnitium,
  path: string,
  params: Record<string, string>,
  options: { method?: 'GET' | 'POST'; auth?: Auth } = {},
): Promise<Response> {
  const auth = options.auth ?? 'bearer';
  const headers = new Headers();
  const all = { ...params };
  if (auth === 'bearer') headers.set('authorization', `Bearer ${FAKE_TECHNITIUM_TOKEN}`);
  else if (auth === 'parameter') all.token = FAKE_TECHNITIUM_TOKEN;
  else if (typeof auth === 'object') headers.set('authorization', `Bearer ${auth.bearer}`);
  if ((options.method ?? 'POST') === 'GET') {
    return fake.handle(new Request(`${BASE}${path}?${new URLSearchParams(all)}`, { headers }));
  }
  headers.set('content-type', 'application/x-www-form-urlencoded');
  return fake.handle(
    new Request(`${BASE}${path}`, { method: 'POST', headers, body: new URLSearchParams(all) }),
  );
}

function sample(name: string): Envelope {
  return JSON.parse(readFileSync(new URL(name, SAMPLES), 'utf8')) as Envelope;
}

function withZone(): FakeTechnitium {
  const fake = new FakeTechnitium({ serverDomain: 'dns1.lab.example.net' });
  fake.addZone('lab.example.net');
  fake.addZone('30.20.10.in-addr.arpa');
  return fake;
}

const A_WEB = {
  domain: 'web-01.lab.example.net',
  zone: 'lab.example.net',
  type: 'A',
  ipAddress: '10.20.30.41',
};

describe('FakeTechnitium transport and envelope', () => {
  it('answers ok envelopes with HTTP 200 and the server name', async () => {
    const fake = withZone();

    const body = await call(fake, '/api/zones/list');

    expect(body.status).toBe('ok');
    expect(body.server).toBe('dns1.lab.example.net');
  });

  it('answers an unknown path with a bare 404', async () => {
    const fake = withZone();

    const response = await send(fake, '/api/zones/frobnicate', {});

    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  it('takes parameters from the query string of a GET as well as from a form POST', async () => {
    const fake = withZone();

    const viaGet = await call(fake, '/api/zones/create', { zone: 'a.example.net' }, { method: 'GET' });
    const viaPost = await call(fake, '/api/zones/create', { zone: 'b.example.net' });

    expect([viaGet.response, viaPost.response]).toEqual([
      { domain: 'a.example.net' },
      { domain: 'b.example.net' },
    ]);
  });

  it('ignores a JSON body', async () => {
    const fake = withZone();
    const request = new Request(`${BASE}/api/zones/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_TECHNITIUM_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ zone: 'c.example.net' }),
    });

    const body = (await (await fake.handle(request)).json()) as Envelope;

    expect(body).toMatchObject({ status: 'error', errorMessage: "Parameter 'zone' missing." });
  });

  it('accepts the token as a Bearer header or as a parameter, and logs which', async () => {
    const fake = withZone();

    const bearer = await call(fake, '/api/zones/list', {}, { auth: 'bearer' });
    const param = await call(fake, '/api/zones/list', {}, { auth: 'parameter' });

    expect([bearer.status, param.status]).toEqual(['ok', 'ok']);
    expect(fake.requests.map((r) => r.auth)).toEqual(['bearer', 'parameter']);
  });

  it('answers invalid-token for a missing, unknown or expired token', async () => {
    const fake = withZone();
    const missing = await call(fake, '/api/zones/list', {}, { auth: 'none' });
    const unknown = await call(fake, '/api/zones/list', {}, { auth: { bearer: 'f'.repeat(64) } });
    fake.expireToken(FAKE_TECHNITIUM_TOKEN);

    const expired = await call(fake, '/api/zones/records/get', { domain: 'lab.example.net' });

    const expected = sample('invalid-token.json');
    for (const body of [missing, unknown, expired]) {
      expect(body).toEqual({ ...expected, server: 'dns1.lab.example.net' });
    }
  });

  it('checks a token with session/get, fields at the top level', async () => {
    const fake = withZone();

    const body = await call(fake, '/api/user/session/get');

    expect(body).toMatchObject({ status: 'ok', username: 'nbsync', info: { version: '15.2' } });
    expect(body.response).toBeUndefined();
  });

  it('fails on request: bare HTTP status, then error envelope only for matching parameters', async () => {
    const fake = withZone();
    fake.failOn({ path: '/api/zones/list', status: 503 });
    fake.failOn({
      path: '/api/zones/records/get',
      envelopeError: 'boom',
      when: (p) => p.zone === 'lab.example.net',
    });

    const first = await send(fake, '/api/zones/list', {});
    const second = await call(fake, '/api/zones/list');
    const other = await call(fake, '/api/zones/records/get', {
      domain: '30.20.10.in-addr.arpa',
      zone: '30.20.10.in-addr.arpa',
    });
    const hit = await call(fake, '/api/zones/records/get', {
      domain: 'lab.example.net',
      zone: 'lab.example.net',
    });

    expect(first.status).toBe(503);
    expect([second.status, other.status, hit.status]).toEqual(['ok', 'ok', 'error']);
    expect(hit.errorMessage).toBe('boom');
  });
});

describe('FakeTechnitium zones', () => {
  it('lists every zone, internal ones flagged, and pages when asked', async () => {
    const fake = withZone();

    const all = await call(fake, '/api/zones/list');
    const page = await call(fake, '/api/zones/list', { pageNumber: '2', zonesPerPage: '3' });

    const zones = all.response?.zones as { name: string; internal: boolean; type: string }[];
    expect(zones.find((z) => z.name === 'lab.example.net')).toMatchObject({
      type: 'Primary',
      internal: false,
    });
    expect(zones.find((z) => z.name === 'localhost')).toMatchObject({ internal: true });
    expect(page.response).toMatchObject({
      pageNumber: 2,
      totalPages: Math.ceil(zones.length / 3),
      totalZones: zones.length,
    });
    expect((page.response?.zones as unknown[]).length).toBe(3);
  });

  it.each([
    ['10.20.30.0/24', '30.20.10.in-addr.arpa'],
    ['10.20.0.0/16', '20.10.in-addr.arpa'],
    ['10.20.16.0/20', '16.20.10.in-addr.arpa'],
    ['2001:db8:1::/48', '1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['Int.Lavaduck.NET.', 'int.lavaduck.net'],
  ])('creates %s as %s', async (input, expected) => {
    const fake = new FakeTechnitium();

    const body = await call(fake, '/api/zones/create', { zone: input });

    expect(body.response).toEqual({ domain: expected });
    expect(fake.records(expected).map((r) => r.type)).toEqual(['NS', 'SOA']);
  });

  it('answers like the reference sample for a reverse zone from a CIDR', async () => {
    const fake = new FakeTechnitium({ serverDomain: 'dns1.lab.example.net' });

    const body = await call(fake, '/api/zones/create', { zone: '10.20.30.0/24', type: 'Primary' });

    expect(body).toEqual(sample('zones-create-reverse-ok.json'));
  });

  it('refuses to create a zone twice and to delete a missing or internal zone', async () => {
    const fake = withZone();

    const twice = await call(fake, '/api/zones/create', { zone: 'lab.example.net' });
    const missing = await call(fake, '/api/zones/delete', { zone: 'nope.example.net' });
    const internal = await call(fake, '/api/zones/delete', { zone: 'localhost' });

    expect(twice.errorMessage).toBe('Zone already exists: lab.example.net');
    expect(missing.errorMessage).toBe('No such zone was found: nope.example.net');
    expect(internal.errorMessage).toBe('Access was denied to manage internal DNS Server zone.');
  });

  it('deletes a zone with its records', async () => {
    const fake = withZone();

    const body = await call(fake, '/api/zones/delete', { zone: 'lab.example.net' });

    expect(body.status).toBe('ok');
    expect(fake.zoneNames()).not.toContain('lab.example.net');
  });
});

describe('FakeTechnitium records', () => {
  it('adds a record and returns it in the shape of the reference', async () => {
    const fake = withZone();

    const body = await call(fake, '/api/zones/records/add', {
      ...A_WEB,
      ttl: '3600',
      comments: 'netbox:ipam.ipaddress:812',
    });

    const reference = sample('records-add-ok.json');
    const added = body.response?.addedRecord as Record<string, unknown>;
    const referenceRecord = reference.response?.addedRecord as Record<string, unknown>;
    expect(Object.keys(added).sort()).toEqual(Object.keys(referenceRecord).sort());
    expect({ ...added, lastModified: '' }).toEqual({ ...referenceRecord, lastModified: '' });
    expect(body.response?.zone).toMatchObject({ name: 'lab.example.net', type: 'Primary', internal: false });
  });

  it('omits comments when there are none and uses the server default TTL', async () => {
    const fake = withZone();

    const body = await call(fake, '/api/zones/records/add', A_WEB);

    const added = body.response?.addedRecord as Record<string, unknown>;
    expect(added).not.toHaveProperty('comments');
    expect(added.ttl).toBe(3600);
  });

  it('refuses an identical record with the reference message', async () => {
    const fake = withZone();
    await call(fake, '/api/zones/records/add', A_WEB);

    const again = await call(fake, '/api/zones/records/add', A_WEB);

    expect(again).toEqual(sample('records-add-exists-error.json'));
  });

  it('appends a second address to the RRset', async () => {
    const fake = withZone();
    await call(fake, '/api/zones/records/add', A_WEB);

    await call(fake, '/api/zones/records/add', { ...A_WEB, ipAddress: '10.20.30.42' });

    const addresses = fake
      .records('lab.example.net')
      .filter((r) => r.type === 'A')
      .map((r) => r.rData.ipAddress);
    expect(addresses).toEqual(['10.20.30.41', '10.20.30.42']);
  });

  it.each([
    [
      { zone: 'nope.example.net', domain: 'x.nope.example.net' },
      'No such zone was found: x.nope.example.net',
    ],
    [
      { zone: 'lab.example.net', domain: 'x.other.example.net' },
      "The domain name 'x.other.example.net' does not belong to the zone: lab.example.net",
    ],
    [{ zone: 'localhost', domain: 'x.localhost' }, 'Access was denied to manage internal DNS Server zone.'],
    [{ zone: 'lab.example.net', domain: '' }, "Parameter 'domain' missing."],
  ])('refuses an add to %j', async (where, message) => {
    const fake = withZone();

    const body = await call(fake, '/api/zones/records/add', { ...A_WEB, ...where });

    expect(body).toMatchObject({ status: 'error', errorMessage: message });
  });

  it('keeps a CNAME alone at its name', async () => {
    const fake = withZone();
    const cname = {
      domain: 'www.lab.example.net',
      zone: 'lab.example.net',
      type: 'CNAME',
      cname: 'web-01.lab.example.net',
    };
    await call(fake, '/api/zones/records/add', A_WEB);
    await call(fake, '/api/zones/records/add', cname);

    const second = await call(fake, '/api/zones/records/add', { ...cname, cname: 'web-02.lab.example.net' });
    const overwrite = await call(fake, '/api/zones/records/add', {
      ...cname,
      cname: 'web-02.lab.example.net',
      overwrite: 'true',
    });
    const aAtCname = await call(fake, '/api/zones/records/add', { ...A_WEB, domain: 'www.lab.example.net' });
    const cnameAtA = await call(fake, '/api/zones/records/add', {
      ...cname,
      domain: 'web-01.lab.example.net',
      cname: 'x.lab.example.net',
    });
    const self = await call(fake, '/api/zones/records/add', {
      ...cname,
      domain: 'self.lab.example.net',
      cname: 'self.lab.example.net',
    });

    expect(second.errorMessage).toBe(
      'Record already exists. Use overwrite option if you wish to overwrite existing record.',
    );
    expect(overwrite.status).toBe('ok');
    const exclusive =
      'Cannot add record: a CNAME record cannot exists with other record types for the same name.';
    expect([aAtCname.errorMessage, cnameAtA.errorMessage]).toEqual([exclusive, exclusive]);
    expect(self.errorMessage).toBe('CNAME domain name cannot be same as that of the record name.');
    const cnames = fake.records('lab.example.net').filter((r) => r.type === 'CNAME');
    expect(cnames.map((r) => r.rData.cname)).toEqual(['web-02.lab.example.net']);
  });

  it('with ptr=true writes the PTR in the local reverse zone, same TTL and expiry, no comments', async () => {
    const fake = withZone();

    await call(fake, '/api/zones/records/add', {
      ...A_WEB,
      ttl: '600',
      expiryTtl: '86400',
      comments: 'mine',
      ptr: 'true',
    });

    const ptrs = fake.records('30.20.10.in-addr.arpa').filter((r) => r.type === 'PTR');
    expect(ptrs).toHaveLength(1);
    expect(ptrs[0]).toMatchObject({
      name: '41.30.20.10.in-addr.arpa',
      ttl: 600,
      expiryTtl: 86400,
      comments: '',
      rData: { ptrName: 'web-01.lab.example.net' },
    });
  });

  it('with ptr=true fails without a reverse zone, or creates a /24 with createPtrZone', async () => {
    const fake = withZone();
    const other = { ...A_WEB, ipAddress: '10.99.1.7', ptr: 'true' };

    const refused = await call(fake, '/api/zones/records/add', other);
    const created = await call(fake, '/api/zones/records/add', { ...other, createPtrZone: 'true' });

    expect(refused.errorMessage).toBe('No reverse zone available to add PTR record.');
    expect(created.status).toBe('ok');
    expect(fake.records('1.99.10.in-addr.arpa').filter((r) => r.type === 'PTR')).toHaveLength(1);
  });

  it('reads records at a name, or the whole zone with listZone=true, like the reference', async () => {
    const fake = withZone();
    fake.addRecord('lab.example.net', {
      name: 'web-01.lab.example.net',
      type: 'A',
      rData: { ipAddress: '10.20.30.41' },
    });
    fake.addRecord('lab.example.net', {
      name: 'www.lab.example.net',
      type: 'CNAME',
      rData: { cname: 'web-01.lab.example.net' },
    });

    const atName = await call(fake, '/api/zones/records/get', {
      domain: 'www.lab.example.net',
      zone: 'lab.example.net',
    });
    const whole = await call(fake, '/api/zones/records/get', {
      domain: 'lab.example.net',
      zone: 'lab.example.net',
      listZone: 'true',
    });

    expect((atName.response?.records as unknown[]).length).toBe(1);
    const types = (whole.response?.records as { type: string }[]).map((r) => r.type);
    expect(types).toEqual(['NS', 'SOA', 'A', 'CNAME']);
    const reference = sample('records-get-ok.json').response?.records as Record<string, unknown>[];
    const cname = (whole.response?.records as Record<string, unknown>[])[3] as Record<string, unknown>;
    expect(Object.keys(cname).sort()).toEqual(Object.keys(reference[2] as object).sort());
  });

  it('updates by replacing: omitted ttl, comments, disable and expiryTtl fall back to defaults', async () => {
    const fake = withZone();
    fake.addRecord('lab.example.net', {
      name: 'web-01.lab.example.net',
      type: 'A',
      rData: { ipAddress: '10.20.30.41' },
      ttl: 600,
      comments: 'nbsync:homelab ipam.ipaddress/1',
      disabled: true,
      expiryTtl: 60,
    });

    const body = await call(fake, '/api/zones/records/update', { ...A_WEB, newIpAddress: '10.20.30.50' });

    expect(body.status).toBe('ok');
    const [record] = fake.records('lab.example.net').filter((r) => r.type === 'A');
    expect(record).toMatchObject({
      ttl: 3600,
      comments: '',
      disabled: false,
      expiryTtl: 0,
      rData: { ipAddress: '10.20.30.50' },
    });
  });

  it('updates every field that is sent', async () => {
    const fake = withZone();
    fake.addRecord('lab.example.net', {
      name: 'web-01.lab.example.net',
      type: 'A',
      rData: { ipAddress: '10.20.30.41' },
    });

    await call(fake, '/api/zones/records/update', {
      ...A_WEB,
      ttl: '120',
      comments: 'c',
      disable: 'true',
      expiryTtl: '30',
    });

    const [record] = fake.records('lab.example.net').filter((r) => r.type === 'A');
    expect(record).toMatchObject({ ttl: 120, comments: 'c', disabled: true, expiryTtl: 30 });
  });

  it('refuses to update a record that does not exist', async () => {
    const fake = withZone();

    const body = await call(fake, '/api/zones/records/update', A_WEB);

    expect(body.errorMessage).toBe('Cannot update record: the old record does not exists.');
  });

  it('deleting an A also deletes the PTR that points at its name, and only that one', async () => {
    const fake = withZone();
    await call(fake, '/api/zones/records/add', { ...A_WEB, ptr: 'true' });
    fake.addRecord('30.20.10.in-addr.arpa', {
      name: '42.30.20.10.in-addr.arpa',
      type: 'PTR',
      rData: { ptrName: 'web-01.lab.example.net' },
    });

    const body = await call(fake, '/api/zones/records/delete', A_WEB);

    expect(body.status).toBe('ok');
    const ptrs = fake
      .records('30.20.10.in-addr.arpa')
      .filter((r) => r.type === 'PTR')
      .map((r) => r.name);
    expect(ptrs).toEqual(['42.30.20.10.in-addr.arpa']);
  });

  it('keeps a PTR at the address that points at another name when the A goes', async () => {
    const fake = withZone();
    fake.addRecord('lab.example.net', {
      name: 'web-01.lab.example.net',
      type: 'A',
      rData: { ipAddress: '10.20.30.41' },
    });
    fake.addRecord('30.20.10.in-addr.arpa', {
      name: '41.30.20.10.in-addr.arpa',
      type: 'PTR',
      rData: { ptrName: 'other.lab.example.net' },
    });

    await call(fake, '/api/zones/records/delete', A_WEB);

    expect(fake.records('30.20.10.in-addr.arpa').filter((r) => r.type === 'PTR')).toHaveLength(1);
  });

  it('refuses to delete a missing record with the reference message', async () => {
    const fake = withZone();

    const a = await call(fake, '/api/zones/records/delete', A_WEB);
    const ptr = await call(fake, '/api/zones/records/delete', {
      domain: '41.30.20.10.in-addr.arpa',
      zone: '30.20.10.in-addr.arpa',
      type: 'PTR',
      ptrName: 'web-01.lab.example.net',
    });

    expect([a, ptr]).toEqual([
      sample('records-delete-missing-error.json'),
      sample('records-delete-missing-error.json'),
    ]);
  });

  it('deletes a CNAME and a PTR by their data', async () => {
    const fake = withZone();
    fake.addRecord('lab.example.net', {
      name: 'www.lab.example.net',
      type: 'CNAME',
      rData: { cname: 'web-01.lab.example.net' },
    });
    fake.addRecord('30.20.10.in-addr.arpa', {
      name: '41.30.20.10.in-addr.arpa',
      type: 'PTR',
      rData: { ptrName: 'web-01.lab.example.net' },
    });

    const cname = await call(fake, '/api/zones/records/delete', {
      domain: 'www.lab.example.net',
      zone: 'lab.example.net',
      type: 'CNAME',
    });
    const ptr = await call(fake, '/api/zones/records/delete', {
      domain: '41.30.20.10.in-addr.arpa',
      zone: '30.20.10.in-addr.arpa',
      type: 'PTR',
      ptrName: 'web-01.lab.example.net.',
    });

    expect([cname.status, ptr.status]).toEqual(['ok', 'ok']);
    expect(fake.records('lab.example.net').some((r) => r.type === 'CNAME')).toBe(false);
    expect(fake.records('30.20.10.in-addr.arpa').some((r) => r.type === 'PTR')).toBe(false);
  });
});

describe('FakeTechnitium DHCP', () => {
  function withScope(): FakeTechnitium {
    const fake = new FakeTechnitium({ serverDomain: 'dns1.lab.example.net' });
    fake.addScope({
      name: 'lab-servers',
      startingAddress: '10.20.30.100',
      endingAddress: '10.20.30.199',
      subnetMask: '255.255.255.0',
      interfaceAddress: '10.20.30.2',
    });
    return fake;
  }
  const RESERVATION = {
    name: 'lab-servers',
    hardwareAddress: 'bc:24:11:aa:bb:cc',
    ipAddress: '10.20.30.41',
    hostName: 'web-01',
    comments: 'nbsync:homelab',
  };

  it('lists scopes like the reference', async () => {
    const fake = withScope();

    const body = await call(fake, '/api/dhcp/scopes/list');

    expect(body).toEqual(sample('dhcp-scopes-list-ok.json'));
  });

  it('adds a reservation (MAC normalised) and refuses a second one for the same MAC', async () => {
    const fake = withScope();

    const first = await call(fake, '/api/dhcp/scopes/addReservedLease', RESERVATION);
    const again = await call(fake, '/api/dhcp/scopes/addReservedLease', {
      ...RESERVATION,
      hardwareAddress: 'BC-24-11-AA-BB-CC',
      ipAddress: '10.20.30.42',
    });
    const scope = await call(fake, '/api/dhcp/scopes/get', { name: 'lab-servers' });

    expect(first).toEqual(sample('dhcp-reserved-lease-add-ok.json'));
    expect(again).toEqual(sample('dhcp-reserved-lease-add-duplicate-error.json'));
    expect(scope.response?.reservedLeases).toEqual([
      {
        hostName: 'web-01',
        hardwareAddress: 'BC-24-11-AA-BB-CC',
        address: '10.20.30.41',
        comments: 'nbsync:homelab',
      },
    ]);
  });

  it('removes a reservation, and says when there is none', async () => {
    const fake = withScope();
    await call(fake, '/api/dhcp/scopes/addReservedLease', RESERVATION);

    const removed = await call(fake, '/api/dhcp/scopes/removeReservedLease', {
      name: 'lab-servers',
      hardwareAddress: 'BC-24-11-AA-BB-CC',
    });
    const again = await call(fake, '/api/dhcp/scopes/removeReservedLease', {
      name: 'lab-servers',
      hardwareAddress: 'BC-24-11-AA-BB-CC',
    });

    expect(removed.status).toBe('ok');
    expect(again.errorMessage).toBe('No such reserved lease was found in scope: lab-servers');
    expect(fake.scope('lab-servers')?.reservedLeases).toEqual([]);
  });

  it.each([
    ['/api/dhcp/scopes/get', 'DHCP scope was not found: nope'],
    ['/api/dhcp/scopes/addReservedLease', 'No such scope exists: nope'],
    ['/api/dhcp/scopes/removeReservedLease', 'No such scope exists: nope'],
    ['/api/dhcp/leases/remove', 'DHCP scope does not exists: nope'],
  ])('%s names the missing scope', async (path, message) => {
    const fake = withScope();

    const body = await call(fake, path, { ...RESERVATION, name: 'nope' });

    expect(body.errorMessage).toBe(message);
  });

  it('lists dynamic and reserved leases like the reference', async () => {
    const fake = withScope();
    fake.addLease({
      scope: 'lab-servers',
      type: 'Reserved',
      hardwareAddress: 'bc:24:11:aa:bb:cc',
      address: '10.20.30.41',
      hostName: 'web-01.lab.example.net',
      leaseObtained: '2026-08-20T08:05:00Z',
      leaseExpires: '2026-08-27T08:05:00Z',
    });

    const body = await call(fake, '/api/dhcp/leases/list');

    expect(body).toEqual(sample('dhcp-leases-list-ok.json'));
  });

  it('freeing a reserved-type lease also drops the matching reservation; a dynamic one does not', async () => {
    const fake = withScope();
    await call(fake, '/api/dhcp/scopes/addReservedLease', RESERVATION);
    fake.addLease({
      scope: 'lab-servers',
      type: 'Reserved',
      hardwareAddress: 'bc:24:11:aa:bb:cc',
      address: '10.20.30.41',
    });
    fake.addLease({ scope: 'lab-servers', hardwareAddress: 'bc:24:11:00:00:01', address: '10.20.30.150' });

    const dynamic = await call(fake, '/api/dhcp/leases/remove', {
      name: 'lab-servers',
      hardwareAddress: 'bc:24:11:00:00:01',
    });
    const reservedBefore = fake.scope('lab-servers')?.reservedLeases.length;
    const reserved = await call(fake, '/api/dhcp/leases/remove', {
      name: 'lab-servers',
      hardwareAddress: 'BC-24-11-AA-BB-CC',
    });
    const missing = await call(fake, '/api/dhcp/leases/remove', {
      name: 'lab-servers',
      hardwareAddress: 'BC-24-11-AA-BB-CC',
    });

    expect([dynamic.status, reserved.status]).toEqual(['ok', 'ok']);
    expect(reservedBefore).toBe(1);
    expect(fake.scope('lab-servers')?.reservedLeases).toEqual([]);
    expect(fake.leases()).toEqual([]);
    expect(missing.errorMessage).toBe('No lease was found for hardware address: BC-24-11-AA-BB-CC');
  });
});

describe('FakeTechnitium over real HTTP', () => {
  it('serves the same API on a loopback port', async () => {
    const fake = withZone();
    const served = await serveFake(fake);

    try {
      const response = await fetch(`${served.url}/api/zones/records/add`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${FAKE_TECHNITIUM_TOKEN}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(A_WEB),
      });
      const body = (await response.json()) as Envelope;

      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(body.status).toBe('ok');
      expect(fake.records('lab.example.net').filter((r) => r.type === 'A')).toHaveLength(1);
    } finally {
      await served.close();
    }
  });
});
