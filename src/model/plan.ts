import type { Resource, ResourceKind, SpecValue, Skipped, UnmanagedObject } from './resource.js';

/** One field that differs between observed and desired spec. */
export interface FieldDiff {
  readonly field: string;
  readonly from: SpecValue | undefined;
  readonly to: SpecValue | undefined;
}

/**
 * A change to one resource. `forced` changes (destroying a VM, revoking a certificate, deleting
 * a zone or a DHCP scope) are never applied without an explicit `--force` or approval.
 */
export type Change =
  | { readonly op: 'create'; readonly after: Resource; readonly forced: boolean }
  | {
      readonly op: 'update';
      readonly before: Resource;
      readonly after: Resource;
      readonly diff: readonly FieldDiff[];
      readonly forced: boolean;
    }
  | { readonly op: 'delete'; readonly before: Resource; readonly forced: boolean };

export type ChangeOp = Change['op'];

/** The kind and key a change is about. */
export function changeTarget(change: Change): { kind: ResourceKind; key: string } {
  const resource = change.op === 'delete' ? change.before : change.after;
  return { kind: resource.kind, key: resource.key };
}

/** An observed object that collides with a desired one but is not ours to change. */
export interface Conflict {
  readonly kind: ResourceKind;
  readonly key: string;
  readonly reason: string;
  readonly source?: string;
}

export type SinkPlanStatus = 'ok' | 'refused' | 'error';

export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly conflict: number;
}

/** The plan of one sink. `changes` are in apply order. */
export interface SinkPlan {
  readonly sink: string;
  readonly type: string;
  readonly mode: SinkMode;
  readonly status: SinkPlanStatus;
  /** Why the sink was refused or failed; empty when ok. */
  readonly reason: string;
  /** Error code when `status` is `error`. */
  readonly errorCode?: string;
  readonly counts: ChangeCounts;
  readonly changes: readonly Change[];
  readonly conflicts: readonly Conflict[];
  readonly skipped: readonly Skipped[];
  readonly unmanaged: readonly UnmanagedObject[];
  /** How many observed objects carry this instance's owner mark. */
  readonly owned: number;
}

/** All sinks' plans, in stable order, with a checksum over their changes. */
export interface Plan {
  readonly id: string;
  readonly checksum: string;
  readonly createdAt: string;
  readonly sinks: readonly SinkPlan[];
}

export type SinkMode = 'observe' | 'propose' | 'apply';
export type SinkPolicy = 'sync' | 'upsert-only' | 'create-only';

export interface SafetyThreshold {
  /** Refuse when updates + deletes exceed this percentage of owned objects. */
  readonly maxChangePercent: number;
  /** ...and only when the sink owns at least this many objects. */
  readonly minExisting: number;
}

/** True when the plan has nothing to apply and nothing failed. */
export function planIsEmpty(plan: Plan): boolean {
  return plan.sinks.every((s) => s.changes.length === 0);
}
