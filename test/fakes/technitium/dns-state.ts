import ipaddr from 'ipaddr.js';
import { TechnitiumApiError, trimDots } from './params.js';

/** A record as the fake stores it; `rData` has the read-side shape of the API. */
export interface FakeRecord {
  name: string;
  type: string;
  ttl: number;
  disabled: boolean;
  /** Empty string when there are none (the API then omits the field). */
  comments: string;
  expiryTtl: number;
  rData: Record<string, unknown>;
  lastModified: string;
}

export type FakeZoneType = 'Primary' | 'Secondary' | 'Stub' | 'Forwarder';

export interface FakeZone {
  name: string;
  type: FakeZoneType;
  internal: boolean;
  disabled: boolean;
  soaSerial: number;
  lastModified: string;
  records: FakeRecord[];
}

export interface RecordInput {
  name: string;
  type: string;
  rData: Record<string, unknown>;
  ttl?: number;
  disabled?: boolean;
  comments?: string;
  expiryTtl?: number;
}

/** The zones Technitium creates for itself; listed with `internal: true`, never writable. */
export const BUILT_IN_ZONES = [
  'localhost',
  '0.in-addr.arpa',
  '127.in-addr.arpa',
  '255.in-addr.arpa',
  `1.${'0.'.repeat(31)}ip6.arpa`,
] as const;

/**
 * Zones and records of the fake, with the rules of Technitium's AuthZoneManager that nbsync
 * depends on: identical records are refused, a CNAME is alone at its name, names must belong to
 * their zone, zone lookups find the closest enclosing zone.
 */
export class DnsState {
  readonly zones = new Map<string, FakeZone>();

  constructor(
    private readonly serverDomain: string,
    private readonly now: () => Date,
  ) {}

  createZone(name: string, options: { type?: FakeZoneType; internal?: boolean } = {}): FakeZone {
    const zoneName = trimDots(name);
    if (this.zones.has(zoneName)) throw new TechnitiumApiError(`Zone already exists: ${zoneName}`);
    const zone: FakeZone = {
      name: zoneName,
      type: options.type ?? 'Primary',
      internal: options.internal ?? false,
      disabled: false,
      soaSerial: 1,
      lastModified: this.timestamp(),
      records: [],
    };
    const apex = {
      name: zoneName,
      comments: '',
      disabled: false,
      expiryTtl: 0,
      lastModified: zone.lastModified,
    };
    zone.records.push(
      { ...apex, type: 'SOA', ttl: 900, rData: soaData(this.serverDomain, zoneName) },
      { ...apex, type: 'NS', ttl: 3600, rData: { nameServer: this.serverDomain } },
    );
    this.zones.set(zoneName, zone);
    return zone;
  }

  /** The zone itself or the closest enclosing one (Technitium's FindAuthZoneInfo). */
  findZone(name: string): FakeZone | undefined {
    let candidate = trimDots(name);
    for (;;) {
      const zone = this.zones.get(candidate);
      if (zone) return zone;
      const dot = candidate.indexOf('.');
      if (dot === -1) return undefined;
      candidate = candidate.slice(dot + 1);
    }
  }

  recordsAt(zone: FakeZone, name: string, type?: string): FakeRecord[] {
    return zone.records.filter((r) => r.name === name && (type === undefined || r.type === type));
  }

  /** Append a record; `false` when an identical one exists. Throws on CNAME exclusivity. */
  addRecord(zone: FakeZone, input: RecordInput): boolean {
    const record = this.toRecord(zone, input);
    this.checkCnameExclusivity(zone, record);
    const key = rdataKey(record.type, record.rData);
    if (this.recordsAt(zone, record.name, record.type).some((r) => rdataKey(r.type, r.rData) === key))
      return false;
    zone.records.push(record);
    this.touch(zone);
    return true;
  }

  /** Replace the whole RRset of the record's type at its name (Technitium's SetRecord). */
  setRecord(zone: FakeZone, input: RecordInput): FakeRecord {
    const record = this.toRecord(zone, input);
    zone.records = zone.records.filter((r) => !(r.name === record.name && r.type === record.type));
    this.checkCnameExclusivity(zone, record);
    zone.records.push(record);
    this.touch(zone);
    return record;
  }

