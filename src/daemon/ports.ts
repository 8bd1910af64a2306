import type { Inventory } from '../model/inventory.js';
import type { InventorySource } from '../reconcile/controller.js';

/** Inventory lists the daemon can patch by id. */
export type PatchableCollection =
  | 'prefixes'
  | 'ipAddresses'
  | 'vlans'
  | 'vlanGroups'
  | 'devices'
  | 'interfaces'
  | 'virtualMachines'
  | 'vmInterfaces'
  | 'virtualDisks'
  | 'clusters'
  | 'tags';

/**
 * Objects re-read from NetBox by id, already mapped to inventory shapes, plus the refs that
 * were asked for and do not exist any more (404: deleted).
 */
export type InventoryPatch = { readonly [K in PatchableCollection]?: Inventory[K] } & {
  readonly missing: readonly string[];
};

/** Targeted re-read (the NetBox source provides it). Fails closed: a failed read throws. */
export interface InventoryPatcher {
  /** Refs like `ipam.ipaddress/42`; unknown types are ignored by the implementation. */
  loadObjects(refs: readonly string[], signal: AbortSignal): Promise<InventoryPatch>;
}

export type JournalKind = 'info' | 'success' | 'warning' | 'danger';

export interface JournalEntry {
  /** The NetBox object the entry is attached to, e.g. `ipam.ipaddress/42`. */
  readonly ref: string;
  readonly kind: JournalKind;
  /** Markdown. */
  readonly comments: string;
}

/** Posts journal entries (`POST /api/extras/journal-entries/`). */
export interface JournalWriter {
  /** Returns the `X-Request-ID` NetBox answered with, so the echo of our write is recognised. */
  writeJournal(entry: JournalEntry, signal: AbortSignal): Promise<{ requestId: string | null }>;
}

/** One row of NetBox's change log (`/api/core/object-changes/`). */
export interface ObjectChange {
  readonly id: number;
  /** ISO-8601. */
  readonly time: string;
  readonly action: 'create' | 'update' | 'delete';
  /** `app_label.model`. */
  readonly objectType: string;
  readonly objectId: number;
  readonly requestId: string | null;
  readonly username: string | null;
}

/** Reads the change log since a time (`?time_after=`), all pages, oldest first. */
export interface ChangeFeed {
  objectChanges(since: string, signal: AbortSignal): Promise<readonly ObjectChange[]>;
}

/**
 * What the daemon needs from NetBox. `load` is required (full reconcile keeps the inventory in
 * memory); the rest is optional: without `loadObjects` every event triggers a full reconcile,
 * without `writeJournal` there is no write-back, without `objectChanges` no polling.
 */
export interface DaemonNetBox extends InventorySource {
  loadObjects?: InventoryPatcher['loadObjects'];
  writeJournal?: JournalWriter['writeJournal'];
  objectChanges?: ChangeFeed['objectChanges'];
  /** The NetBox user of nbsync's token: events caused by this user are nbsync's own. */
  readonly username?: string | null;
}
