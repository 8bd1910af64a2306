// One entry per inventory list: where NetBox serves it, how its items are parsed for a given
// version, and how they map to the inventory.
import type { z } from 'zod';
import type { Inventory, NetBoxObjectType } from '../../model/inventory.js';
import { SyncError } from '../../model/errors.js';
import type { ListPath, PageQuery } from './client.js';
import {
  mapCluster,
  mapDevice,
  mapInterface,
  mapIpAddress,
  mapPrefix,
  mapTag,
  mapVirtualDisk,
  mapVirtualMachine,
  mapVlan,
  mapVlanGroup,
} from './map.js';
import {
  clusterSchema,
  deviceSchema,
  fieldsOf,
  interfaceSchemas,
  ipAddressSchema,
  prefixSchema,
  tagSchema,
  virtualDiskSchema,
  virtualMachineSchema,
  vlanGroupSchema,
  vlanSchema,
  vmInterfaceSchemas,
} from './schemas.js';
import type { Capabilities } from './version.js';

/** The lists of an inventory. */
export type ListKind = Exclude<keyof Inventory, 'netbox'>;
export type ItemOf<K extends ListKind> = Inventory[K][number];

export interface Endpoint<K extends ListKind> {
  readonly path: ListPath;
  readonly objectType: NetBoxObjectType;
  /** Devices and VMs render their config context unless told not to. */
  readonly hasConfigContext: boolean;
  schema(caps: Capabilities): z.ZodObject;
  map(parsed: never, caps: Capabilities): ItemOf<K>;
}

function endpoint<K extends ListKind, S extends z.ZodObject>(
  path: ListPath,
  objectType: NetBoxObjectType,
  schema: (caps: Capabilities) => S,
  map: (parsed: z.infer<S>, caps: Capabilities) => ItemOf<K>,
  hasConfigContext = false,
): Endpoint<K> {
  return { path, objectType, schema, map: map as Endpoint<K>['map'], hasConfigContext };
}

type InterfaceSchema = (typeof interfaceSchemas)[keyof typeof interfaceSchemas];
type VmInterfaceSchema = (typeof vmInterfaceSchemas)[keyof typeof vmInterfaceSchemas];

export const ENDPOINTS: { readonly [K in ListKind]: Endpoint<K> } = {
  prefixes: endpoint('/api/ipam/prefixes/', 'ipam.prefix', () => prefixSchema, mapPrefix),
  ipAddresses: endpoint('/api/ipam/ip-addresses/', 'ipam.ipaddress', () => ipAddressSchema, mapIpAddress),
  vlans: endpoint('/api/ipam/vlans/', 'ipam.vlan', () => vlanSchema, mapVlan),
  vlanGroups: endpoint('/api/ipam/vlan-groups/', 'ipam.vlangroup', () => vlanGroupSchema, mapVlanGroup),
  devices: endpoint('/api/dcim/devices/', 'dcim.device', () => deviceSchema, mapDevice, true),
  interfaces: endpoint<'interfaces', InterfaceSchema>(
    '/api/dcim/interfaces/',
    'dcim.interface',
    (caps) => (caps.macObjects ? interfaceSchemas.macObjects : interfaceSchemas.legacy),
    mapInterface,
  ),
  virtualMachines: endpoint(
    '/api/virtualization/virtual-machines/',
    'virtualization.virtualmachine',
    () => virtualMachineSchema,
    mapVirtualMachine,
    true,
  ),
  vmInterfaces: endpoint<'vmInterfaces', VmInterfaceSchema>(
    '/api/virtualization/interfaces/',
    'virtualization.vminterface',
    (caps) => (caps.macObjects ? vmInterfaceSchemas.macObjects : vmInterfaceSchemas.legacy),
    mapInterface,
  ),
  virtualDisks: endpoint(
    '/api/virtualization/virtual-disks/',
    'virtualization.virtualdisk',
    () => virtualDiskSchema,
    mapVirtualDisk,
  ),
  clusters: endpoint(
    '/api/virtualization/clusters/',
    'virtualization.cluster',
    () => clusterSchema,
    mapCluster,
  ),
  tags: endpoint('/api/extras/tags/', 'extras.tag', () => tagSchema, mapTag),
};

export const LIST_KINDS = Object.keys(ENDPOINTS) as ListKind[];

/** The shaping part of every list query: only the fields the mapper reads. */
export function shapingQuery(kind: ListKind, caps: Capabilities): PageQuery {
  const e = ENDPOINTS[kind];
  return {
    fields: fieldsOf(e.schema(caps)),
    ...(e.hasConfigContext ? { exclude: 'config_context' } : {}),
  };
}

/**
 * Parse and map raw items strictly: the first malformed item fails the whole read, naming the
 * object and the field (never dropped: a missing object would read as "deleted").
 */
export function parseItems<K extends ListKind>(
  kind: K,
  raw: readonly unknown[],
  caps: Capabilities,
): ItemOf<K>[] {
  const e: Endpoint<K> = ENDPOINTS[kind];
  const schema = e.schema(caps);
  return raw.map((item) => {
    const result = schema.safeParse(item);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || '(object)';
      const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
      const which = typeof id === 'number' ? `${e.objectType}/${id}` : `a ${e.objectType} without a valid id`;
      throw new SyncError(
        'NETBOX_PARSE',
        `NetBox returned a malformed ${which}: field ${field}: ${issue?.message ?? 'invalid'}; nothing was loaded`,
        { details: { objectType: e.objectType, id, field } },
      );
    }
    return e.map(result.data as never, caps);
  });
}
