// DHCP reservations from the inventory (DESIGN §6 "DHCP reservations"), shared by the
// technitium-dhcp and kea sinks. Which scope holds an address only the server knows, so the
// mapping has two pure halves: `reservationCandidates` (desired: the inventory alone) and
// `alignReservations` (align: candidates placed into the scopes observe read, duplicate claims
// and holders of wanted addresses keyed). IPv4 only: DHCPv6 identifies clients by DUID, not MAC.
import ipaddr from 'ipaddr.js';
import { SyncError } from '../model/errors.js';
import type { HostCommon, Interface, Inventory, IpAddress } from '../model/inventory.js';
import { objectRef } from '../model/inventory.js';
import type { OwnerMark } from '../model/owner.js';
import type { Desired, Resource, Skipped, Snapshot } from '../model/resource.js';
import type { Aligned } from '../sinks/sink.js';

export const RESERVATION_KIND = 'dhcp.reservation' as const;

/** IP statuses that count by default (DESIGN §6). */
export const DEFAULT_DHCP_STATUSES = ['active', 'dhcp', 'slaac'] as const;

/** A managed DHCP network: `scope` names it in keys (Technitium scope name, Kea subnet CIDR). */
export interface DhcpNetwork {
  readonly scope: string;
  /** IPv4 CIDR with the network address, e.g. `10.10.20.0/24`. */
  readonly cidr: string;
}

/** Compared attributes of a reservation; scope and MAC are in the key. */
export type ReservationSpec = { readonly ip: string; readonly hostName: string };

/** What a reservation key says: `<scope>/<mac>` (the MAC never holds a `/`, a scope may). */
export interface ReservationKey {
  readonly scope: string;
  readonly mac: string;
}

/** A reservation the inventory asks for, with the key parts spelled out. */
export interface WantedReservation extends ReservationKey {
  readonly ip: string;
}

/** What `desired` knows of a reservation besides its spec; in the candidate's `meta.extra.candidate`. */
export interface Candidate {
  /** Id of the NetBox IP address: of identical claims, the lowest stays the source. */
  readonly id: number;
  /** The interface's MAC as NetBox has it; `null` when it has none. */
  readonly mac: string | null;
  /** `host/interface`, for messages. */
  readonly iface: string;
}

/**
 * `bc:24:11:aa:bb:cc`, `BC-24-11-AA-BB-CC`, `bc24.11aa.bbcc` or `bc2411aabbcc` → `bc:24:11:aa:bb:cc`;
 * `null` when it is not a 48-bit MAC.
 */
