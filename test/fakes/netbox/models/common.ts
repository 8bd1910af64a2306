import { parseInterface } from '../ip.js';
import { nested, nestedGeneric } from '../serialize.js';
import type { RenderContext } from '../schema.js';
import type { FieldErrors, ObjectType, StoredRecord } from '../types.js';

type Computed = (record: StoredRecord, ctx: RenderContext) => unknown;

/** Computed keys that always render as `null` (features the fake does not model). */
export function alwaysNull(...keys: string[]): Record<string, Computed> {
  return Object.fromEntries(keys.map((key) => [key, () => null]));
}

/** Computed keys that always render as `[]`. */
export function alwaysEmpty(...keys: string[]): Record<string, Computed> {
  return Object.fromEntries(keys.map((key) => [key, () => []]));
}

/** `family` choice from an address/prefix field. */
export function familyOf(fieldName: string): Computed {
  return (record) => {
    const parsed = parseInterface(String(record[fieldName] ?? ''));
    const family = parsed?.family ?? 4;
    return { value: family, label: `IPv${family}` };
  };
}

/** The nested `scope` of a record with `scope_type`/`scope_id`. */
export const scope: Computed = (record, ctx) => nestedGeneric(ctx, record['scope_type'], record['scope_id']);

/** The pre-4.2 `site` key derived from the scope. */
export const siteFromScope: Computed = (record, ctx) =>
  record['scope_type'] === 'dcim.site' ? nested(ctx, 'dcim.site', record['scope_id']) : null;

/** Nested IP used by `primary_ip4`/`primary_ip6`/`oob_ip` (brief + dns_name, NAT since 4.6). */
export const PRIMARY_IP_KEYS = [
  'id',
  'url',
  'display',
  'family',
  'address',
  'description',
  'dns_name',
  'nat_inside@4.6',
  'nat_outside@4.6',
] as const;

/** NetBox's `primary_ip`: IPv6 first unless `PREFER_IPV4` (default off). */
export const primaryIp: Computed = (record, ctx) =>
  nested(ctx, 'ipam.ipaddress', record['primary_ip6'] ?? record['primary_ip4'], PRIMARY_IP_KEYS);

/** Reverse count: how many `type` records point at this one through `field`. */
export function countOf(type: ObjectType, fieldName: string): Computed {
  return (record, ctx) => ctx.store.countBy(type, fieldName, record.id);
}

/** Output tail shared by "primary" models. */
export const TAIL = ['owner', 'comments', 'tags', 'custom_fields', 'created', 'last_updated'] as const;

/** Interfaces (device or VM) of a host. */
export function hostInterfaces(
  ctx: RenderContext,
  host: 'device' | 'virtual_machine',
  id: number,
): readonly StoredRecord[] {
  const type: ObjectType = host === 'device' ? 'dcim.interface' : 'virtualization.vminterface';
  return ctx.store.referencing(type, host, id);
}

/**
 * A host's `primary_ip4`/`primary_ip6` must be of that family and assigned to one of its
 * interfaces (or NAT-inside such an address).
 */
export function checkPrimaryIps(
  candidate: StoredRecord,
  host: 'device' | 'virtual_machine',
  ctx: RenderContext,
): FieldErrors {
  const errors: FieldErrors = {};
  const ifaceType: ObjectType = host === 'device' ? 'dcim.interface' : 'virtualization.vminterface';
  const ifaceIds = new Set(hostInterfaces(ctx, host, candidate.id).map((iface) => iface.id));
  const assignedHere = (ip: StoredRecord | undefined): boolean =>
    ip !== undefined &&
    ip['assigned_object_type'] === ifaceType &&
    ifaceIds.has(ip['assigned_object_id'] as number);
  for (const family of [4, 6] as const) {
    const key = `primary_ip${family}`;
    const id = candidate[key];
    if (typeof id !== 'number') continue;
    const ip = ctx.store.get('ipam.ipaddress', id);
    const parsed = parseInterface(String(ip?.['address'] ?? ''));
    if (parsed && parsed.family !== family) {
      errors[key] = [
        `Must be an IPv${family} address. (${String(ip?.['address'])} is an IPv${parsed.family} address.)`,
      ];
      continue;
    }
    const natInside =
      typeof ip?.['nat_inside'] === 'number' ? ctx.store.get('ipam.ipaddress', ip['nat_inside']) : undefined;
    if (!assignedHere(ip) && !assignedHere(natInside)) {
      const what = host === 'device' ? 'device' : 'VM';
      errors[key] = [
        `The specified IP address (${String(ip?.['address'])}) is not assigned to this ${what}.`,
      ];
    }
  }
  return errors;
}

/** Case-insensitive "contains" over some string fields (the `q` filter). */
export function textOf(record: StoredRecord, keys: readonly string[]): string {
  return keys
    .map((key) => String(record[key] ?? ''))
    .join('\u0000')
    .toLowerCase();
}
