// `netbox.filters` of the config: which NetBox objects nbsync loads. NetBox silently ignores a
// query parameter it does not know, so a typo would widen the scope unnoticed; every key is
// therefore checked at start against the filters openapi/netbox.yaml declares.
import { SyncError } from '../../model/errors.js';
import type { PageQuery, QueryOf } from './client.js';

/** The lists the config filters narrow; the others follow from them (see ./source.ts). */
export type ScopedKind = 'prefixes' | 'ipAddresses' | 'devices' | 'virtualMachines';
interface ScopedPaths {
  prefixes: '/api/ipam/prefixes/';
  ipAddresses: '/api/ipam/ip-addresses/';
  devices: '/api/dcim/devices/';
  virtualMachines: '/api/virtualization/virtual-machines/';
}

/**
 * The config filters each scoped list accepts: the filter parameters its operation declares in
 * openapi/netbox.yaml (a unit test keeps the two equal; the type keeps them declared).
 */
export const LIST_FILTERS = {
  prefixes: ['tag', 'tag__n', 'site', 'site_id', 'tenant', 'tenant_id', 'vrf', 'vrf_id', 'status', 'role'],
  ipAddresses: ['tag', 'tag__n', 'tenant', 'tenant_id', 'vrf', 'vrf_id', 'status', 'role'],
  devices: ['tag', 'tag__n', 'site', 'site_id', 'tenant', 'tenant_id', 'status', 'role', 'cluster_id'],
  virtualMachines: [
    'tag',
    'tag__n',
    'site',
    'site_id',
    'tenant',
    'tenant_id',
    'status',
    'role',
    'cluster',
    'cluster_id',
  ],
} as const satisfies { readonly [K in ScopedKind]: readonly (keyof QueryOf<ScopedPaths[K]>)[] };

export const SCOPED_KINDS = Object.keys(LIST_FILTERS) as ScopedKind[];

export type FilterConfig = Readonly<Record<string, readonly (string | number)[]>>;
export type ScopedQueries = { readonly [K in ScopedKind]: PageQuery };

/**
 * Turn `netbox.filters` into one query per scoped list. A plain key (`tag`) applies to every
 * scoped list that declares it; `<list>.<filter>` (`ipAddresses.status`) to that list only —
 * needed for choice filters, whose valid values differ per object type. Throws
 * NETBOX_FILTER_INVALID naming the bad key and the valid ones.
 */
export function resolveFilters(filters: FilterConfig = {}): ScopedQueries {
  const queries: Record<ScopedKind, Record<string, (string | number)[]>> = {
    prefixes: {},
    ipAddresses: {},
    devices: {},
    virtualMachines: {},
  };
  const declares = (kind: ScopedKind, name: string): boolean =>
    (LIST_FILTERS[kind] as readonly string[]).includes(name);
  for (const [key, values] of Object.entries(filters)) {
    const [first, second] = key.split('.');
    const scoped = second !== undefined && (SCOPED_KINDS as string[]).includes(first ?? '');
    const name = scoped ? second : key;
    const kinds = scoped ? [first as ScopedKind] : SCOPED_KINDS.filter((k) => declares(k, name));
    if (kinds.length === 0 || !kinds.every((k) => declares(k, name)) || key.split('.').length > 2) {
      throw invalid(key, scoped ? `the ${first} list has no filter "${name}"` : 'NetBox would ignore it');
    }
    if (!Array.isArray(values) || values.length === 0) throw invalid(key, 'give a non-empty list of values');
    const checked = values.map((v) => checkValue(key, name, v));
    for (const kind of kinds) queries[kind][name] = checked;
  }
  return queries;
}

function checkValue(key: string, name: string, value: unknown): string | number {
  if (name.endsWith('_id')) {
    const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
      throw invalid(key, 'ids are whole numbers');
    return id;
  }
  if ((typeof value !== 'string' || value === '') && typeof value !== 'number') {
    throw invalid(key, 'values are non-empty strings');
  }
  return String(value);
}

function invalid(key: string, why: string): SyncError {
  const plain = [...new Set(SCOPED_KINDS.flatMap((k) => LIST_FILTERS[k]))].sort();
  const perList = SCOPED_KINDS.map((k) => `${k}: ${LIST_FILTERS[k].join(', ')}`).join('; ');
  return new SyncError(
    'NETBOX_FILTER_INVALID',
    `netbox.filters.${key} is not a valid filter (${why}). Valid filters: ${plain.join(', ')}; ` +
      `or <list>.<filter> for one list only (${perList})`,
    { details: { key, valid: plain } },
  );
}
