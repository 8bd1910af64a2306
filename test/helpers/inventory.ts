import { emptyInventory, type Inventory, type IpAddress } from '../../src/model/inventory.js';

/** An IP address with defaults; override what the test is about. */
export function ip(
  id: number,
  dnsName: string,
  address: string,
  overrides: Partial<IpAddress> = {},
): IpAddress {
  return {
    id,
    address,
    family: address.includes(':') ? 6 : 4,
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

/** An inventory holding only IP addresses. */
export function ipInventory(ips: IpAddress[]): Inventory {
  return { ...emptyInventory({ url: 'http://netbox.test', version: '4.6.8' }), ipAddresses: ips };
}

/** `n` IPs `host-<i>.int.lavaduck.net` on 10.10.<i/250>.<i%250+1>. */
export function manyIps(n: number, start = 1): IpAddress[] {
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    return ip(i, `host-${i}.int.lavaduck.net`, `10.10.${Math.floor(i / 250)}.${(i % 250) + 1}/24`);
  });
}