export function normalizeMac(text: string): string | null {
  const hex = text.trim().replace(/[-:.\s]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return null;
  return (hex.toLowerCase().match(/../g) ?? []).join(':');
}

/** `10.10.20.7/24` → `10.10.20.0/24`; `null` for anything that is not an IPv4 CIDR. */
export function normalizeCidr(cidr: string): string | null {
  try {
    const [address, bits] = ipaddr.IPv4.parseCIDR(cidr.trim());
    const mask = ipaddr.IPv4.subnetMaskFromPrefixLength(bits).toByteArray();
    const network = address.toByteArray().map((b, i) => b & (mask[i] ?? 0));
    return `${network.join('.')}/${bits}`;
  } catch {
    return null;
  }
}

/** `10.10.20.0` + `255.255.255.0` → `10.10.20.0/24`; `null` for a bad mask or address. */
export function cidrFromMask(address: string, subnetMask: string): string | null {
  try {
    const bits = ipaddr.IPv4.parse(subnetMask).prefixLengthFromSubnetMask();
    return bits === null ? null : normalizeCidr(`${address}/${bits}`);
  } catch {
    return null;
  }
}

export function reservationKey(key: ReservationKey): string {
  return `${key.scope}/${key.mac}`;
}

/** Parse a key made by {@link reservationKey}; `null` when it is not one. */
export function parseReservationKey(key: string): ReservationKey | null {
  const at = key.lastIndexOf('/');
  if (at <= 0) return null;
  const mac = normalizeMac(key.slice(at + 1));
  return mac === null || mac !== key.slice(at + 1) ? null : { scope: key.slice(0, at), mac };
}

/** A DNS label usable as a DHCP host name: `Web 01_a` → `web-01-a`; empty when nothing is left. */
export function hostLabel(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/**
 * The reservation candidates of an inventory (`Sink.desired`, pure). Each counting IPv4 address
 * assigned to a device or VM interface gives one resource with spec `{ip, hostName}` (host name:
 * the first label of `dns_name`, else the device/VM name), source the IP address, and a
 * provisional key (the source): scope and key come from {@link alignReservations}, which also
 * decides what an interface without a readable MAC means. IPv6 addresses are ignored.
 */
export function reservationCandidates(inventory: Inventory, statuses: readonly string[]): Desired {
  const interfaces = new Map<string, Interface>();
  for (const i of inventory.interfaces) interfaces.set(`dcim.interface/${i.id}`, i);
  for (const i of inventory.vmInterfaces) interfaces.set(`virtualization.vminterface/${i.id}`, i);
  const devices = new Map(inventory.devices.map((d) => [d.id, d]));
  const vms = new Map(inventory.virtualMachines.map((v) => [v.id, v]));
  const resources: Resource[] = [];
  for (const ip of inventory.ipAddresses) {
    if (ip.family !== 4 || ip.assigned === null || !statuses.includes(ip.status)) continue;
    const iface = interfaces.get(`${ip.assigned.type}/${ip.assigned.id}`);
    if (!iface || !ipaddr.IPv4.isValid(hostPart(ip.address))) continue;
    const host = iface.parentType === 'device' ? devices.get(iface.parentId) : vms.get(iface.parentId);
    const source = objectRef('ipam.ipaddress', ip.id);
    const candidate: Candidate = { id: ip.id, mac: iface.mac, iface: `${host?.name ?? '?'}/${iface.name}` };
    const address = ipaddr.IPv4.parse(hostPart(ip.address)).toString();
    const spec: ReservationSpec = { ip: address, hostName: hostNameOf(ip, host) };
    resources.push({ kind: RESERVATION_KIND, key: source, spec, meta: { source, extra: { candidate } } });
  }
  resources.sort((a, b) => compare(a.key, b.key));
  return { resources, skipped: [] };
}

interface Claim extends WantedReservation {
  readonly hostName: string;
  readonly source: string;
}

type Range = DhcpNetwork & { readonly range: [ipaddr.IPv4, number] };

/**
 * Place candidates into the managed networks (pure; the first half of {@link alignReservations}).
 * A candidate goes into the longest network holding its address and is keyed `<scope>/<mac>`;
 * one in no network is skipped as out of scope (silently when its interface has no MAC: then
 * it is no DHCP client). Claims must agree: a MAC wanted with two addresses (or host names) in
 * one scope, or an address wanted for two MACs, is skipped as a conflict on every claim involved.
 */
export function placeReservations(candidates: Desired, networks: readonly DhcpNetwork[]): Desired {
  const ranges: Range[] = networks.map((n) => ({ ...n, range: ipaddr.IPv4.parseCIDR(n.cidr) }));
  const skipped: Skipped[] = [...candidates.skipped];
  const claims: Claim[] = [];
  for (const { candidate, spec, source } of candidatesOf(candidates.resources)) {
    const placed = place(candidate, spec.ip, ranges);
    if (typeof placed === 'string') skipped.push({ source, reason: placed });
    else if (placed !== null) claims.push({ ...placed, ...spec, source });
  }
  const resources = resolveClaims(claims, skipped);
  resources.sort((a, b) => compare(a.key, b.key));
  skipped.sort((a, b) => compare(a.source, b.source) || compare(a.reason, b.reason));
  return { resources, skipped };
}

/** The candidates of {@link reservationCandidates}, lowest IP id first; anything else is INTERNAL. */
function candidatesOf(resources: readonly Resource[]) {
  const parsed = resources.map((r) => {
    const c = r.meta.extra?.candidate as Partial<Candidate> | undefined;
    const { ip, hostName } = r.spec;
    const ok = typeof c?.id === 'number' && typeof c.iface === 'string' && c.mac !== undefined;
    if (!ok || r.kind !== RESERVATION_KIND || typeof ip !== 'string' || typeof hostName !== 'string')
      throw new SyncError('INTERNAL', `DHCP align got ${r.key}, which is not a candidate of desired()`);
    return { candidate: c as Candidate, spec: { ip, hostName }, source: r.meta.source ?? r.key };
  });
  return parsed.sort((a, b) => a.candidate.id - b.candidate.id);
}

/** Scope and MAC of a candidate, the reason it is skipped, or `null` when it is nothing to DHCP. */
function place(candidate: Candidate, ip: string, ranges: readonly Range[]): ReservationKey | string | null {
  const address = ipaddr.IPv4.parse(ip);
  const inside = ranges.filter((n) => address.match(n.range));
  if (inside.length === 0)
    return candidate.mac === null ? null : `out of scope: no managed DHCP scope contains ${ip}`;
  const longest = Math.max(...inside.map((n) => n.range[1]));
  const best = inside.filter((n) => n.range[1] === longest);
  if (best.length > 1) return `conflict: ${ip} lies in scopes ${best.map((n) => n.scope).join(' and ')}`;
  const { scope, range } = best[0] as Range;
  if (candidate.mac === null)
    return `interface ${candidate.iface} has no MAC address; a reservation in scope ${scope} needs one`;
  const mac = normalizeMac(candidate.mac);
  if (mac === null) return `interface ${candidate.iface} has an unreadable MAC address "${candidate.mac}"`;
  if (isNetworkOrBroadcast(address, range))
    return `${ip} is the network or broadcast address of scope ${scope}`;
  return { scope, mac };
}

/** The wanted reservations of a placed desired set, by key (what align keys holders against). */
export function wantedOf(resources: readonly Resource[]): Map<string, WantedReservation> {
  const wanted = new Map<string, WantedReservation>();
  for (const r of resources) {
    const key = parseReservationKey(r.key);
    if (r.kind === RESERVATION_KIND && key && typeof r.spec.ip === 'string') {
      wanted.set(r.key, { ...key, ip: r.spec.ip });
    }
  }
  return wanted;
}

function resolveClaims(claims: readonly Claim[], skipped: Skipped[]): Resource[] {
  const conflicted = new Map<Claim, string>();
  const group = (by: (c: Claim) => string): Map<string, Claim[]> => {
    const groups = new Map<string, Claim[]>();
    for (const c of claims) groups.set(by(c), [...(groups.get(by(c)) ?? []), c]);
    return groups;
  };
  for (const list of group((c) => `${c.scope}\u0000${c.mac}`).values()) {
    if (new Set(list.map((c) => `${c.ip} ${c.hostName}`)).size < 2) continue;
    const what = list.map((c) => `${c.source} (${c.ip}${c.hostName ? ` ${c.hostName}` : ''})`).join(', ');
    for (const c of list)
      conflicted.set(c, `conflict: MAC ${c.mac} is claimed by ${what} in scope ${c.scope}`);
  }
  for (const list of group((c) => `${c.scope}\u0000${c.ip}`).values()) {
    const macs = [...new Set(list.map((c) => c.mac))].sort();
    if (macs.length < 2) continue;
    for (const c of list) {
      if (!conflicted.has(c))
        conflicted.set(c, `conflict: ${c.ip} is claimed for MACs ${macs.join(' and ')} in scope ${c.scope}`);
    }
  }
  const resources = new Map<string, Resource>();
  for (const c of claims) {
    const reason = conflicted.get(c);
    if (reason !== undefined) {
      skipped.push({ source: c.source, reason });
      continue;
    }
    const key = reservationKey(c);
    if (resources.has(key)) continue; // identical claims: the lowest IP id stays the source
    const spec: ReservationSpec = { ip: c.ip, hostName: c.hostName };
    resources.set(key, { kind: RESERVATION_KIND, key, spec, meta: { source: c.source } });
  }
  return [...resources.values()];
}

function hostNameOf(ip: IpAddress, host: HostCommon | undefined): string {
  const label = ip.dnsName.split('.')[0] ?? '';
  return hostLabel(label !== '' ? label : (host?.name ?? ''));
}

function hostPart(address: string): string {
  return address.split('/')[0] ?? '';
}

function isNetworkOrBroadcast(address: ipaddr.IPv4, [base, bits]: [ipaddr.IPv4, number]): boolean {
  if (bits >= 31) return false; // /31 and /32 have no network or broadcast address
  const value = toNumber(address);
  const size = 2 ** (32 - bits);
  const network = toNumber(base) - (toNumber(base) % size);
  return value === network || value === network + size - 1;
}

function toNumber(address: ipaddr.IPv4): number {
  return address.octets.reduce((n, octet) => n * 256 + octet, 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// --- observed side ----------------------------------------------------------------------------

/** A reservation read from a DHCP server, normalised by the adapter. */
export interface SeenReservation {
  readonly scope: string;
  /** Normalised MAC; `null` for reservations by other identifiers (they only block addresses). */
  readonly mac: string | null;
  /** Empty when the reservation has no address. */
  readonly ip: string;
  readonly hostName: string;
  readonly owner: OwnerMark | null;
  /** Adapter data carried in `meta.extra` (never compared). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A lease that holds an address now (adapters pass only active dynamic leases). */
export interface SeenLease {
  readonly scope: string;
  readonly mac: string;
  readonly ip: string;
  readonly hostName: string;
}

/** What holds an address a desired reservation needs; kept in the observed resource's `meta.extra.blocker`. */
export type Blocker =
  | { readonly type: 'reservation'; readonly mac: string | null; readonly ip: string }
  | { readonly type: 'lease'; readonly mac: string; readonly ip: string };

export interface ObservedInput {
  readonly reservations: readonly SeenReservation[];
  readonly leases: readonly SeenLease[];
  /** What the mapping asks for (see {@link wantedOf}); empty in `observe`, which runs first. */
  readonly wanted: ReadonlyMap<string, WantedReservation>;
  readonly instance: string;
  /** Leases in the way will be released on apply: do not report them as conflicts. */
  readonly releaseLeases: boolean;
}

/**
 * Observed reservations as resources keyed `<scope>/<mac>`, owner mark as read. For a wanted
 * reservation not yet in place, whatever holds its address for another MAC — a reservation not
 * marked by this instance, else an active lease — is put under the wanted key instead, so the
 * planner reports a conflict (unmarked: "exists without owner mark"; another instance's mark:
 * "owned by another nbsync instance") rather than writing a second claim on the address. Our
 * own reservation of the address for another MAC is not in the way: its own change moves it.
 */
export function observedReservations(input: ObservedInput): Resource[] {
  const resources = new Map<string, Resource>();
  for (const r of input.reservations) {
    if (r.mac === null) continue;
    const key = reservationKey({ scope: r.scope, mac: r.mac });
    if (resources.has(key)) continue;
    const spec: ReservationSpec = { ip: r.ip, hostName: r.hostName };
    resources.set(key, {
      kind: RESERVATION_KIND,
      key,
      spec,
      meta: { owner: r.owner, extra: { ...r.extra } },
    });
  }
  const byAddress = (scope: string, ip: string) => `${scope}\u0000${ip}`;
  const reserved = new Map<string, SeenReservation>();
  for (const r of input.reservations) {
    if (r.ip !== '' && r.owner?.instance !== input.instance && !reserved.has(byAddress(r.scope, r.ip)))
      reserved.set(byAddress(r.scope, r.ip), r);
  }
  const leased = new Map(input.leases.map((l) => [byAddress(l.scope, l.ip), l]));
  for (const [key, want] of input.wanted) {
    if (resources.get(key)?.spec.ip === want.ip) continue;
    const reservation = reserved.get(byAddress(want.scope, want.ip));
    if (reservation && reservation.mac !== want.mac) {
      const blocker: Blocker = { type: 'reservation', mac: reservation.mac, ip: want.ip };
      const spec: ReservationSpec = { ip: want.ip, hostName: reservation.hostName };
      const extra = { ...reservation.extra, blocker };
      resources.set(key, { kind: RESERVATION_KIND, key, spec, meta: { owner: reservation.owner, extra } });
      continue;
    }
    const lease = leased.get(byAddress(want.scope, want.ip));
    if (!lease || lease.mac === want.mac || input.releaseLeases) continue;
    const blocker: Blocker = { type: 'lease', mac: lease.mac, ip: want.ip };
    const spec: ReservationSpec = { ip: want.ip, hostName: lease.hostName };
    resources.set(key, { kind: RESERVATION_KIND, key, spec, meta: { owner: null, extra: { blocker } } });
  }
  return [...resources.values()].sort((a, b) => compare(a.key, b.key));
}

/**
 * What a DHCP sink's `observe` returns: its reservations as resources, plus what
 * {@link alignReservations} needs and only the server knows — the managed networks, the raw
 * reservations and the active leases (observe knows nothing of the inventory).
 */
export interface DhcpSnapshot extends Snapshot {
  readonly seen: DhcpSeen;
}

/** What only the server knows, as observe read it. */
export interface DhcpSeen {
  readonly networks: readonly DhcpNetwork[];
  readonly reservations: readonly SeenReservation[];
  readonly leases: readonly SeenLease[];
}

export function dhcpSnapshot(seen: DhcpSeen, instance: string): DhcpSnapshot {
  const resources = observedReservations({ ...seen, wanted: new Map(), instance, releaseLeases: true });
  return { resources, seen };
}

/**
 * `Sink.align` of the DHCP sinks (pure): place the candidates of `desired` into the networks the
 * snapshot carries ({@link placeReservations}), then re-key the observed reservations against
 * them, so addresses held by someone else show up as conflicts ({@link observedReservations}).
 * A snapshot not made by {@link dhcpSnapshot} is a programming error (`INTERNAL`).
 */
export function alignReservations(
  desired: Desired,
  observed: Snapshot,
  options: { readonly instance: string; readonly releaseLeases: boolean },
): Aligned {
  const { seen } = observed as Partial<DhcpSnapshot>;
  if (!Array.isArray(seen?.networks))
    throw new SyncError('INTERNAL', 'DHCP align needs the snapshot that observe() returned');
  const placed = placeReservations(desired, seen.networks);
  const resources = observedReservations({ ...seen, wanted: wantedOf(placed.resources), ...options });
  return { desired: placed, observed: { ...observed, resources } };
}

/** The blocker carried by an observed resource, if it stands for something in the way. */
export function blockerOf(resource: Resource): Blocker | null {
  const blocker = resource.meta.extra?.blocker;
  return blocker && typeof blocker === 'object' ? (blocker as Blocker) : null;
}
