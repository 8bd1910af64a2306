import { addressWithoutPrefix, isValidDnsName, normalizeName, parseAliasList } from '../../lib/dns-names.js';
import { objectRef, type HostCommon, type Inventory, type IpAddress } from '../../model/inventory.js';
import type { Desired, Resource, Skipped } from '../../model/resource.js';
import { normalizeSans } from './sans.js';

/**
 * The compared fields of a certificate. `renewDue` is always `false` on the desired side; the
 * observed side sets it when the stored certificate is inside its renewal window, expired, or
 * its key is missing or does not match, so the pure planner sees an update and nothing here
 * ever diffs.
 */
export interface CertificateSpec {
  readonly [field: string]: readonly string[] | boolean;
  readonly sans: readonly string[];
  readonly renewDue: boolean;
}

export interface MappingOptions {
  /** Tag slug that asks for a certificate (DESIGN §6, default `tls`). */
  readonly tag: string;
  /** Put IP addresses in the SANs (default true; ACME with dns-01 cannot validate IPs). */
  readonly includeIps?: boolean;
  /** IP statuses that count (default `active`, `dhcp`, `slaac`, as the DNS sinks). */
  readonly statuses?: readonly string[];
}

const COUNTING = ['active', 'dhcp', 'slaac'];

interface Request {
  readonly cn: string;
  readonly sans: string[];
  readonly source: string;
}

/**
 * The certificates the inventory asks for (DESIGN §6 "Certificates"): each VM, device or IP
 * address with the tag gets one. CN = the main DNS name (a host's primary IPv4 name, else its
 * primary IPv6 name; an IP's own name); SANs = every DNS name (names and `dns_aliases` of the
 * primary IPs, or of the IP) plus the addresses. The key is the CN, which is also the file
 * name in the store. A second object asking for the same CN is skipped, first one wins in the
 * order VMs, devices, IP addresses (each by id).
 */
export function certificateRequests(inventory: Inventory, options: MappingOptions): Desired {
  const statuses = options.statuses ?? COUNTING;
  const ipById = new Map(inventory.ipAddresses.map((ip) => [ip.id, ip]));
  const requests: Request[] = [];
  const skipped: Skipped[] = [];
  const consider = (source: string, ips: readonly (IpAddress | undefined)[]): void => {
    const counting = ips.filter((ip): ip is IpAddress => ip !== undefined && statuses.includes(ip.status));
    const result = requestFor(source, counting, options.includeIps ?? true);
    if (typeof result === 'string') skipped.push({ source, reason: result });
    else requests.push(result);
  };

  const hosts = (
    list: readonly HostCommon[],
    type: 'virtualization.virtualmachine' | 'dcim.device',
  ): void => {
    for (const host of list) {
      if (!host.tags.includes(options.tag) || host.name === '') continue;
      const primaries = [host.primaryIp4Id, host.primaryIp6Id].map((id) =>
        id === null ? undefined : ipById.get(id),
      );
      consider(objectRef(type, host.id), primaries);
    }
  };
  hosts(inventory.virtualMachines, 'virtualization.virtualmachine');
  hosts(inventory.devices, 'dcim.device');
  for (const ip of inventory.ipAddresses) {
    if (ip.tags.includes(options.tag)) consider(objectRef('ipam.ipaddress', ip.id), [ip]);
  }

  const resources: Resource[] = [];
  const taken = new Map<string, string>();
  for (const request of requests) {
    const first = taken.get(request.cn);
    if (first !== undefined) {
      skipped.push({
        source: request.source,
        reason: `certificate ${request.cn} is already requested by ${first}`,
      });
      continue;
    }
    taken.set(request.cn, request.source);
    const spec: CertificateSpec = { sans: normalizeSans(request.sans), renewDue: false };
    resources.push({ kind: 'cert.certificate', key: request.cn, spec, meta: { source: request.source } });
  }
  resources.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { resources, skipped };
}

/** The request for one tagged object from its counting IPs, or why there is none. */
function requestFor(source: string, ips: readonly IpAddress[], includeIps: boolean): Request | string {
  const names: string[] = [];
  const addresses: string[] = [];
  for (const ip of ips) {
    addresses.push(addressWithoutPrefix(ip.address));
    if (ip.dnsName === '') continue;
    const name = normalizeName(ip.dnsName);
    const zone = name.includes('.') ? name.slice(name.indexOf('.') + 1) : name;
    const aliases =
      typeof ip.customFields.dns_aliases === 'string'
        ? parseAliasList(ip.customFields.dns_aliases, zone)
        : [];
    names.push(name, ...aliases);
  }
  const cn = names[0];
  if (cn === undefined) {
    return ips.length === 0
      ? 'tagged for a certificate but has no counting primary IP'
      : 'tagged for a certificate but has no DNS name';
  }
  const invalid = names.find((name) => !isValidDnsName(name));
  if (invalid !== undefined) return `DNS name ${invalid} is not a valid host name`;
  return { cn, sans: includeIps ? [...names, ...addresses] : names, source };
}
