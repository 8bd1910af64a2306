import ipaddr from 'ipaddr.js';
import type { IpAddress, Prefix } from '../../model/inventory.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Where gateways come from (DESIGN §5): prefix custom field, sink `gateways`, first host. */
export interface GatewaySources {
  readonly prefixes: readonly Prefix[];
  readonly gateways: Readonly<Record<string, string>>;
}

interface ParsedPrefix {
  readonly prefix: Prefix;
  readonly range: [Address, number];
}

interface ParsedGateway {
  readonly range: [Address, number];
  readonly gateway: string;
}

/** Parsed once per mapping: cloud-init `ipconfig0` and gateways for any number of VMs. */
export class GatewayLookup {
  private readonly prefixes: ParsedPrefix[];
  private readonly gateways: ParsedGateway[];

  constructor(sources: GatewaySources) {
    this.prefixes = sources.prefixes.flatMap((prefix) => {
      const range = tryCidr(prefix.prefix);
      return range ? [{ prefix, range }] : [];
    });
    this.gateways = Object.entries(sources.gateways).flatMap(([cidr, gateway]) => {
      const range = tryCidr(cidr);
      return range && ipaddr.isValid(gateway) ? [{ range, gateway: ipaddr.parse(gateway).toString() }] : [];
    });
  }

  /**
   * `ipconfig0` for the primary addresses: `ip=<cidr>,gw=<gateway>` for IPv4 and
   * `ip6=<cidr>,gw6=<gateway>` for IPv6; `ip=dhcp` when the VM has no primary address.
   */
  ipConfig(ip4: IpAddress | null, ip6: IpAddress | null): string {
    const parts: string[] = [];
    for (const [ip, key] of [
      [ip4, ''],
      [ip6, '6'],
    ] as const) {
      if (!ip) continue;
      const [address, length] = ipaddr.parseCIDR(ip.address);
      parts.push(
        `ip${key}=${address.toString()}/${length}`,
        `gw${key}=${this.gateway(address, length, ip.vrfId)}`,
      );
    }
    return parts.length === 0 ? 'ip=dhcp' : parts.join(',');
  }

  /**
   * The gateway of the network an address lies in: the custom field `gateway` of the longest
   * containing NetBox prefix (same VRF), else the longest `gateways` entry containing the
   * address, else the first host of that prefix (or of the address's own network).
   */
  gateway(address: Address, length: number, vrfId: number | null): string {
    const prefix = longest(
      address,
      this.prefixes.filter((p) => p.prefix.vrfId === vrfId),
    );
    const fromField = prefix ? customGateway(prefix.prefix.customFields.gateway) : null;
    if (fromField) return fromField;
    const configured = longest(address, this.gateways);
    if (configured) return configured.gateway;
    return firstHost(prefix ? prefix.prefix.prefix : `${address.toString()}/${length}`);
  }
}

function longest<T extends { readonly range: [Address, number] }>(
  address: Address,
  candidates: readonly T[],
): T | null {
  let best: T | null = null;
  for (const candidate of candidates) {
    const [network, bits] = candidate.range;
    if (network.kind() !== address.kind() || (best && bits <= best.range[1])) continue;
    if (address.match(candidate.range)) best = candidate;
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
