import ipaddr from 'ipaddr.js';
import type { IpAddress, Prefix } from '../../model/inventory.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Where gateways come from (DESIGN §5): prefix custom field, sink `gateways`, first host. */
export interface GatewaySources {
  readonly prefixes: readonly Prefix[];
  readonly gateways: Readonly<Record<string, string>>;
}

/**
 * Cloud-init `ipconfig0` for the primary addresses: `ip=<cidr>,gw=<gateway>` for IPv4 and
 * `ip6=<cidr>,gw6=<gateway>` for IPv6; `ip=dhcp` when the VM has no primary address.
 */
export function ipConfigFor(ip4: IpAddress | null, ip6: IpAddress | null, sources: GatewaySources): string {
  const parts: string[] = [];
  if (ip4) parts.push(`ip=${canonicalCidr(ip4.address)}`, `gw=${gatewayFor(ip4, sources)}`);
  if (ip6) parts.push(`ip6=${canonicalCidr(ip6.address)}`, `gw6=${gatewayFor(ip6, sources)}`);
  return parts.length === 0 ? 'ip=dhcp' : parts.join(',');
}

/**
 * The gateway of the network an address lies in: the custom field `gateway` of the longest
 * containing NetBox prefix (same VRF), else the longest `gateways` entry containing the
 * address, else the first host of that prefix (or of the address's own network).
 */
export function gatewayFor(ip: IpAddress, sources: GatewaySources): string {
  const [address, length] = ipaddr.parseCIDR(ip.address);
  const prefix = longestPrefix(address, ip.vrfId, sources.prefixes);
  const fromField = prefix ? customGateway(prefix.customFields.gateway) : null;
  if (fromField) return fromField;
  const configured = longestConfigured(address, sources.gateways);
  if (configured) return configured;
  return firstHost(prefix ? prefix.prefix : `${address.toString()}/${length}`);
}

function longestPrefix(address: Address, vrfId: number | null, prefixes: readonly Prefix[]): Prefix | null {
  let best: Prefix | null = null;
  let bestLength = -1;
  for (const prefix of prefixes) {
    if (prefix.vrfId !== vrfId) continue;
    const range = tryCidr(prefix.prefix);
    if (!range || range[0].kind() !== address.kind() || range[1] <= bestLength) continue;
    if (address.match(range)) {
      best = prefix;
      bestLength = range[1];
    }
  }
  return best;
}

function longestConfigured(address: Address, gateways: Readonly<Record<string, string>>): string | null {
  let best: string | null = null;
  let bestLength = -1;
  for (const [cidr, gateway] of Object.entries(gateways)) {
    const range = tryCidr(cidr);
    if (!range || range[0].kind() !== address.kind() || range[1] <= bestLength) continue;
    if (address.match(range)) {
      best = ipaddr.parse(gateway).toString();
      bestLength = range[1];
    }
  }
  return best;
}

function customGateway(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const bare = value.trim().split('/')[0] ?? '';
  return ipaddr.isValid(bare) ? ipaddr.parse(bare).toString() : null;
}

function firstHost(cidr: string): string {
  const network = cidr.includes(':')
    ? ipaddr.IPv6.networkAddressFromCIDR(cidr)
    : ipaddr.IPv4.networkAddressFromCIDR(cidr);
  const bytes = network.toByteArray();
  for (let i = bytes.length - 1; i >= 0; i -= 1) {
    const byte = (bytes[i] ?? 0) + 1;
    bytes[i] = byte & 0xff;
    if (byte <= 0xff) break;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

function tryCidr(cidr: string): [Address, number] | null {
  try {
    return ipaddr.parseCIDR(cidr);
  } catch {
    return null;
  }
}

function canonicalCidr(cidr: string): string {
  const [address, length] = ipaddr.parseCIDR(cidr);
  return `${address.toString()}/${length}`;
}
