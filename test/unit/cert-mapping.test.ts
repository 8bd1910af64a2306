import { describe, expect, it } from 'vitest';
import type { Device } from '../../src/model/inventory.js';
import { certificateRequests } from '../../src/sinks/cert-common/mapping.js';
import { certInventory, certIp, certVm } from '../fakes/step-ca/harness.js';

const device = (id: number, name: string, primaryIp4Id: number, tags = ['tls']): Device => ({
  ...certVm(id, name, primaryIp4Id, { tags }),
  deviceType: 'switch',
  clusterId: null,
});

describe('certificate mapping', () => {
  it('maps a tagged VM: CN from the primary IPv4 name, SANs = names, aliases and addresses', () => {
    const inventory = certInventory(
      [certVm(7, 'app1', 42, { primaryIp6Id: 43 })],
      [
        certIp(42, 'App1.Int.Lavaduck.NET.', '10.10.20.5/24', {
          customFields: { dns_aliases: 'www, api.example.org' },
        }),
        certIp(43, 'app1-v6.int.lavaduck.net', '2001:db8::5/64'),
      ],
    );

    const desired = certificateRequests(inventory, { tag: 'tls' });

    expect(desired.resources).toEqual([
      {
        kind: 'cert.certificate',
        key: 'app1.int.lavaduck.net',
        spec: {
          sans: [
            'api.example.org',
            'app1-v6.int.lavaduck.net',
            'app1.int.lavaduck.net',
            'www.int.lavaduck.net',
            '10.10.20.5',
            '2001:db8::5',
          ],
          renewDue: false,
        },
        meta: { source: 'virtualization.virtualmachine/7' },
      },
    ]);
  });

  it('maps tagged devices and tagged IP addresses, and ignores untagged objects', () => {
    const inventory = {
      ...certInventory(
        [certVm(1, 'plain', 10, { tags: [] })],
        [
          certIp(10, 'plain.int.lavaduck.net', '10.0.0.10/24'),
          certIp(11, 'sw1.int.lavaduck.net', '10.0.0.11/24'),
          certIp(12, 'printer.int.lavaduck.net', '10.0.0.12/24', { tags: ['tls'] }),
        ],
      ),
      devices: [device(3, 'sw1', 11)],
    };

    const desired = certificateRequests(inventory, { tag: 'tls' });

    expect(desired.resources.map((r) => [r.key, r.meta.source])).toEqual([
      ['printer.int.lavaduck.net', 'ipam.ipaddress/12'],
      ['sw1.int.lavaduck.net', 'dcim.device/3'],
    ]);
  });

  it('uses the configured tag', () => {
    const inventory = certInventory(
      [certVm(1, 'a', 1, { tags: ['https'] })],
      [certIp(1, 'a.int.lavaduck.net', '10.0.0.1/24')],
    );

    expect(certificateRequests(inventory, { tag: 'tls' }).resources).toEqual([]);
    expect(certificateRequests(inventory, { tag: 'https' }).resources.map((r) => r.key)).toEqual([
      'a.int.lavaduck.net',
    ]);
  });

  it.each([
    ['no DNS name', [certIp(1, '', '10.0.0.1/24')], 'tagged for a certificate but has no DNS name'],
    [
      'no counting primary IP',
      [certIp(1, 'a.int.lavaduck.net', '10.0.0.1/24', { status: 'deprecated' })],
      'tagged for a certificate but has no counting primary IP',
    ],
    [
      'an invalid name',
      [certIp(1, 'bad name.int.lavaduck.net', '10.0.0.1/24')],
      'DNS name bad name.int.lavaduck.net is not a valid host name',
    ],
  ])('skips a tagged VM with %s and says why', (_name, ips, reason) => {
    const desired = certificateRequests(certInventory([certVm(1, 'a', 1)], ips), { tag: 'tls' });

    expect(desired.resources).toEqual([]);
    expect(desired.skipped).toEqual([{ source: 'virtualization.virtualmachine/1', reason }]);
  });

  it('skips a second object asking for the same certificate; the VM wins over its tagged IP', () => {
    const inventory = certInventory(
      [certVm(1, 'a', 1)],
      [certIp(1, 'a.int.lavaduck.net', '10.0.0.1/24', { tags: ['tls'] })],
    );

    const desired = certificateRequests(inventory, { tag: 'tls' });

    expect(desired.resources.map((r) => r.meta.source)).toEqual(['virtualization.virtualmachine/1']);
    expect(desired.skipped).toEqual([
      {
        source: 'ipam.ipaddress/1',
        reason: 'certificate a.int.lavaduck.net is already requested by virtualization.virtualmachine/1',
      },
    ]);
  });

  it('leaves the addresses out when asked (ACME with dns-01)', () => {
    const inventory = certInventory([certVm(1, 'a', 1)], [certIp(1, 'a.int.lavaduck.net', '10.0.0.1/24')]);

    const desired = certificateRequests(inventory, { tag: 'tls', includeIps: false });

    expect(desired.resources[0]?.spec.sans).toEqual(['a.int.lavaduck.net']);
  });

  it('is pure: same inventory, same result', () => {
    const inventory = certInventory(
      [certVm(2, 'b', 2), certVm(1, 'a', 1)],
      [certIp(1, 'a.int.lavaduck.net', '10.0.0.1/24'), certIp(2, 'b.int.lavaduck.net', '10.0.0.2/24')],
    );

    const first = certificateRequests(inventory, { tag: 'tls' });
    const second = certificateRequests(inventory, { tag: 'tls' });

    expect(second).toEqual(first);
    expect(first.resources.map((r) => r.key)).toEqual(['a.int.lavaduck.net', 'b.int.lavaduck.net']);
  });
});
