import ipaddr from 'ipaddr.js';
import {
  type DnsState,
  type FakeRecord,
  type FakeZone,
  type FakeZoneType,
  parseAddress,
  rdataKey,
  technitiumReverseZone,
} from './dns-state.js';
import { type Params, TechnitiumApiError, trimDots } from './params.js';

/** Handlers of /api/zones/* following WebServiceZonesApi.cs (v15.2). Each returns `response`. */
export class DnsApi {
  constructor(
    private readonly state: DnsState,
    private readonly defaultTtl: number,
  ) {}

  listZones(p: Params): Record<string, unknown> {
    const zones = [...this.state.zones.values()].sort((a, b) => a.name.localeCompare(b.name)).map(zoneJson);
    const page = p.optional('pageNumber');
    if (page === undefined) return { zones };
    const perPage = Math.max(1, Number(p.optional('zonesPerPage') ?? 10));
    const totalPages = Math.max(1, Math.ceil(zones.length / perPage));
    const pageNumber = Math.min(Math.max(1, Number(page)), totalPages);
    const slice = zones.slice((pageNumber - 1) * perPage, pageNumber * perPage);
    return { pageNumber, totalPages, totalZones: zones.length, zones: slice };
  }

  createZone(p: Params): Record<string, unknown> {
    const name = zoneNameFromInput(p.required('zone', 'domain'));
    const type = p.optional('type') ?? 'Primary';
    if (type.toLowerCase() !== 'primary') {
      throw new TechnitiumApiError(`Zone type not supported by this fake: ${type}`);
    }
    const zone = this.state.createZone(name, { type: 'Primary' satisfies FakeZoneType });
    return { domain: zone.name };
  }

  deleteZone(p: Params): Record<string, unknown> {
    const name = p.domain('zone', 'domain');
    const zone = this.state.zones.get(name);
    if (!zone) throw new TechnitiumApiError(`No such zone was found: ${name}`);
    if (zone.internal) throw new TechnitiumApiError('Access was denied to manage internal DNS Server zone.');
    this.state.zones.delete(name);
    return {};
  }

  getRecords(p: Params): Record<string, unknown> {
    const { domain, zone } = this.target(p, false);
    const records = p.bool('listZone', false) ? zone.records : this.state.recordsAt(zone, domain);
    return { zone: zoneJson(zone), records: sortRecords(records).map(recordJson) };
  }

  addRecord(p: Params): Record<string, unknown> {
    const { domain, zone } = this.target(p, true);
    const type = recordType(p);
    const ttl = p.seconds('ttl', this.defaultTtl);
    let overwrite = p.bool('overwrite', false);
    const comments = p.raw('comments') ?? '';
    const expiryTtl = p.seconds('expiryTtl', 0);
    let rData: Record<string, unknown>;
    if (type === 'A' || type === 'AAAA') {
      const address = parseAddress(type, p.required('ipAddress', 'value'));
      // ptr=true writes the PTR first, with replace semantics, the same TTL/expiry, no comments.
      if (p.bool('ptr', false))
        this.writePtr(type, address, domain, ttl, expiryTtl, p.bool('createPtrZone', false));
      rData = { ipAddress: address };
    } else if (type === 'CNAME') {
      if (!overwrite && this.state.recordsAt(zone, domain, 'CNAME').length > 0) {
        throw new TechnitiumApiError(
          'Record already exists. Use overwrite option if you wish to overwrite existing record.',
        );
      }
      const cname = p.domain('cname', 'value');
      if (cname === domain)
        throw new TechnitiumApiError('CNAME domain name cannot be same as that of the record name.');
      rData = { cname };
      overwrite = true; // the server forces replace semantics for CNAME
    } else {
      rData = simpleRData(type, p, '');
    }
    const input = { name: domain, type, rData, ttl, comments, expiryTtl };
    let added: FakeRecord;
    if (overwrite) {
      added = this.state.setRecord(zone, input);
    } else {
      if (!this.state.addRecord(zone, input))
        throw new TechnitiumApiError('Cannot add record: record already exists.');
      added = this.state.recordsAt(zone, domain, type).at(-1) as FakeRecord;
    }
    return { zone: zoneJson(zone), addedRecord: recordJson(added) };
  }