  /** Delete records of `type` at `name` whose rdata key is `key` (all of that type when undefined). */
  deleteRecords(zone: FakeZone, name: string, type: string, key?: string): FakeRecord[] {
    const removed: FakeRecord[] = [];
    zone.records = zone.records.filter((r) => {
      const hit =
        r.name === name && r.type === type && (key === undefined || rdataKey(r.type, r.rData) === key);
      if (hit) removed.push(r);
      return !hit;
    });
    if (removed.length > 0) this.touch(zone);
    return removed;
  }

  timestamp(): string {
    return this.now().toISOString();
  }

  private toRecord(zone: FakeZone, input: RecordInput): FakeRecord {
    const name = trimDots(input.name);
    if (name !== zone.name && !name.endsWith(`.${zone.name}`)) {
      throw new TechnitiumApiError(`The domain name '${name}' does not belong to the zone: ${zone.name}`);
    }
    return {
      name,
      type: input.type,
      ttl: input.ttl ?? 3600,
      disabled: input.disabled ?? false,
      comments: input.comments ?? '',
      expiryTtl: input.expiryTtl ?? 0,
      rData: { ...input.rData },
      lastModified: this.timestamp(),
    };
  }

  private checkCnameExclusivity(zone: FakeZone, record: FakeRecord): void {
    const others = this.recordsAt(zone, record.name).filter((r) => r.type !== record.type);
    const clash = record.type === 'CNAME' ? others.length > 0 : others.some((r) => r.type === 'CNAME');
    if (clash) {
      throw new TechnitiumApiError(
        'Cannot add record: a CNAME record cannot exists with other record types for the same name.',
      );
    }
  }

  private touch(zone: FakeZone): void {
    zone.soaSerial += 1;
    zone.lastModified = this.timestamp();
  }
}

/** The identity of a record's data within its type, for duplicate and delete matching. */
export function rdataKey(type: string, rData: Record<string, unknown>): string {
  const text = (field: string): string => String(rData[field] ?? '');
  switch (type) {
    case 'A':
    case 'AAAA':
      return text('ipAddress');
    case 'CNAME':
      return text('cname').toLowerCase();
    case 'PTR':
      return text('ptrName').toLowerCase();
    case 'NS':
      return text('nameServer').toLowerCase();
    case 'TXT':
      return text('text');
    default:
      return JSON.stringify(rData);
  }
}

/** Parse an address for an A (IPv4) or AAAA (IPv6) record into its canonical text. */
export function parseAddress(type: 'A' | 'AAAA', value: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(value.trim());
  } catch {
    throw new TechnitiumApiError('An invalid IP address was specified.');
  }
  if ((type === 'A') !== (parsed.kind() === 'ipv4')) {
    throw new TechnitiumApiError(`The IP address ${value} does not match the record type ${type}.`);
  }
  return parsed.toString();
}

/**
 * Technitium's Zone.GetReverseZone(address, width): the first ceil(width/8) bytes of the
 * address, reversed (as nibbles for IPv6). Width 32/128 gives the PTR owner name.
 */
export function technitiumReverseZone(address: string, width: number): string {
  const parsed = ipaddr.parse(address);
  const bytes = parsed.toByteArray().slice(0, Math.ceil(width / 8));
  if (parsed.kind() === 'ipv4') return `${bytes.reverse().join('.')}.in-addr.arpa`;
  const digits = bytes.flatMap((b) => [(b >> 4).toString(16), (b & 0x0f).toString(16)]);
  return `${digits.reverse().join('.')}.ip6.arpa`;
}

function soaData(serverDomain: string, zone: string): Record<string, unknown> {
  return {
    primaryNameServer: serverDomain,
    responsiblePerson: `hostadmin.${zone}`,
    serial: 1,
    refresh: 900,
    retry: 300,
    expire: 604800,
    minimum: 900,
  };
}
