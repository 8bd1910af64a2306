// netbox.filters: the runtime list equals what openapi/netbox.yaml declares; resolution rules.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import { LIST_FILTERS, resolveFilters } from '../../src/sources/netbox/index.js';

interface Param {
  name?: string;
  in?: string;
  $ref?: string;
}
const doc = parse(readFileSync(new URL('../../openapi/netbox.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, { get: { parameters: Param[] } }>;
  components: { parameters: Record<string, Param> };
};
/** Paging, shaping and the parent/id selectors nbsync sets itself: never config filters. */
const RESERVED = new Set([
  'limit',
  'offset',
  'start',
  'fields',
  'omit',
  'brief',
  'exclude',
  'ordering',
  'id',
  'device_id',
  'virtual_machine_id',
  'interface_id',
  'vminterface_id',
]);
const PATHS = {
  prefixes: '/api/ipam/prefixes/',
  ipAddresses: '/api/ipam/ip-addresses/',
  devices: '/api/dcim/devices/',
  virtualMachines: '/api/virtualization/virtual-machines/',
} as const;

function declaredFilters(path: string): string[] {
  return (doc.paths[path]?.get.parameters ?? [])
    .map((p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').at(-1) ?? ''] : p))
    .filter((p): p is Param => p?.in === 'query')
    .map((p) => p.name ?? '')
    .filter((name) => !RESERVED.has(name))
    .sort();
}

function invalid(filters: Record<string, (string | number)[]>): SyncError {
  try {
    resolveFilters(filters);
  } catch (err) {
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe('NETBOX_FILTER_INVALID');
    return err as SyncError;
  }
  throw new Error('expected NETBOX_FILTER_INVALID');
}

describe('LIST_FILTERS', () => {
  it.each(Object.entries(PATHS))(
    '%s accepts exactly the filters openapi/netbox.yaml declares',
    (kind, path) => {
      const declared = declaredFilters(path);

      const accepted = [...LIST_FILTERS[kind as keyof typeof PATHS]].sort();

      expect(accepted).toEqual(declared);
    },
  );
});

describe('resolveFilters', () => {
  it('gives each plain key to every scoped list that declares it, ids as numbers', () => {
    const queries = resolveFilters({ tenant: ['ops'], vrf_id: ['3', 4], cluster: ['pve-lab'] });

    expect(queries).toEqual({
      prefixes: { tenant: ['ops'], vrf_id: [3, 4] },
      ipAddresses: { tenant: ['ops'], vrf_id: [3, 4] },
      devices: { tenant: ['ops'] },
      virtualMachines: { tenant: ['ops'], cluster: ['pve-lab'] },
    });
  });

  it('gives a list-prefixed key to that list only', () => {
    const queries = resolveFilters({ 'ipAddresses.status': ['active', 'dhcp'] });

    expect(queries.ipAddresses).toEqual({ status: ['active', 'dhcp'] });
    expect(queries.virtualMachines).toEqual({});
  });

  it.each([
    [{ tags: ['x'] }, 'netbox.filters.tags is not a valid filter (NetBox would ignore it)'],
    [{ 'ipAddresses.site': ['lab'] }, 'the ipAddresses list has no filter "site"'],
    [{ 'interfaces.tag': ['x'] }, 'netbox.filters.interfaces.tag is not a valid filter'],
    [{ id: [1] }, 'netbox.filters.id is not a valid filter'],
    [{ site_id: ['lab'] }, 'ids are whole numbers'],
    [{ tag: [] }, 'give a non-empty list of values'],
  ])('refuses %j', (filters, text) => {
    const err = invalid(filters);

    expect(err.message).toContain(text);
    expect(err.message).toContain(
      'Valid filters: cluster, cluster_id, role, site, site_id, status, tag, tag__n, tenant, tenant_id, vrf, vrf_id',
    );
  });
});