  updateRecord(p: Params): Record<string, unknown> {
    const { domain, zone } = this.target(p, true);
    const newDomain = p.optionalDomain('newDomain') ?? domain;
    const type = recordType(p);
    // Update is not a patch: everything below replaces the stored value, defaults included.
    const ttl = p.seconds('ttl', this.defaultTtl);
    const disabled = p.bool('disable', false);
    const comments = p.raw('comments') ?? '';
    const expiryTtl = p.seconds('expiryTtl', 0);
    let oldKey: string | undefined;
    let rData: Record<string, unknown>;
    if (type === 'A' || type === 'AAAA') {
      const address = parseAddress(type, p.required('ipAddress', 'value'));
      const newAddress = parseAddress(type, p.optional('newIpAddress', 'newValue') ?? address);
      if (p.bool('ptr', false)) {
        const oldPtr = technitiumReverseZone(address, type === 'A' ? 32 : 128);
        const oldReverse = this.state.findZone(oldPtr);
        this.writePtr(type, newAddress, newDomain, ttl, expiryTtl, p.bool('createPtrZone', false), () => {
          if (oldReverse && isLocalWritable(oldReverse)) this.state.deleteRecords(oldReverse, oldPtr, 'PTR');
        });
      }
      oldKey = address;
      rData = { ipAddress: newAddress };
    } else if (type === 'CNAME') {
      // The single CNAME at the name is replaced by `cname`, whatever its current target.
      const cname = p.domain('cname', 'value');
      if (cname === newDomain)
        throw new TechnitiumApiError('CNAME domain name cannot be same as that of the record name.');
      rData = { cname };
    } else {
      oldKey = rdataKey(type, simpleRData(type, p, ''));
      rData = simpleRData(type, p, 'new');
    }
    const old = this.state
      .recordsAt(zone, domain, type)
      .find((r) => oldKey === undefined || rdataKey(type, r.rData) === oldKey);
    if (!old) throw new TechnitiumApiError('Cannot update record: the old record does not exists.');
    this.state.deleteRecords(zone, domain, type, rdataKey(type, old.rData));
    const input = { name: newDomain, type, rData, ttl, disabled, comments, expiryTtl };
    if (type === 'CNAME') this.state.setRecord(zone, input);
    else this.state.addRecord(zone, input);
    const updated = this.state
      .recordsAt(zone, newDomain, type)
      .find((r) => rdataKey(type, r.rData) === rdataKey(type, rData));
    return { zone: zoneJson(zone), updatedRecord: recordJson(updated as FakeRecord) };
  }

  deleteRecord(p: Params): Record<string, unknown> {
    const { domain, zone } = this.target(p, true);
    const type = recordType(p);
    const missing = (): never => {
      throw new TechnitiumApiError('Cannot delete record: no such record exists.');
    };
    if (type === 'A' || type === 'AAAA') {
      const address = parseAddress(type, p.required('ipAddress', 'value'));
      if (this.state.deleteRecords(zone, domain, type, address).length === 0) missing();
      // Side effect: the PTR pointing at `domain` goes too, when its zone is local.
      const ptrName = technitiumReverseZone(address, type === 'A' ? 32 : 128);
      const reverse = this.state.findZone(ptrName);
      if (reverse && isLocalWritable(reverse)) {
        const ptr = this.state
          .recordsAt(reverse, ptrName, 'PTR')
          .find((r) => rdataKey('PTR', r.rData) === domain);
        if (ptr) this.state.deleteRecords(reverse, ptrName, 'PTR', domain);
      }
    } else if (type === 'CNAME') {
      if (this.state.deleteRecords(zone, domain, 'CNAME').length === 0) missing();
    } else {
      const key = rdataKey(type, simpleRData(type, p, ''));
      if (this.state.deleteRecords(zone, domain, type, key).length === 0) missing();
    }
    return {};
  }

  /** The prologue of every record call: `domain`, the zone that holds it, internal zones refused. */
  private target(p: Params, write: boolean): { domain: string; zone: FakeZone } {
    const domain = p.domain('domain');
    const zone = this.state.findZone(p.optionalDomain('zone') ?? domain);
    if (!zone) throw new TechnitiumApiError(`No such zone was found: ${domain}`);
    if (write && zone.internal)
      throw new TechnitiumApiError('Access was denied to manage internal DNS Server zone.');
    return { domain, zone };
  }

