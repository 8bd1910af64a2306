import { describe, expect, it } from 'vitest';
import { FakeKea } from '../fakes/kea/index.js';

const URL = 'http://kea.test:8000/';

async function send(fake: FakeKea, body: unknown, headers: Record<string, string> = {}) {
  const response = await fake.handle(
    new Request(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: (await response.json()) as unknown };
}

const lan = (reservations: unknown[]) => ({
  Dhcp4: { subnet4: [{ id: 1, subnet: '10.10.20.0/24', reservations }] },
});

describe('FakeKea (Kea Control Agent + kea-dhcp4 2.2)', () => {
  it('answers a list with one result per service, HTTP 200 even on failure', async () => {
    const fake = new FakeKea();

    const ok = await send(fake, { command: 'config-get', service: ['dhcp4'] });
    const unsupported = await send(fake, { command: 'reservation-add', service: ['dhcp4'] });

    expect(ok.status).toBe(200);
    expect(ok.body).toEqual([{ result: 0, arguments: { Dhcp4: expect.any(Object) } }]);
    expect(unsupported).toEqual({
      status: 200,
      body: [{ result: 2, text: "'reservation-add' command not supported." }],
    });
  });

  it.each([
    [
      'a duplicate hw-address',
      [
        { 'hw-address': 'aa:bb:cc:dd:ee:01', 'ip-address': '10.10.20.5' },
        { 'hw-address': 'AA:BB:CC:DD:EE:01', 'ip-address': '10.10.20.6' },
      ],
      'as this host has already been added',
    ],
    [
      'a duplicate address',
      [
        { 'hw-address': 'aa:bb:cc:dd:ee:01', 'ip-address': '10.10.20.5' },
        { 'hw-address': 'aa:bb:cc:dd:ee:02', 'ip-address': '10.10.20.5' },
      ],
      "There's already a reservation for this address",
    ],
    [
      'an address outside the subnet',
      [{ 'hw-address': 'aa:bb:cc:dd:ee:01', 'ip-address': '10.10.30.5' }],
      "is not within the IPv4 subnet '10.10.20.0/24'",
    ],
    [
      'two identifiers',
      [{ 'hw-address': 'aa:bb:cc:dd:ee:01', 'client-id': '01:02', 'ip-address': '10.10.20.5' }],
      'exactly one identifier',
    ],
  ])('config-test refuses %s with result 1', async (_what, reservations, text) => {
    const fake = new FakeKea();

    const answer = await send(fake, {
      command: 'config-test',
      service: ['dhcp4'],
      arguments: lan(reservations),
    });

    expect(answer.body).toEqual([{ result: 1, text: expect.stringContaining(text) }]);
  });

  it('config-set echoes reservations the way Kea does (lower-case MAC, defaults); config-write saves', async () => {
    const fake = new FakeKea();

    await send(fake, {
      command: 'config-set',
      service: ['dhcp4'],
      arguments: lan([{ 'hw-address': 'AA:BB:CC:DD:EE:01', 'ip-address': '10.10.20.5' }]),
    });
    const before = structuredClone(fake.saved);
    await send(fake, { command: 'config-write', service: ['dhcp4'], arguments: {} });

    expect(fake.reservations('10.10.20.0/24')).toEqual([
      {
        'hw-address': 'aa:bb:cc:dd:ee:01',
        'ip-address': '10.10.20.5',
        'boot-file-name': '',
        'client-classes': [],
        hostname: '',
        'next-server': '0.0.0.0',
        'option-data': [],
        'server-hostname': '',
      },
    ]);
    expect(before).not.toEqual(fake.dhcp4);
    expect(fake.saved).toEqual(fake.dhcp4);
  });

  it('answers lease4-get with result 3 when there is no lease, and offers no lease commands without lease_cmds', async () => {
    const withHook = new FakeKea();
    const without = new FakeKea({ leaseCmds: false });

    const empty = await send(withHook, {
      command: 'lease4-get',
      service: ['dhcp4'],
      arguments: { 'ip-address': '10.10.20.5' },
    });
    const missing = await send(without, {
      command: 'lease4-get',
      service: ['dhcp4'],
      arguments: { 'ip-address': '10.10.20.5' },
    });

    expect(empty.body).toEqual([{ result: 3, text: 'Lease not found.' }]);
    expect(missing.body).toEqual([{ result: 2, text: "'lease4-get' command not supported." }]);
  });

  it('needs basic auth when configured (401), and a command body (400)', async () => {
    const fake = new FakeKea({ auth: { username: 'u', password: 'p' } });
    const header = { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` };

    const refused = await send(fake, { command: 'list-commands', service: ['dhcp4'] });
    const allowed = await send(fake, { command: 'list-commands', service: ['dhcp4'] }, header);
    const malformed = await send(fake, { nothing: true }, header);

    expect(refused.status).toBe(401);
    expect(allowed.status).toBe(200);
    expect(malformed.status).toBe(400);
  });

  it('lets the agent itself answer a command without service, and reports an offline daemon', async () => {
    const fake = new FakeKea();
    fake.serverDown = true;

    const agent = await send(fake, { command: 'config-get' });
    const offline = await send(fake, { command: 'config-get', service: ['dhcp4'] });

    expect(agent.body).toEqual({ result: 0, arguments: { 'Control-agent': expect.any(Object) } });
    expect(offline.body).toEqual([{ result: 1, text: expect.stringContaining('likely to be offline') }]);
  });
});
