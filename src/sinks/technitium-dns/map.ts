import {
  addressWithoutPrefix,
  findZone,
  isInZone,
  isReverseName,
  isValidDnsName,
  normalizeName,
  parseAliasList,
  reverseName,
} from '../../lib/dns-names.js';
import { SyncError } from '../../model/errors.js';
import { objectRef, type Inventory, type IpAddress } from '../../model/inventory.js';
import { parseOwnerMark } from '../../model/owner.js';
import type { Desired, Resource, Skipped } from '../../model/resource.js';

/** Record types this sink manages; everything else in a zone is left alone. */
export const MANAGED_TYPES = ['A', 'AAAA', 'CNAME', 'PTR'] as const;
export type ManagedType = (typeof MANAGED_TYPES)[number];

/** Compared attributes of a record; name, type and data are in the key. */
export type RecordSpec = { readonly ttl: number };

/** What a record key says: `<zone>/<name>/<TYPE>/<rdata>`. */
export interface RecordKey {
  readonly zone: string;
  readonly name: string;
  readonly type: ManagedType;
  readonly value: string;
}

export interface MapOptions {
  /** Managed zones, forward and reverse, normalised. */
  readonly zones: readonly string[];
  readonly ttl: number;
  readonly statuses: readonly string[];
  readonly defaultZone?: string | undefined;
  /** Also desire one `dns.zone` per managed zone (the sink may create missing zones). */
  readonly createZones: boolean;
}

export function recordKey(key: RecordKey): string {
  return `${key.zone}/${key.name}/${key.type}/${key.value}`;
}

/** Parse a key made by {@link recordKey}; `null` when it is not one. */
export function parseRecordKey(key: string): RecordKey | null {
  const parts = key.split('/');
  if (parts.length !== 4) return null;
  const [zone, name, type, value] = parts as [string, string, string, string];
  if (!(MANAGED_TYPES as readonly string[]).includes(type) || !zone || !name || !value) return null;
  return { zone, name, type: type as ManagedType, value };
}

interface AliasClaim {
  readonly alias: string;
  readonly zone: string;
  readonly target: string;
  readonly ttl: number;
  readonly source: string;
}

/**
 * The records the inventory asks for (DESIGN §6 "DNS records"). Pure. Each counting IP with a
 * name gives an A/AAAA in the managed zone that is the longest suffix of the name, a PTR in the
 * managed reverse zone holding the address (if any), and a CNAME per `dns_aliases` entry.
 * Equal keys from several IPs merge, the lowest IP id is the source; aliases claimed for
 * different targets, or colliding with an address name, are skipped as conflicts.
 */
export function desiredRecords(inventory: Inventory, options: MapOptions): Desired {
  const forward = options.zones.filter((z) => !isReverseName(z));
  const reverse = options.zones.filter((z) => isReverseName(z));
  const skipped: Skipped[] = [];
  const records = new Map<string, Resource>();
  const claims: AliasClaim[] = [];
  const recordNames = new Set<string>();
  const hostNames = defaultNames(inventory, options.defaultZone);

  const counting = inventory.ipAddresses
    .filter((ip) => options.statuses.includes(ip.status))
    .sort((a, b) => a.id - b.id);
  for (const ip of counting) {
    const source = objectRef('ipam.ipaddress', ip.id);
    const skip = (reason: string): void => {
      skipped.push({ source, reason });
    };
    const name = normalizeName(ip.dnsName || hostNames.get(ip.id) || '');
    if (name === '') continue;
    if (!isValidDnsName(name)) {
      skip(`"${name}" is not a valid DNS name`);
      continue;
    }
    const zone = findZone(name, forward);
    if (zone === null) {
      skip(`out of scope: ${name} is in no managed zone`);
      continue;
    }
    const ttl = recordTtl(ip, options.ttl);
    if (typeof ttl === 'string') {
      skip(ttl);
      continue;
    }
    const address = addressWithoutPrefix(ip.address);
    const type = ip.family === 4 ? 'A' : 'AAAA';
    addRecord(records, { zone, name, type, value: address }, ttl, source);
    recordNames.add(name);
    const ptrName = reverseName(address);
    const reverseZone = findZone(ptrName, reverse);
    if (reverseZone !== null) {
      addRecord(records, { zone: reverseZone, name: ptrName, type: 'PTR', value: name }, ttl, source);
      recordNames.add(ptrName);
    }
    for (const alias of parseAliasList(aliasText(ip), zone)) {
      const aliasZone = findZone(alias, forward);
      if (!isValidDnsName(alias)) skip(`alias "${alias}" is not a valid DNS name`);
      else if (alias === name) skip(`alias ${alias} is the name itself`);
      else if (aliasZone === null) skip(`out of scope: alias ${alias} is in no managed zone`);
      else claims.push({ alias, zone: aliasZone, target: name, ttl, source });
    }
  }
  addAliases(records, recordNames, claims, skipped);

  const resources: Resource[] = [...records.values()];
  if (options.createZones) {
    for (const zone of options.zones) resources.push({ kind: 'dns.zone', key: zone, spec: {}, meta: {} });
  }
  resources.sort((a, b) => (a.kind === b.kind ? compare(a.key, b.key) : a.kind === 'dns.zone' ? -1 : 1));
  skipped.sort((a, b) => compare(a.source, b.source) || compare(a.reason, b.reason));
  return { resources, skipped };
}

