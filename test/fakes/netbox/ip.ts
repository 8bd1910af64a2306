import ipaddr from 'ipaddr.js';

/** An address or network parsed to integers, for ordering and containment. */
export interface ParsedIp {
  readonly family: 4 | 6;
  /** The address bits (host part kept). */
  readonly value: bigint;
  readonly length: number;
}

function bitsOf(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function parseHost(text: string): { family: 4 | 6; value: bigint; canonical: string } | null {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    if (!ipaddr.IPv6.isValid(trimmed)) return null;
    const address = ipaddr.IPv6.parse(trimmed);
    return { family: 6, value: toBigInt(address.toByteArray()), canonical: address.toRFC5952String() };
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return null;
  const address = ipaddr.IPv4.parse(trimmed);
  return { family: 4, value: toBigInt(address.toByteArray()), canonical: address.toString() };
}

/**
 * Parse `addr[/len]` (IP address field). Without a mask the length is the full width, as
 * netaddr does. Returns the canonical text (`10.0.0.5/24`, `2001:db8::1/64`) or `null`.
 */
export function parseInterface(text: string): (ParsedIp & { canonical: string }) | null {
  const [host = '', mask, extra] = text.split('/');
  if (extra !== undefined) return null;
  const parsed = parseHost(host);
  if (!parsed) return null;
  const width = bitsOf(parsed.family);
  const length = mask === undefined ? width : /^\d{1,3}$/.test(mask) ? Number(mask) : NaN;
  if (!Number.isInteger(length) || length < 0 || length > width) return null;
  return { family: parsed.family, value: parsed.value, length, canonical: `${parsed.canonical}/${length}` };
}

/** The network address of `ip` (host bits cleared). */
export function networkOf(ip: ParsedIp): bigint {
  const hostBits = BigInt(bitsOf(ip.family) - ip.length);
  return (ip.value >> hostBits) << hostBits;
}

/** Text of an address value, e.g. for "did you mean" messages. */
export function formatNetwork(ip: ParsedIp): string {
  const bytes: number[] = [];
  let value = networkOf(ip);
  for (let i = 0; i < bitsOf(ip.family) / 8; i++) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  const address = ipaddr.fromByteArray(bytes);
  const text = address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
  return `${text}/${ip.length}`;
}

/** True when the host of `inner` lies within `outer`'s network (and inner's mask is not wider). */
export function containsHost(outer: ParsedIp, inner: ParsedIp): boolean {
  if (outer.family !== inner.family) return false;
  const hostBits = BigInt(bitsOf(outer.family) - outer.length);
  return inner.value >> hostBits === outer.value >> hostBits;
}

/** True when network `inner` is inside (or equal to, when `orEqual`) network `outer`. */
export function containsNetwork(outer: ParsedIp, inner: ParsedIp, orEqual: boolean): boolean {
  if (outer.family !== inner.family || inner.length < outer.length) return false;
  if (inner.length === outer.length && !orEqual) return false;
  return containsHost(outer, inner);
}

/** PostgreSQL `inet` ordering: family, then address bits, then mask length. */
export function compareIp(a: ParsedIp, b: ParsedIp): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return a.length - b.length;
}
