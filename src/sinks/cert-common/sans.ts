import ipaddr from 'ipaddr.js';
import { canonicalAddress, normalizeName } from '../../lib/dns-names.js';
import { contextPrimitive, sequence, type DerNode } from './der.js';

/**
 * Subject alternative names in nbsync's own words: plain text, a DNS name (`app1.example.net`)
 * or an IP address (`10.10.20.5`, `2001:db8::5`). Anything else a certificate may carry (e-mail,
 * URI) is written `email:…` / `uri:…` so that it never compares equal to what nbsync wants.
 */

/** True when the SAN text is an IP address. */
export function isIpSan(san: string): boolean {
  // Cheap shape test first: ipaddr.isValid throws internally on names, which is slow.
  if (!/^[0-9a-fA-F:.]+$/.test(san) || (!san.includes(':') && !/^[0-9.]+$/.test(san))) return false;
  return ipaddr.isValid(san);
}

/**
 * The canonical SAN list: DNS names lower case without trailing dot, IPs in canonical text,
 * duplicates removed; DNS names first (sorted), then IPs (sorted). Desired and observed specs
 * both go through this, so equal sets always compare equal.
 */
export function normalizeSans(sans: Iterable<string>): string[] {
  const names = new Set<string>();
  const ips = new Set<string>();
  for (const san of sans) {
    if (isIpSan(san)) ips.add(canonicalAddress(san));
    else if (san.includes(':')) names.add(san);
    else names.add(normalizeName(san));
  }
  return [...[...names].sort(), ...[...ips].sort()];
}

/** GeneralNames (RFC 5280 §4.2.1.6) for the subjectAltName extension value. */
export function encodeGeneralNames(sans: readonly string[]): Buffer {
  return sequence(
    ...sans.map((san) =>
      isIpSan(san)
        ? contextPrimitive(7, Buffer.from(ipaddr.parse(san).toByteArray()))
        : contextPrimitive(2, Buffer.from(san, 'ascii')),
    ),
  );
}

/** Decode GeneralNames back to SAN text (dNSName, iPAddress, rfc822Name, URI). */
export function decodeGeneralNames(node: DerNode): string[] {
  const out: string[] = [];
  for (const name of node.children) {
    switch (name.tag) {
      case 0x82:
        out.push(name.content.toString('ascii'));
        break;
      case 0x87:
        out.push(ipaddr.fromByteArray([...name.content]).toString());
        break;
      case 0x81:
        out.push(`email:${name.content.toString('ascii')}`);
        break;
      case 0x86:
        out.push(`uri:${name.content.toString('ascii')}`);
        break;
      default:
        out.push(`other:${name.tag.toString(16)}`);
    }
  }
  return out;
}

/**
 * Parse the text form node:crypto gives for `X509Certificate.subjectAltName`
 * (`DNS:a.example, IP Address:10.0.0.1`) into SAN text.
 */
export function parseSubjectAltNameText(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/,\s*/)
    .filter((part) => part.length > 0)
    .map((part) => {
      const colon = part.indexOf(':');
      const type = part.slice(0, colon);
      const value = part.slice(colon + 1).replace(/^"|"$/g, '');
      if (type === 'DNS') return value;
      if (type === 'IP Address') return canonicalAddress(value);
      if (type === 'email') return `email:${value}`;
      if (type === 'URI') return `uri:${value}`;
      return `${type.toLowerCase()}:${value}`;
    });
}