/**
 * One frozen spec object per TTL, shared by every record that has it: tens of thousands of
 * records carry a handful of TTLs, and specs are never mutated.
 */
const SPECS = new Map<number, RecordSpec>();
function specOf(ttl: number): RecordSpec {
  let spec = SPECS.get(ttl);
  if (!spec) SPECS.set(ttl, (spec = Object.freeze({ ttl })));
  return spec;
}

function addRecord(records: Map<string, Resource>, key: RecordKey, ttl: number, source: string): void {
  const text = recordKey(key);
  if (records.has(text)) return; // IPs come in id order: the first (lowest id) stays the source
  records.set(text, { kind: 'dns.record', key: text, spec: specOf(ttl), meta: { source } });
}

/** One CNAME per alias; an alias wanted for two targets, or also an address name, is a conflict. */
function addAliases(
  records: Map<string, Resource>,
  names: ReadonlySet<string>,
  claims: readonly AliasClaim[],
  skipped: Skipped[],
): void {
  const byAlias = new Map<string, AliasClaim[]>();
  for (const claim of claims) byAlias.set(claim.alias, [...(byAlias.get(claim.alias) ?? []), claim]);
  for (const [alias, list] of byAlias) {
    const targets = [...new Set(list.map((c) => c.target))].sort();
    if (targets.length > 1) {
      for (const c of list) {
        skipped.push({
          source: c.source,
          reason: `conflict: alias ${alias} is claimed for ${targets.join(' and ')}`,
        });
      }
      continue;
    }
    if (names.has(alias)) {
      for (const c of list) {
        skipped.push({
          source: c.source,
          reason: `conflict: alias ${alias} is also an address name; a CNAME must be alone`,
        });
      }
      continue;
    }
    const first = list[0] as AliasClaim;
    addRecord(
      records,
      { zone: first.zone, name: alias, type: 'CNAME', value: first.target },
      first.ttl,
      first.source,
    );
  }
}

/** `<name>.<defaultZone>` for each primary IP (v4 and v6) of a named VM or device. */
function defaultNames(inventory: Inventory, defaultZone: string | undefined): Map<number, string> {
  const names = new Map<number, string>();
  if (defaultZone === undefined) return names;
  const hosts = [...inventory.devices, ...inventory.virtualMachines];
  for (const host of hosts) {
    const label = normalizeName(host.name);
    if (label === '') continue;
    const name = isInZone(label, defaultZone) ? label : `${label}.${defaultZone}`;
    for (const id of [host.primaryIp4Id, host.primaryIp6Id]) {
      if (id !== null && !names.has(id)) names.set(id, name);
    }
  }
  return names;
}

/** Custom field `dns_ttl` or the sink TTL; a reason string when the field is not a valid TTL. */
function recordTtl(ip: IpAddress, fallback: number): number | string {
  const value = ip.customFields.dns_ttl;
  if (value === null || value === undefined || value === '') return fallback;
  const ttl = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 && ttl <= 2_147_483_647) return ttl;
  return `custom field dns_ttl must be a whole number of seconds, got ${JSON.stringify(value)}`;
}

function aliasText(ip: IpAddress): string {
  const value = ip.customFields.dns_aliases;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(',');
  return '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The parts of a Technitium record {@link observedRecord} reads. */
export interface ObservedInput {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly comments?: string | undefined;
  readonly rData: Readonly<Record<string, unknown>>;
}

/**
 * A record read from `zone` as a resource, or `null` for types this sink does not manage.
 * The owner mark comes from `comments`. Throws SINK_PARSE when the data of a managed type is
 * unreadable (fail closed: never drop a record silently).
 */
export function observedRecord(zone: string, record: ObservedInput): Resource | null {
  if (!(MANAGED_TYPES as readonly string[]).includes(record.type)) return null;
  const type = record.type as ManagedType;
  const field = { A: 'ipAddress', AAAA: 'ipAddress', CNAME: 'cname', PTR: 'ptrName' }[type];
  const raw = record.rData[field];
  let value: string;
  try {
    if (typeof raw !== 'string' || raw.trim() === '') throw new Error('missing');
    value = type === 'A' || type === 'AAAA' ? addressWithoutPrefix(raw) : normalizeName(raw);
  } catch {
    throw new SyncError(
      'SINK_PARSE',
      `record ${record.name} ${type} in zone ${zone} has no readable rData.${field}`,
    );
  }
  const key = recordKey({ zone, name: normalizeName(record.name), type, value });
  return {
    kind: 'dns.record',
    key,
    spec: specOf(record.ttl),
    meta: { owner: parseOwnerMark(record.comments) },
  };
}
