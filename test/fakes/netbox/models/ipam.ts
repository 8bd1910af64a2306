import { compareIp, containsHost, networkOf, parseInterface, type ParsedIp } from '../ip.js';
import { nested, nestedGeneric } from '../serialize.js';
import { CHOICES, field, type ModelDef, type RenderContext, type SpecialFilter } from '../schema.js';
import type { FieldErrors, StoredRecord } from '../types.js';
import { familyOf, hostInterfaces, TAIL } from './common.js';

const parsedCache = new WeakMap<StoredRecord, ParsedIp | null>();

/** The parsed `address`/`prefix` of a record (cached: records are immutable). */
export function parsedOf(record: StoredRecord): ParsedIp | null {
  let parsed = parsedCache.get(record);
  if (parsed === undefined) {
    parsed = parseInterface(String(record['address'] ?? record['prefix'] ?? ''));
    parsedCache.set(record, parsed);
  }
  return parsed;
}

export function byAddress(a: StoredRecord, b: StoredRecord): number {
  const pa = parsedOf(a);
  const pb = parsedOf(b);
  return (pa && pb ? compareIp(pa, pb) : 0) || a.id - b.id;
}

/** A filter whose values are CIDRs/addresses; unparseable values match nothing (NetBox's behaviour). */
export function ipFilter(test: (value: ParsedIp, record: StoredRecord) => boolean): SpecialFilter {
  return {
    build(values) {
      const parsed = values.map((value) => parseInterface(value)).filter((value) => value !== null);
      return (record) => parsed.some((value) => test(value, record));
    },
  };
}

export function intFilter(
  test: (value: number, record: StoredRecord, ctx: RenderContext) => boolean,
): SpecialFilter {
  return {
    validate: (values) => (values.every((value) => /^\d+$/.test(value)) ? undefined : ['Enter a number.']),
    build: (values, ctx) => (record) => values.some((value) => test(Number(value), record, ctx)),
  };
}

export const familyFilter: SpecialFilter = {
  build: (values) => (record) => values.includes(String(parsedOf(record)?.family)),
};
export const maskFilter: SpecialFilter = {
  build: (values) => (record) => values.includes(String(parsedOf(record)?.length)),
};

/** The host (device or VM) id an IP is assigned to, through its interface. */
function hostOf(record: StoredRecord, ctx: RenderContext, host: 'device' | 'virtual_machine'): number | null {
  const ifaceType = host === 'device' ? 'dcim.interface' : 'virtualization.vminterface';
  if (record['assigned_object_type'] !== ifaceType) return null;
  const iface = ctx.store.get(ifaceType, record['assigned_object_id'] as number);
  return (iface?.[host] as number | undefined) ?? null;
}

function hostNameFilter(host: 'device' | 'virtual_machine'): SpecialFilter {
  const type = host === 'device' ? 'dcim.device' : 'virtualization.virtualmachine';
  return {
    build: (values, ctx) => (record) => {
      const id = hostOf(record, ctx, host);
      return id !== null && values.includes(String(ctx.store.get(type, id)?.['name']));
    },
  };
}

export function checkDuplicates(
  candidate: StoredRecord,
  key: 'address' | 'prefix',
  ctx: RenderContext,
  sameHost: (a: ParsedIp, b: ParsedIp) => boolean,
): FieldErrors | undefined {
  const parsed = parsedOf(candidate);
  const vrfId = (candidate['vrf'] as number | null) ?? null;
  const vrfRecord = vrfId === null ? undefined : ctx.store.get('ipam.vrf', vrfId);
  if (!parsed || (vrfRecord && !vrfRecord['enforce_unique'])) return undefined;
  const type = key === 'address' ? 'ipam.ipaddress' : 'ipam.prefix';
  const nonUnique = ['anycast', 'vip', 'vrrp', 'hsrp', 'glbp', 'carp'];
  const duplicate = ctx.store.ordered(type).find((other) => {
    if (other.id === candidate.id || ((other['vrf'] as number | null) ?? null) !== vrfId) return false;
    const otherParsed = parsedOf(other);
    if (!otherParsed || !sameHost(parsed, otherParsed)) return false;
    return !(
      key === 'address' &&
      nonUnique.includes(String(candidate['role'])) &&
      nonUnique.includes(String(other['role']))
    );
  });
  if (!duplicate) return undefined;
  const table = vrfRecord ? `VRF ${String(vrfRecord['name'])}` : 'global table';
  const what = key === 'address' ? 'IP address' : 'prefix';
  return { [key]: [`Duplicate ${what} found in ${table}: ${String(duplicate[key])}`] };
}

const DNS_NAME = /^([0-9A-Za-z_-]+|\*)(\.[0-9A-Za-z_-]+)*\.?$/;

