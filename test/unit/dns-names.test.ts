import { describe, expect, it } from 'vitest';
import {
  addressFamily,
  addressWithoutPrefix,
  expandAlias,
  findZone,
  isInZone,
  isReverseName,
  isValidDnsName,
  normalizeName,
  parseAliasList,
  reverseName,
  reverseZoneForNetwork,
} from '../../src/lib/dns-names.js';

describe('normalizeName', () => {
  it.each([
    ['App1.Int.Lavaduck.NET.', 'app1.int.lavaduck.net'],
    ['  app1.int.lavaduck.net ', 'app1.int.lavaduck.net'],
    ['app1', 'app1'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    const result = normalizeName(input);

    expect(result).toBe(expected);
  });
});

describe('isValidDnsName', () => {
  it.each([
    ['app1.int.lavaduck.net', true],
    ['_acme-challenge.int.lavaduck.net', true],
    ['k3s-master-01', true],
    ['-bad.example.net', false],
    ['bad-.example.net', false],
    ['two..dots', false],
    ['with space.example.net', false],
    ['', false],
    [`${'a'.repeat(64)}.example.net`, false],
  ])('%j → %s', (name, expected) => {
    const result = isValidDnsName(name);

    expect(result).toBe(expected);
  });
});

describe('addressWithoutPrefix', () => {
  it.each([
    ['10.10.20.5/24', '10.10.20.5'],
    ['10.10.20.5', '10.10.20.5'],
    ['2001:DB8:0:0::5/64', '2001:db8::5'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1'],
  ])('%j → %j', (input, expected) => {
    const result = addressWithoutPrefix(input);

    expect(result).toBe(expected);
  });

  it('throws on something that is not an address', () => {
    const act = (): string => addressWithoutPrefix('app1/24');

    expect(act).toThrow();
  });
});

describe('addressFamily', () => {
  it.each([
    ['10.0.0.1', 4],
    ['2001:db8::1', 6],
  ])('%j → %d', (address, expected) => {
    const result = addressFamily(address);

    expect(result).toBe(expected);
  });
});

describe('reverseName', () => {
  it.each([
    ['10.10.20.5', '5.20.10.10.in-addr.arpa'],
    ['10.10.20.5/24', '5.20.10.10.in-addr.arpa'],
    ['192.168.0.10', '10.0.168.192.in-addr.arpa'],
    ['2001:db8::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['2001:db8:1:2::abcd/64', 'd.c.b.a.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
  ])('%s → %s', (address, expected) => {
    const result = reverseName(address);

    expect(result).toBe(expected);
  });
});

describe('reverseZoneForNetwork', () => {
  it.each([
    ['10.10.10.0/24', '10.10.10.in-addr.arpa'],
    ['10.20.0.0/16', '20.10.in-addr.arpa'],
    ['10.0.0.0/8', '10.in-addr.arpa'],
    ['10.20.16.0/20', '16.20.10.in-addr.arpa'],
    ['10.20.30.41', '41.30.20.10.in-addr.arpa'],
    ['2001:db8::/32', '8.b.d.0.1.0.0.2.ip6.arpa'],
    ['2001:db8:1::/48', '1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['2001:db8:1:2::/64', '2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['2001:db8:1:20::/60', '2.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
  ])('%s → %s', (cidr, expected) => {
    const result = reverseZoneForNetwork(cidr);

    expect(result).toBe(expected);
  });

  it('rejects a prefix length out of range', () => {
    const act = (): string => reverseZoneForNetwork('10.0.0.0/33');

    expect(act).toThrow(RangeError);
  });

  it('gives a zone that contains the reverse names of its addresses', () => {
    const zone = reverseZoneForNetwork('2001:db8:1:2::/64');

    const inside = isInZone(reverseName('2001:db8:1:2::99'), zone);
    const outside = isInZone(reverseName('2001:db8:1:3::99'), zone);

    expect([inside, outside]).toEqual([true, false]);
  });
});

describe('findZone (longest suffix)', () => {
  const zones = [
    'lavaduck.net',
    'int.lavaduck.net',
    'lab.int.lavaduck.net',
    '10.10.10.in-addr.arpa',
    '10.10.in-addr.arpa',
    '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
  ];

  it.each([
    ['app1.int.lavaduck.net', 'int.lavaduck.net'],
    ['int.lavaduck.net', 'int.lavaduck.net'],
    ['k3s.lab.int.lavaduck.net', 'lab.int.lavaduck.net'],
    ['www.lavaduck.net', 'lavaduck.net'],
    ['app1.notint.lavaduck.net', 'lavaduck.net'],
    ['app1.example.org', null],
    ['xlavaduck.net', null],
    ['5.10.10.10.in-addr.arpa', '10.10.10.in-addr.arpa'],
    ['5.20.10.10.in-addr.arpa', '10.10.in-addr.arpa'],
    ['5.20.10.11.in-addr.arpa', null],
    [reverseName('2001:db8:10::5'), '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    [reverseName('2001:db8:11::5'), null],
  ])('%s → %s', (name, expected) => {
    const result = findZone(name, zones);

    expect(result).toBe(expected);
  });

  it('does not depend on the order of the zones', () => {
    const reversed = [...zones].reverse();

    const result = findZone('k3s.lab.int.lavaduck.net', reversed);

    expect(result).toBe('lab.int.lavaduck.net');
  });
});

describe('isReverseName', () => {
  it.each([
    ['10.10.10.in-addr.arpa', true],
    ['8.b.d.0.1.0.0.2.ip6.arpa', true],
    ['in-addr.arpa.example.net', false],
    ['int.lavaduck.net', false],
  ])('%s → %s', (name, expected) => {
    const result = isReverseName(name);

    expect(result).toBe(expected);
  });
});

describe('alias expansion', () => {
  it.each([
    ['www', 'int.lavaduck.net', 'www.int.lavaduck.net'],
    ['WWW', 'int.lavaduck.net', 'www.int.lavaduck.net'],
    ['grafana.apps.int.lavaduck.net', 'int.lavaduck.net', 'grafana.apps.int.lavaduck.net'],
    ['grafana.apps.int.lavaduck.net.', 'int.lavaduck.net', 'grafana.apps.int.lavaduck.net'],
    ['www.example.org', 'int.lavaduck.net', 'www.example.org'],
    ['host.', 'int.lavaduck.net', 'host'],
    ['  ', 'int.lavaduck.net', ''],
  ])('%j in %s → %j', (alias, zone, expected) => {
    const result = expandAlias(alias, zone);

    expect(result).toBe(expected);
  });

  it.each([
    ['www, grafana', ['www.int.lavaduck.net', 'grafana.int.lavaduck.net']],
    ['www,,www , api.int.lavaduck.net.', ['www.int.lavaduck.net', 'api.int.lavaduck.net']],
    ['www grafana', ['www.int.lavaduck.net', 'grafana.int.lavaduck.net']],
    ['', []],
  ])('list %j', (value, expected) => {
    const result = parseAliasList(value, 'int.lavaduck.net');

    expect(result).toEqual(expected);
  });
});
