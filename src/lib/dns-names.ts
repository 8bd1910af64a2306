import ipaddr from 'ipaddr.js';

/**
 * Pure helpers for DNS names shared by the DNS sinks (Technitium, RFC 2136): normalising names,
 * reverse names of addresses, matching a name to the managed zone that holds it, expanding
 * aliases. No I/O, no resolver.
 */

/** Dot-separated labels of letters, digits, `_` and `-` (not at a label's ends), ≤ 63 each. */
const NAME = /^(?:(?!-)[a-z0-9_-]{1,63}(?<!-)\.)*(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Lower case, surrounding space and one trailing dot removed. `App1.Example.NET.` → `app1.example.net`. */
export function normalizeName(name: string): string {
  const trimmed = name.trim().toLowerCase();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

/**
 * True for a syntactically valid host name (already normalised): labels of letters, digits,
 * `-` and `_` (no leading or trailing `-`), at most 63 characters each and 253 in all.
 */
export function isValidDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return NAME.test(name);
}

/** True when `name` equals `zone` or lies below it (both normalised). */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** The zone among `zones` that is the longest suffix of `name`, or `null` when none holds it. */
export function findZone(name: string, zones: readonly string[]): string | null {
  let best: string | null = null;
  for (const zone of zones) {
    if (isInZone(name, zone) && (best === null || zone.length > best.length)) best = zone;
  }
  return best;
}

/** True for names under `in-addr.arpa` or `ip6.arpa`. */
export function isReverseName(name: string): boolean {
  return isInZone(name, 'in-addr.arpa') || isInZone(name, 'ip6.arpa');
}

/** The address part of `10.0.0.5/24` or `2001:db8::5/64`, in canonical text form. */
export function addressWithoutPrefix(address: string): string {
  const slash = address.indexOf('/');
  return canonicalAddress(slash === -1 ? address : address.slice(0, slash));
}

/**
 * Canonical text of an IP address: dotted quad for IPv4, RFC 5952 compressed lower case for
 * IPv6. Throws on anything that is not an address.
 */
export function canonicalAddress(address: string): string {
  const text = address.trim();
  return PLAIN_IPV4.test(text) ? text : ipaddr.parse(text).toString();
}

/** A dotted quad already in canonical form (no leading zeros): the common case, parsed by regex. */
const PLAIN_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Address family of an IP address text. */
export function addressFamily(address: string): 4 | 6 {
  return ipaddr.parse(address).kind() === 'ipv4' ? 4 : 6;
}

/**
 * The reverse (PTR owner) name of an address: `10.10.20.5` → `5.20.10.10.in-addr.arpa`,
 * `2001:db8::1` → 32 nibbles `1.0.0.0…8.b.d.0.1.0.0.2.ip6.arpa`.
 */
export function reverseName(address: string): string {
  const slash = address.indexOf('/');
  const host = (slash === -1 ? address : address.slice(0, slash)).trim();
  if (PLAIN_IPV4.test(host)) return `${host.split('.').reverse().join('.')}.in-addr.arpa`;
  const parsed = ipaddr.parse(host);
  const bytes = parsed.toByteArray();
  if (parsed.kind() === 'ipv4') return `${bytes.reverse().join('.')}.in-addr.arpa`;
  return `${nibbles(bytes).reverse().join('.')}.ip6.arpa`;
}

/**
 * The reverse zone of a network on an octet (IPv4) or nibble (IPv6) boundary:
 * `10.10.10.0/24` → `10.10.10.in-addr.arpa`, `2001:db8::/32` → `8.b.d.0.1.0.0.2.ip6.arpa`.
 * A prefix length off the boundary is rounded up to the next one (`/20` → 3 octets), the
 * usual practice for classless delegation without RFC 2317 names.
 */
export function reverseZoneForNetwork(cidr: string): string {
  const [address, lengthText] = cidr.split('/');
  const parsed = ipaddr.parse((address ?? '').trim());
  const bits = parsed.kind() === 'ipv4' ? 32 : 128;
  const length = lengthText === undefined ? bits : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > bits) {
    throw new RangeError(`not a CIDR prefix: ${cidr}`);
  }
  const bytes = parsed.toByteArray();
  if (parsed.kind() === 'ipv4') {
    const octets = bytes.slice(0, Math.ceil(length / 8));
    return [...octets.reverse().map(String), 'in-addr.arpa'].join('.');
  }
  const digits = nibbles(bytes).slice(0, Math.ceil(length / 4));
  return [...digits.reverse(), 'ip6.arpa'].join('.');
}

function nibbles(bytes: readonly number[]): string[] {
  return bytes.flatMap((b) => [(b >> 4).toString(16), (b & 0x0f).toString(16)]);
}

/**
 * Expand one alias to a full name: a bare label (no dot) is relative to `zone`
 * (`www` + `int.example.net` → `www.int.example.net`); anything with a dot is taken as a full
 * name (`www.example.org` or `www.example.org.`). Returns the normalised name.
 */
export function expandAlias(alias: string, zone: string): string {
  const name = normalizeName(alias);
  if (name.length === 0) return name;
  return name.includes('.') || alias.trim().endsWith('.') ? name : `${name}.${zone}`;
}

/**
 * Split a comma (or whitespace) separated alias list, expand each against `zone`, drop empties
 * and duplicates; order of first appearance is kept.
 */
export function parseAliasList(value: string, zone: string): string[] {
  const seen = new Set<string>();
  for (const part of value.split(/[,\s]+/)) {
    const name = expandAlias(part, zone);
    if (name.length > 0) seen.add(name);
  }
  return [...seen];
}