export const ipAddress: ModelDef = {
  type: 'ipam.ipaddress',
  className: 'IPAddress',
  path: 'ipam/ip-addresses',
  fields: {
    address: field.str({ required: true }),
    vrf: field.fk('ipam.vrf', { onDelete: 'protect' }),
    tenant: field.fk('tenancy.tenant', { onDelete: 'set-null' }),
    status: field.choice(CHOICES.ipStatus, { default: 'active' }),
    role: field.choice(CHOICES.ipRole, { nullable: true, default: null }),
    assigned_object_type: {
      kind: 'generic-type',
      allowed: ['dcim.interface', 'virtualization.vminterface'],
      idField: 'assigned_object_id',
      onDelete: 'cascade',
    },
    assigned_object_id: { kind: 'generic-id' },
    nat_inside: field.fk('ipam.ipaddress', { onDelete: 'set-null' }),
    dns_name: field.str({ default: '' }),
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'family',
    'address',
    'vrf',
    'tenant',
    'status',
    'role',
    'assigned_object_type',
    'assigned_object_id',
    'assigned_object',
    'nat_inside',
    'nat_outside',
    'dns_name',
    'description',
    ...TAIL,
  ],
  computed: {
    family: familyOf('address'),
    assigned_object: (record, ctx) =>
      nestedGeneric(ctx, record['assigned_object_type'], record['assigned_object_id']),
    nat_outside: (record, ctx) =>
      ctx.store
        .referencing('ipam.ipaddress', 'nat_inside', record.id)
        .map((ip) => nested(ctx, 'ipam.ipaddress', ip.id)),
  },
  brief: ['id', 'url', 'display', 'family', 'address', 'description'],
  display: (record) => String(record['address']),
  tags: true,
  customFields: true,
  search: ['address', 'dns_name', 'description'],
  compare: byAddress,
  filters: {
    address: ipFilter((value, record) => {
      const parsed = parsedOf(record);
      return parsed !== null && parsed.family === value.family && parsed.value === value.value;
    }),
    parent: ipFilter((value, record) => {
      const parsed = parsedOf(record);
      return parsed !== null && containsHost({ ...value, value: networkOf(value) }, parsed);
    }),
    family: familyFilter,
    mask_length: maskFilter,
    device_id: intFilter((id, record, ctx) => hostOf(record, ctx, 'device') === id),
    virtual_machine_id: intFilter((id, record, ctx) => hostOf(record, ctx, 'virtual_machine') === id),
    device: hostNameFilter('device'),
    virtual_machine: hostNameFilter('virtual_machine'),
    interface_id: intFilter(
      (id, record) =>
        record['assigned_object_type'] === 'dcim.interface' && record['assigned_object_id'] === id,
    ),
    vminterface_id: intFilter(
      (id, record) =>
        record['assigned_object_type'] === 'virtualization.vminterface' &&
        record['assigned_object_id'] === id,
    ),
    assigned_to_interface: {
      build: (values) => (record) =>
        values.some(
          (value) =>
            (value.toLowerCase() === 'true') ===
            (record['assigned_object_type'] !== null && record['assigned_object_type'] !== undefined),
        ),
    },
  },
  clean(candidate, previous, ctx) {
    const parsed = parseInterface(String(candidate['address']));
    if (!parsed) return { address: ['Enter a valid IPv4 or IPv6 address with optional mask.'] };
    if (parsed.length === 0) return { address: ['Cannot create IP address with /0 mask.'] };
    candidate['address'] = parsed.canonical;
    const dnsName = String(candidate['dns_name'] ?? '');
    if (dnsName !== '' && !DNS_NAME.test(dnsName)) {
      return {
        dns_name: [
          'Only alphanumeric characters, asterisks, hyphens, periods, and underscores are allowed in DNS names',
        ],
      };
    }
    candidate['dns_name'] = dnsName.toLowerCase();
    const type = candidate['assigned_object_type'];
    const id = candidate['assigned_object_id'];
    if ((type === null || type === undefined) !== (id === null || id === undefined)) {
      return { non_field_errors: ['assigned_object_type and assigned_object_id must be set together.'] };
    }
    if (typeof type === 'string' && typeof id === 'number') {
      if (!ctx.store.get(type as 'dcim.interface', id)) {
        return { assigned_object_id: [`Related object not found using the provided numeric ID: ${id}`] };
      }
      const host = parsed.value;
      const network = networkOf(parsed);
      const width = parsed.family === 4 ? 32 : 128;
      const broadcast = network | ((1n << BigInt(width - parsed.length)) - 1n);
      const address = String(candidate['address']).split('/')[0];
      if (host === network && parsed.length < width - 1) {
        return {
          non_field_errors: [`${address} is a network ID, which may not be assigned to an interface.`],
        };
      }
      if (parsed.family === 4 && host === broadcast && parsed.length < 31) {
        return {
          non_field_errors: [`${address} is a broadcast address, which may not be assigned to an interface.`],
        };
      }
    }
    if (previous && isPrimaryElsewhere(previous, candidate, ctx)) {
      return {
        interface: [
          'Cannot reassign IP address while it is designated as the primary IP for the parent object',
        ],
      };
    }
    return checkDuplicates(candidate, 'address', ctx, (a, b) => a.family === b.family && a.value === b.value);
  },
};

/** NetBox refuses to move an IP away from a host that uses it as primary IP. */
function isPrimaryElsewhere(previous: StoredRecord, candidate: StoredRecord, ctx: RenderContext): boolean {
  const moved =
    previous['assigned_object_type'] !== candidate['assigned_object_type'] ||
    previous['assigned_object_id'] !== candidate['assigned_object_id'];
  if (!moved) return false;
  for (const host of ['device', 'virtual_machine'] as const) {
    const hostId = hostOf(previous, ctx, host);
    if (hostId === null) continue;
    const hostRecord = ctx.store.get(
      host === 'device' ? 'dcim.device' : 'virtualization.virtualmachine',
      hostId,
    );
    if (
      hostRecord &&
      (hostRecord['primary_ip4'] === previous.id || hostRecord['primary_ip6'] === previous.id)
    ) {
      return !hostInterfaces(ctx, host, hostId).some(
        (iface) =>
          iface.id === candidate['assigned_object_id'] &&
          previous['assigned_object_type'] === candidate['assigned_object_type'],
      );
    }
  }
  return false;
}
