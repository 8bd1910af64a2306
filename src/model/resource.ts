import type { OwnerMark } from './owner.js';

/**
 * Resource kinds, one per kind of object a sink manages. The prefix names the domain.
 * Order inside a sink's `manages` list is parent-first (created first, deleted last).
 */
export type ResourceKind =
  'dns.zone' | 'dns.record' | 'dhcp.reservation' | 'proxmox.vm' | 'cert.certificate' | 'git.file';

/** Values that may appear in a spec: JSON only, so specs compare and hash canonically. */
export type SpecValue =
  string | number | boolean | null | readonly SpecValue[] | { readonly [key: string]: SpecValue };
export type Spec = { readonly [key: string]: SpecValue };

/**
 * One managed object in nbsync's own words. Only `spec` is compared by the planner; `meta`
 * carries what is needed to act (the owner mark, the NetBox source, adapter data).
 *
 * Invariant: `key` is unique per `kind` within a sink, stable across runs, and derived from the
 * object's identity, never from compared attributes.
 */
export interface Resource<S extends Spec = Spec> {
  readonly kind: ResourceKind;
  readonly key: string;
  readonly spec: S;
  readonly meta: ResourceMeta;
}

export interface ResourceMeta {
  /** NetBox object this resource derives from, e.g. `ipam.ipaddress/42` (desired side). */
  readonly source?: string;
  /** Owner mark found on the target (observed side); `null` when unmarked. */
  readonly owner?: OwnerMark | null;
  /** Adapter data needed to update or delete (e.g. a Proxmox digest); never compared. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * What a sink observed: every object of its managed kinds within its scope, marked or not.
 * Unmarked and foreign objects are included so the planner can report conflicts.
 */
export interface Snapshot {
  readonly resources: readonly Resource[];
  /** Objects the sink sees but will never manage (e.g. Proxmox VMs unknown to NetBox). */
  readonly unmanaged?: readonly UnmanagedObject[];
  /** Desired changes the sink will not make, and why (e.g. a disk shrink); shown in the plan. */
  readonly skipped?: readonly Skipped[];
}

export interface UnmanagedObject {
  readonly kind: ResourceKind;
  readonly key: string;
  readonly reason: string;
}

/** What a sink derived from the inventory. */
export interface Desired {
  readonly resources: readonly Resource[];
  /** Inventory objects that map to nothing in this sink, and why (e.g. name in no managed zone). */
  readonly skipped: readonly Skipped[];
}

export interface Skipped {
  readonly source: string;
  readonly reason: string;
}
