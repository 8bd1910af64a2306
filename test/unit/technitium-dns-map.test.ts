import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import {
  emptyInventory,
  type Device,
  type HostCommon,
  type Inventory,
  type IpAddress,
  type VirtualMachine,
} from '../../src/model/inventory.js';
import type { Desired } from '../../src/model/resource.js';
import {
  desiredRecords,
  type MapOptions,
  observedRecord,
  parseRecordKey,
  recordKey,
} from '../../src/sinks/technitium-dns/map.js';

const ZONE = 'int.lavaduck.net';
const REV4 = '10.10.10.in-addr.arpa';
const REV6 = '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa';
const OPTIONS: MapOptions = {
  zones: ['lavaduck.net', ZONE, REV4, REV6],
  ttl: 300,
  statuses: ['active', 'dhcp', 'slaac'],
  createZones: false,
};

function address(id: number, dnsName: string, cidr: string, overrides: Partial<IpAddress> = {}): IpAddress {
  return {
    id,
    address: cidr,
    family: cidr.includes(':') ? 6 : 4,
    vrfId: null,
    status: 'active',
    role: null,
    dnsName,
    assigned: null,
    tenant: null,
    description: '',
    tags: [],
    customFields: {},
    ...overrides,
  };
}

function host(
  id: number,
  name: string,
  primaryIp4Id: number | null,
  primaryIp6Id: number | null = null,
): HostCommon {
  return {
    id,
    name,
    status: 'active',
    site: null,
    tenant: null,
    role: null,
    platform: null,
    primaryIp4Id,
    primaryIp6Id,
    description: '',
    tags: [],
    customFields: {},
  };
}

function vm(id: number, name: string, ip4: number | null, ip6: number | null = null): VirtualMachine {
  return { ...host(id, name, ip4, ip6), clusterId: 1, vcpus: 2, memoryMb: 2048, diskMb: 20480 };
}

function device(id: number, name: string, ip4: number | null): Device {
  return { ...host(id, name, ip4), deviceType: 'generic', clusterId: null };
}

function inventory(parts: Partial<Inventory>): Inventory {
  return { ...emptyInventory({ url: 'http://netbox.test', version: '4.6.8' }), ...parts };
}

function summary(desired: Desired): Record<string, [number, string]> {
  return Object.fromEntries(
    desired.resources.map((r) => [r.key, [r.spec.ttl as number, r.meta.source ?? '']]),
  );
}

