/** Internal and public types of the NetBox fake. */

/** NetBox object types (`app_label.model`) the fake stores. */
export type ObjectType =
  | 'ipam.prefix'
  | 'ipam.ipaddress'
  | 'ipam.vlan'
  | 'ipam.vlangroup'
  | 'ipam.vrf'
  | 'ipam.role'
  | 'dcim.site'
  | 'dcim.manufacturer'
  | 'dcim.devicetype'
  | 'dcim.devicerole'
  | 'dcim.platform'
  | 'dcim.device'
  | 'dcim.interface'
  | 'dcim.macaddress'
  | 'tenancy.tenant'
  | 'virtualization.clustertype'
  | 'virtualization.clustergroup'
  | 'virtualization.cluster'
  | 'virtualization.virtualmachine'
  | 'virtualization.vminterface'
  | 'virtualization.virtualdisk'
  | 'extras.tag'
  | 'extras.customfield'
  | 'extras.journalentry'
  | 'extras.webhook'
  | 'extras.eventrule'
  | 'core.objectchange'
  | 'users.user';

/** A JSON object as read from or written to the wire. */
export type JsonObject = Record<string, unknown>;

/**
 * A stored record: write-field names with normalised values (foreign keys as ids, choices as
 * bare values, `tags` as tag ids, sizes in MB), plus `id`, `created`, `last_updated`.
 */
export interface StoredRecord {
  id: number;
  [field: string]: unknown;
}

/** DRF-style field errors: `{field: [messages]}` (values may nest for custom fields). */
export type FieldErrors = Record<string, unknown>;

/** Options of {@link FakeNetBox}. */
export interface FakeNetBoxOptions {
  /** Emulated NetBox version, `4.0`…`4.6.x`; default `4.6.8`. */
  version?: string;
  /** Accepted tokens: v1 plaintext (`Token x`) and v2 `nbt_KEY.SECRET` (`Bearer nbt_…`, 4.5+). */
  tokens?: string[];
  /** Tokens accepted for reads only (403 on writes). */
  readOnlyTokens?: string[];
  /** `MAX_PAGE_SIZE`; default 1000. */
  maxPageSize?: number;
  /** `PAGINATE_COUNT` (default page size); default 50. */
  paginateCount?: number;
  /** Clock for `created`/`last_updated`/change times; default the system clock. */
  now?: () => Date;
}

/** One entry of the request log. */
export interface RequestLogEntry {
  method: string;
  /** The absolute request URL. */
  url: string;
  status: number;
}
