/**
 * The inventory: the NetBox data nbsync loaded, normalised so that sinks never see NetBox's
 * version differences (MAC objects since 4.2, disk sizes in MB since 4.1, `scope` on prefixes
 * since 4.2, choice objects, decimal strings). Sinks derive their desired resources from this
 * alone; it is plain data (no methods), safe to serialise.
 *
 * Invariants: ids are NetBox primary keys; lists are sorted by id; every cross reference
 * (`vmId`, `interfaceId`, …) points at an object present in the same inventory, or is `null`
 * when the loaded scope does not contain it.
 */
export interface Inventory {
  readonly netbox: NetBoxInfo;
  readonly prefixes: readonly Prefix[];
  readonly ipAddresses: readonly IpAddress[];
  readonly vlans: readonly Vlan[];
  readonly vlanGroups: readonly VlanGroup[];
  readonly devices: readonly Device[];
  readonly interfaces: readonly Interface[];
  readonly virtualMachines: readonly VirtualMachine[];
  readonly vmInterfaces: readonly Interface[];
  readonly virtualDisks: readonly VirtualDisk[];
  readonly clusters: readonly Cluster[];
  readonly tags: readonly Tag[];
}

/** Where the inventory came from. `url` is the NetBox base URL (UI links are built from it). */
export interface NetBoxInfo {
  readonly url: string;
  /** `major.minor.patch` as reported by `/api/status/`. */
  readonly version: string;
}

/** A nested reference to a named object (site, tenant, role, platform, cluster type…). */
export interface NamedRef {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
}

/** Custom field values keyed by field name; unset fields are `null`. */
export type CustomFields = Readonly<Record<string, unknown>>;

export interface Prefix {
  readonly id: number;
  /** CIDR, network address, e.g. `10.10.20.0/24`. */
  readonly prefix: string;
  readonly family: 4 | 6;
  readonly vrfId: number | null;
  readonly status: string;
  readonly vlanId: number | null;
  readonly tenant: NamedRef | null;
  readonly isPool: boolean;
  readonly tags: readonly string[];
  readonly customFields: CustomFields;
}

/** What an IP address is assigned to. */
export interface IpAssignment {
  readonly type: 'dcim.interface' | 'virtualization.vminterface' | 'ipam.fhrpgroup';
  readonly id: number;
}

export interface IpAddress {
  readonly id: number;
  /** Address with prefix length, as NetBox stores it, e.g. `10.10.20.5/24`. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly vrfId: number | null;
  readonly status: string;
  readonly role: string | null;
  /** Lower case, without a trailing dot; empty string when unset. */
  readonly dnsName: string;
  readonly assigned: IpAssignment | null;
  readonly tenant: NamedRef | null;
  readonly description: string;
  readonly tags: readonly string[];
  readonly customFields: CustomFields;
}

export interface Vlan {
  readonly id: number;
  readonly vid: number;
  readonly name: string;
  readonly groupId: number | null;
  readonly siteId: number | null;
  readonly status: string;
}

export interface VlanGroup {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
}

/** Fields shared by devices and virtual machines ("hosts" in inventory terms). */
export interface HostCommon {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly site: NamedRef | null;
  readonly tenant: NamedRef | null;
  readonly role: NamedRef | null;
  readonly platform: NamedRef | null;
  readonly primaryIp4Id: number | null;
  readonly primaryIp6Id: number | null;
  readonly description: string;
  readonly tags: readonly string[];
  readonly customFields: CustomFields;
}

export interface Device extends HostCommon {
  /** Devices may have no name in NetBox; those are loaded with name `""` and skipped by sinks. */
  readonly deviceType: string;
  readonly clusterId: number | null;
}

export interface VirtualMachine extends HostCommon {
  readonly clusterId: number | null;
  /** Number of vCPUs (NetBox stores a decimal); `null` when unset. */
  readonly vcpus: number | null;
  /** Memory in MB. */
  readonly memoryMb: number | null;
  /** Total disk in MB (converted from GB for NetBox < 4.1). */
  readonly diskMb: number | null;
}

/** A device interface or a VM interface; `parentType` tells which. */
export interface Interface {
  readonly id: number;
  readonly parentType: 'device' | 'virtualMachine';
  /** The device id or VM id. */
  readonly parentId: number;
  readonly name: string;
  readonly enabled: boolean;
  /** Primary MAC, normalised to lower-case colon form `bc:24:11:aa:bb:cc`; `null` when none. */
  readonly mac: string | null;
  readonly mode: string | null;
  readonly untaggedVlanId: number | null;
  readonly taggedVlanIds: readonly number[];
}

export interface VirtualDisk {
  readonly id: number;
  readonly vmId: number;
  readonly name: string;
  /** Size in MB (converted from GB for NetBox < 4.1). */
  readonly sizeMb: number;
}

export interface Cluster {
  readonly id: number;
  readonly name: string;
  readonly type: NamedRef | null;
  readonly group: NamedRef | null;
  readonly status: string;
}

export interface Tag {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
}

/** An inventory with nothing in it (useful as a base for fixtures). */
export function emptyInventory(netbox: NetBoxInfo): Inventory {
  return {
    netbox,
    prefixes: [],
    ipAddresses: [],
    vlans: [],
    vlanGroups: [],
    devices: [],
    interfaces: [],
    virtualMachines: [],
    vmInterfaces: [],
    virtualDisks: [],
    clusters: [],
    tags: [],
  };
}

/** The NetBox object reference used in owner marks and plans, e.g. `ipam.ipaddress/42`. */
export function objectRef(type: NetBoxObjectType, id: number): string {
  return `${type}/${id}`;
}

export type NetBoxObjectType =
  | 'ipam.prefix'
  | 'ipam.ipaddress'
  | 'ipam.vlan'
  | 'ipam.vlangroup'
  | 'dcim.device'
  | 'dcim.interface'
  | 'dcim.macaddress'
  | 'virtualization.virtualmachine'
  | 'virtualization.vminterface'
  | 'virtualization.virtualdisk'
  | 'virtualization.cluster'
  | 'extras.tag';