  private writePtr(
    type: 'A' | 'AAAA',
    address: string,
    target: string,
    ttl: number,
    expiryTtl: number,
    createPtrZone: boolean,
    beforeWrite: () => void = () => undefined,
  ): void {
    const ptrName = technitiumReverseZone(address, type === 'A' ? 32 : 128);
    let reverse = this.state.findZone(ptrName);
    if (!reverse) {
      if (!createPtrZone) throw new TechnitiumApiError('No reverse zone available to add PTR record.');
      reverse = this.state.createZone(technitiumReverseZone(address, type === 'A' ? 24 : 64));
    }
    if (reverse.internal) throw new TechnitiumApiError(`Reverse zone '${reverse.name}' is an internal zone.`);
    if (!isLocalWritable(reverse)) {
      throw new TechnitiumApiError(`Reverse zone '${reverse.name}' is not a primary or forwarder zone.`);
    }
    beforeWrite();
    this.state.setRecord(reverse, { name: ptrName, type: 'PTR', rData: { ptrName: target }, ttl, expiryTtl });
  }
}

function isLocalWritable(zone: FakeZone): boolean {
  return !zone.internal && (zone.type === 'Primary' || zone.type === 'Forwarder');
}

/** `zone` of zones/create: a domain, an IP (full reverse name) or a CIDR (reverse zone). */
function zoneNameFromInput(input: string): string {
  const value = input.trim();
  if (ipaddr.isValid(value))
    return technitiumReverseZone(value, ipaddr.parse(value).kind() === 'ipv4' ? 32 : 128);
  const [address, width] = value.split('/');
  if (width !== undefined && address !== undefined && ipaddr.isValid(address) && /^\d+$/.test(width)) {
    return technitiumReverseZone(address, Number(width));
  }
  if (value.includes('*'))
    throw new TechnitiumApiError('Domain name for a zone cannot contain wildcard character.');
  return trimDots(value);
}

const SUPPORTED_TYPES = ['A', 'AAAA', 'CNAME', 'PTR', 'TXT', 'NS'];

function recordType(p: Params): string {
  const type = p.required('type').toUpperCase();
  if (!SUPPORTED_TYPES.includes(type))
    throw new TechnitiumApiError(`Record type not supported by this fake: ${type}`);
  return type;
}

/** Rdata of PTR/TXT/NS from `ptrName`/`text`/`nameServer` (or `value`), `prefix` `new` for updates. */
function simpleRData(type: string, p: Params, prefix: '' | 'new'): Record<string, unknown> {
  const field = type === 'PTR' ? 'ptrName' : type === 'TXT' ? 'text' : 'nameServer';
  const name = prefix === '' ? field : `new${field[0]?.toUpperCase()}${field.slice(1)}`;
  const alternate = prefix === '' ? 'value' : 'newValue';
  const fallback = prefix === '' ? undefined : p.optional(field, 'value');
  const raw =
    fallback === undefined ? p.required(name, alternate) : (p.optional(name, alternate) ?? fallback);
  if (type === 'TXT') return { text: raw, splitText: false, characterStrings: [raw] };
  return { [field]: trimDots(raw) };
}

function sortRecords(records: readonly FakeRecord[]): FakeRecord[] {
  return [...records].sort(
    (a, b) =>
      a.name.localeCompare(b.name) ||
      a.type.localeCompare(b.type) ||
      rdataKey(a.type, a.rData).localeCompare(rdataKey(b.type, b.rData)),
  );
}

export function zoneJson(zone: FakeZone): Record<string, unknown> {
  return {
    name: zone.name,
    type: zone.type,
    internal: zone.internal,
    dnssecStatus: 'Unsigned',
    soaSerial: zone.soaSerial,
    lastModified: zone.lastModified,
    disabled: zone.disabled,
  };
}

export function recordJson(record: FakeRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    name: record.name,
    type: record.type,
    ttl: record.ttl,
    ttlString: durationString(record.ttl),
    disabled: record.disabled,
    rData: record.rData,
    dnssecStatus: 'Unknown',
    lastUsedOn: '0001-01-01T00:00:00',
    lastModified: record.lastModified,
    expiryTtl: record.expiryTtl,
    expiryTtlString: durationString(record.expiryTtl),
  };
  if (record.comments) json.comments = record.comments;
  return json;
}

/** `3600` → `1h`, `90` → `1m30s`, `0` → `0s` (the `*String` companions of TTL fields). */
function durationString(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join('');
}
