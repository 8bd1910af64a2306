// The public shapes of the NetBox source (implemented in ./source.ts).
import type { Logger } from 'pino';
import type { FetchLike, Sleep } from '../../lib/http.js';
import type { Inventory, NetBoxObjectType } from '../../model/inventory.js';
import type { JournalKind } from './client.js';
import type { ItemOf, ListKind } from './endpoints.js';
import type { FilterConfig } from './filters.js';
import type { NetBoxVersion } from './version.js';

export interface NetBoxSourceOptions {
  /** NetBox base URL (a reverse-proxy path prefix is fine). */
  readonly url: string;
  /** v1 token, or v2 `nbt_<key>.<secret>` (4.5+). Never logged, never in messages. */
  readonly token: string;
  /** Replaced by a CA-trusting fetch for https URLs when `caFile` is set. */
  readonly fetch?: FetchLike;
  /** PEM file of the CA that signed NetBox's certificate (e.g. the Step-CA root). */
  readonly caFile?: string;
  readonly filters?: FilterConfig;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Per request (default 15 s). */
  readonly timeoutMs?: number;
  /** Per request, first one included (default 4). */
  readonly maxAttempts?: number;
  /** Asked page size (default 1000). */
  readonly pageSize?: number;
  readonly log: Logger;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Told of every write nbsync makes (to recognise its own echoes in webhooks). */
  readonly onWrite?: (write: NetBoxWrite) => void;
}

/** Kinds that can be read by their parent host. */
export type ChildKind = 'interfaces' | 'vmInterfaces' | 'virtualDisks' | 'ipAddresses';

export interface ObjectChange {
  readonly id: number;
  readonly time: string;
  readonly action: string;
  /** e.g. `ipam.ipaddress`. */
  readonly objectType: string;
  readonly objectId: number;
  readonly requestId: string;
  /** Who made the change (NetBox keeps the name even when the user is gone). */
  readonly userName: string;
}

/** A write nbsync made to NetBox; its request id comes back in the change log and webhooks. */
export interface NetBoxWrite {
  /** e.g. `virtualization.virtualmachine/7`. */
  readonly ref: string;
  readonly what: 'journal' | 'custom-fields';
  /** NetBox's `X-Request-ID` of the write, when it sent one. */
  readonly requestId: string | null;
}

export interface NetBoxSource {
  /** The whole inventory, or a SyncError (nothing partial). */
  load(signal: AbortSignal): Promise<Inventory>;
  /** Problems found reaching NetBox with this token and these filters; empty when all is well. */
  check(signal: AbortSignal): Promise<string[]>;
  version(signal: AbortSignal): Promise<NetBoxVersion>;
  /** Objects of one list read again by id (config filters apply); sorted by id; absent ids are gone or out of scope. */
  loadObjects<K extends ListKind>(kind: K, ids: readonly number[], signal: AbortSignal): Promise<ItemOf<K>[]>;
  /** Interfaces, disks or IPs of the given hosts. */
  loadChildren<K extends ChildKind>(
    kind: K,
    parents: { readonly deviceIds?: readonly number[]; readonly virtualMachineIds?: readonly number[] },
    signal: AbortSignal,
  ): Promise<ItemOf<K>[]>;
  /** Change records since a time (4.1+): the only way to see deletions without webhooks. */
  readObjectChanges(
    query: { readonly since: Date; readonly until?: Date; readonly objectTypes?: readonly string[] },
    signal: AbortSignal,
  ): Promise<ObjectChange[]>;
  /**
   * Merge custom field values into one object, e.g. `virtualization.virtualmachine/7` (the
   * NetBoxWriter of src/sinks/sink.ts). Prefixes, IP addresses, devices and VMs only.
   */
  setCustomFields(ref: string, fields: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<void>;
  /** Add a journal entry to a NetBox object; returns its id. */
  writeJournal(
    objectType: NetBoxObjectType,
    id: number,
    kind: JournalKind,
    comments: string,
    signal?: AbortSignal,
  ): Promise<number>;
}