describe('technitium-dns desired records', () => {
  it('maps an IPv4 address to an A in the longest-suffix zone and a PTR in its reverse zone', () => {
    const inv = inventory({ ipAddresses: [address(42, 'App1.Int.Lavaduck.net.', '10.10.10.5/24')] });

    const desired = desiredRecords(inv, OPTIONS);

    expect(summary(desired)).toEqual({
      [`${REV4}/5.10.10.10.in-addr.arpa/PTR/app1.${ZONE}`]: [300, 'ipam.ipaddress/42'],
      [`${ZONE}/app1.${ZONE}/A/10.10.10.5`]: [300, 'ipam.ipaddress/42'],
    });
    expect(desired.skipped).toEqual([]);
  });

  it('maps an IPv6 address to an AAAA and a nibble PTR, canonical address text', () => {
    const inv = inventory({ ipAddresses: [address(7, `nas.${ZONE}`, '2001:DB8:10:0::9/64')] });

    const desired = desiredRecords(inv, OPTIONS);

    const ptr = `9.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.${REV6}`;
    expect(Object.keys(summary(desired))).toEqual([
      `${REV6}/${ptr}/PTR/nas.${ZONE}`,
      `${ZONE}/nas.${ZONE}/AAAA/2001:db8:10::9`,
    ]);
  });

  it('writes no PTR when no managed reverse zone holds the address', () => {
    const inv = inventory({ ipAddresses: [address(1, `db.${ZONE}`, '10.20.0.5/24')] });

    const desired = desiredRecords(inv, OPTIONS);

    expect(Object.keys(summary(desired))).toEqual([`${ZONE}/db.${ZONE}/A/10.20.0.5`]);
  });

  it.each([
    ['active', 1],
    ['dhcp', 1],
    ['slaac', 1],
    ['reserved', 0],
    ['deprecated', 0],
  ])('status %s counts: %d record(s)', (status, count) => {
    const inv = inventory({ ipAddresses: [address(1, `db.${ZONE}`, '10.20.0.5/24', { status })] });

    const desired = desiredRecords(inv, OPTIONS);

    expect(desired.resources).toHaveLength(count);
  });

  it('skips names in no managed zone as out of scope, and invalid names', () => {
    const inv = inventory({
      ipAddresses: [
        address(3, 'app.example.org', '10.10.10.3/24'),
        address(4, 'bad_name!.int.lavaduck.net', '10.10.10.4/24'),
      ],
    });

    const desired = desiredRecords(inv, OPTIONS);

    expect(desired.resources).toEqual([]);
    expect(desired.skipped).toEqual([
      { source: 'ipam.ipaddress/3', reason: expect.stringMatching(/^out of scope/) },
      { source: 'ipam.ipaddress/4', reason: expect.stringContaining('not a valid DNS name') },
    ]);
  });

  it('puts a name under lavaduck.net (not int.) into the shorter zone', () => {
    const inv = inventory({ ipAddresses: [address(5, 'www.lavaduck.net', '10.30.0.1/24')] });

    const desired = desiredRecords(inv, OPTIONS);

    expect(Object.keys(summary(desired))).toEqual(['lavaduck.net/www.lavaduck.net/A/10.30.0.1']);
  });

  it.each([
    [900, 900],
    ['600', 600],
    [null, 300],
    ['', 300],
  ])('takes the TTL from dns_ttl %j → %d', (value, ttl) => {
    const inv = inventory({
      ipAddresses: [address(1, `db.${ZONE}`, '10.20.0.5/24', { customFields: { dns_ttl: value } })],
    });

    const desired = desiredRecords(inv, OPTIONS);

    expect(desired.resources[0]?.spec).toEqual({ ttl });
  });

  it('skips an IP whose dns_ttl is not a whole number of seconds', () => {
    const inv = inventory({
      ipAddresses: [address(1, `db.${ZONE}`, '10.20.0.5/24', { customFields: { dns_ttl: '5m' } })],
    });

    const desired = desiredRecords(inv, OPTIONS);

    expect(desired.resources).toEqual([]);
    expect(desired.skipped[0]?.reason).toContain('dns_ttl');
  });

  it('makes CNAMEs from dns_aliases: bare labels in the name’s zone, full names where they belong', () => {
    const aliases = 'www, grafana.lavaduck.net, api.example.org';
    const inv = inventory({
      ipAddresses: [
        address(42, `app1.${ZONE}`, '10.40.0.5/24', { customFields: { dns_aliases: aliases, dns_ttl: 60 } }),
      ],
    });

    const desired = desiredRecords(inv, OPTIONS);

    expect(summary(desired)).toEqual({
      [`${ZONE}/app1.${ZONE}/A/10.40.0.5`]: [60, 'ipam.ipaddress/42'],
      [`${ZONE}/www.${ZONE}/CNAME/app1.${ZONE}`]: [60, 'ipam.ipaddress/42'],
      [`lavaduck.net/grafana.lavaduck.net/CNAME/app1.${ZONE}`]: [60, 'ipam.ipaddress/42'],
    });
    expect(desired.skipped).toEqual([
      {
        source: 'ipam.ipaddress/42',
        reason: expect.stringMatching(/^out of scope: alias api\.example\.org/),
      },
    ]);
  });

  it('reports an alias claimed for two different names as a conflict instead of choosing', () => {
    const inv = inventory({
      ipAddresses: [
        address(1, `blue.${ZONE}`, '10.40.0.1/24', { customFields: { dns_aliases: 'app' } }),
        address(2, `green.${ZONE}`, '10.40.0.2/24', { customFields: { dns_aliases: 'app' } }),
      ],
    });

    const desired = desiredRecords(inv, OPTIONS);

    expect(desired.resources.some((r) => r.key.includes('/CNAME/'))).toBe(false);
    expect(desired.skipped.map((s) => s.source)).toEqual(['ipam.ipaddress/1', 'ipam.ipaddress/2']);
    expect(desired.skipped[0]?.reason).toMatch(/^conflict: alias app\.int\.lavaduck\.net/);
  });

  it('reports an alias that is also an address name as a conflict (a CNAME must be alone)', () => {
    const inv = inventory({
      ipAddresses: [
        address(1, `blue.${ZONE}`, '10.40.0.1/24', { customFields: { dns_aliases: 'green' } }),
        address(2, `green.${ZONE}`, '10.40.0.2/24'),
      ],
    });

    const desired = desiredRecords(inv, OPTIONS);

    expect(desired.resources.some((r) => r.key.includes('/CNAME/'))).toBe(false);
    expect(desired.skipped).toEqual([
      { source: 'ipam.ipaddress/1', reason: expect.stringMatching(/^conflict/) },
    ]);
  });

  it('merges the same name and address from two IPs, the lowest id being the source', () => {
    const inv = inventory({
      ipAddresses: [
        address(9, `vip.${ZONE}`, '10.10.10.9/24', { customFields: { dns_ttl: 30, dns_aliases: 'api' } }),
        address(8, `vip.${ZONE}`, '10.10.10.9/32', { customFields: { dns_aliases: 'api' } }),
      ],
    });

    const desired = desiredRecords(inv, OPTIONS);

    expect(Object.values(summary(desired))).toEqual([
      [300, 'ipam.ipaddress/8'],
      [300, 'ipam.ipaddress/8'],
      [300, 'ipam.ipaddress/8'],
    ]);
    expect(desired.skipped).toEqual([]);
  });

  it('is deterministic whatever the order of the inventory', () => {
    const ips = [address(2, `b.${ZONE}`, '10.10.10.2/24'), address(1, `a.${ZONE}`, '10.10.10.1/24')];

    const one = desiredRecords(inventory({ ipAddresses: ips }), OPTIONS);
    const two = desiredRecords(inventory({ ipAddresses: [...ips].reverse() }), OPTIONS);

    expect(one).toEqual(two);
    expect(one.resources.map((r) => r.key)).toEqual([...one.resources.map((r) => r.key)].sort());
  });

  it('names the primary IPs of VMs and devices without dns_name after them with defaultZone', () => {
    const inv = inventory({
      ipAddresses: [
        address(1, '', '10.10.10.11/24'),
        address(2, '', '2001:db8:10::11/64'),
        address(3, `custom.${ZONE}`, '10.10.10.12/24'),
        address(4, '', '10.10.10.13/24'),
        address(5, '', '10.10.10.14/24'),
        address(6, '', '10.10.10.15/24'),
      ],
      virtualMachines: [vm(1, 'K3S-Master-01', 1, 2), vm(2, 'gitea', 3), vm(3, 'pbs.vm.int.lavaduck.net', 6)],
      devices: [device(1, 'pve1', 5), device(2, '', 4)],
    });

    const desired = desiredRecords(inv, { ...OPTIONS, defaultZone: `vm.${ZONE}` });

    const names = desired.resources
      .filter((r) => /\/(A|AAAA)\//.test(r.key))
      .map((r) => parseRecordKey(r.key)?.name);
    expect(names).toEqual([
      `custom.${ZONE}`,
      `k3s-master-01.vm.${ZONE}`,
      `k3s-master-01.vm.${ZONE}`,
      `pbs.vm.${ZONE}`,
      `pve1.vm.${ZONE}`,
    ]);
  });

  it('with createZones also desires every managed zone', () => {
    const desired = desiredRecords(inventory({}), { ...OPTIONS, createZones: true });

    expect(desired.resources.map((r) => `${r.kind} ${r.key}`)).toEqual([
      `dns.zone ${REV6}`,
      `dns.zone ${REV4}`,
      `dns.zone ${ZONE}`,
      'dns.zone lavaduck.net',
    ]);
  });
});

describe('technitium-dns record keys', () => {
  it.each([
    `${ZONE}/app1.${ZONE}/A/10.10.10.5`,
    `${ZONE}/nas.${ZONE}/AAAA/2001:db8::9`,
    `${ZONE}/www.${ZONE}/CNAME/app1.${ZONE}`,
    `${REV4}/5.10.10.10.in-addr.arpa/PTR/app1.${ZONE}`,
  ])('round-trips %s', (key) => {
    const parsed = parseRecordKey(key);

    expect(parsed && recordKey(parsed)).toBe(key);
  });

  it.each(['a/b/c', `${ZONE}/x/TXT/v`, `${ZONE}//A/10.0.0.1`, 'a/b/A/c/d'])('rejects %s', (key) => {
    const parsed = parseRecordKey(key);

    expect(parsed).toBeNull();
  });
});

describe('technitium-dns observed records (fixture of a records/get answer)', () => {
  const fixture = JSON.parse(
    readFileSync(
      new URL('../fixtures/technitium/records-get-int-lavaduck-net.json', import.meta.url),
      'utf8',
    ),
  ) as { response: { records: Parameters<typeof observedRecord>[1][] } };

  it('keeps the four managed types with keys, TTLs and owner marks', () => {
    const resources = fixture.response.records.map((r) => observedRecord(ZONE, r)).filter((r) => r !== null);

    expect(resources.map((r) => [r.key, r.spec, r.meta.owner])).toEqual([
      [`${ZONE}/app1.${ZONE}/A/10.10.20.5`, { ttl: 300 }, { instance: 'homelab', ref: 'ipam.ipaddress/42' }],
      [
        `${ZONE}/app1.${ZONE}/AAAA/2001:db8:20::5`,
        { ttl: 300 },
        { instance: 'homelab', ref: 'ipam.ipaddress/43' },
      ],
      [`${ZONE}/printer.${ZONE}/A/10.10.20.80`, { ttl: 3600 }, null],
      [`${ZONE}/git.${ZONE}/CNAME/app1.${ZONE}`, { ttl: 300 }, { instance: 'lab2', ref: 'ipam.ipaddress/9' }],
      [`${ZONE}/ptr-in-forward.${ZONE}/PTR/app1.${ZONE}`, { ttl: 3600 }, null],
    ]);
  });

  it('fails closed on a managed record whose data it cannot read', () => {
    const broken = { name: `x.${ZONE}`, type: 'A', ttl: 300, rData: { ipAddress: 'not-an-ip' } };

    const act = (): unknown => observedRecord(ZONE, broken);

    expect(act).toThrow(SyncError);
  });
});
