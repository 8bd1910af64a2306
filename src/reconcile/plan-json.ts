import { randomBytes } from 'node:crypto';
import type { Change, Plan, SinkPlan } from '../model/plan.js';
import type { Spec } from '../model/resource.js';
import { sha256Of } from './canonical.js';

/** One change as it appears in plan JSON (DESIGN §3). */
export interface ChangeJson {
  readonly op: Change['op'];
  readonly kind: string;
  readonly key: string;
  readonly before: Spec | null;
  readonly after: Spec | null;
  readonly diff: readonly { field: string; from: unknown; to: unknown }[];
  readonly source: string | null;
  readonly forced: boolean;
}

/** Plan JSON as printed by `nbsync plan --format json` and served by `GET /v1/plan`. */
export interface PlanJson {
  readonly id: string;
  readonly checksum: string;
  readonly createdAt: string;
  readonly sinks: readonly SinkPlanJson[];
}

export interface SinkPlanJson extends Omit<SinkPlan, 'changes' | 'errorCode'> {
  readonly changes: readonly ChangeJson[];
  readonly errorCode?: string;
}

/** The JSON form of one change: specs only, never adapter metadata. */
export function changeToJson(change: Change): ChangeJson {
  switch (change.op) {
    case 'create':
      return {
        op: 'create',
        kind: change.after.kind,
        key: change.after.key,
        before: null,
        after: change.after.spec,
        diff: [],
        source: change.after.meta.source ?? null,
        forced: change.forced,
      };
    case 'update':
      return {
        op: 'update',
        kind: change.after.kind,
        key: change.after.key,
        before: change.before.spec,
        after: change.after.spec,
        diff: change.diff.map((d) => ({ field: d.field, from: d.from ?? null, to: d.to ?? null })),
        source: change.after.meta.source ?? null,
        forced: change.forced,
      };
    case 'delete':
      return {
        op: 'delete',
        kind: change.before.kind,
        key: change.before.key,
        before: change.before.spec,
        after: null,
        diff: [],
        source: change.before.meta.source ?? change.before.meta.owner?.ref ?? null,
        forced: change.forced,
      };
  }
}

/**
 * The plan checksum: sha256 of the canonical JSON of every sink's name and changes. Ids, times,
 * statuses and conflicts are left out, so the same situation always yields the same checksum.
 */
export function planChecksum(sinks: readonly SinkPlan[]): string {
  const material = [...sinks]
    .sort((a, b) => (a.sink < b.sink ? -1 : a.sink > b.sink ? 1 : 0))
    .map((s) => ({ sink: s.sink, changes: s.changes.map(changeToJson) }));
  return sha256Of(material);
}

/** Assemble sink plans into a plan: sinks sorted by name, a fresh id, the checksum. */
export function assemblePlan(sinks: readonly SinkPlan[], now: Date = new Date()): Plan {
  const sorted = [...sinks].sort((a, b) => (a.sink < b.sink ? -1 : a.sink > b.sink ? 1 : 0));
  return {
    id: newId('pln', now),
    checksum: planChecksum(sorted),
    createdAt: now.toISOString(),
    sinks: sorted,
  };
}

/** Plan JSON of a plan (DESIGN §3). */
export function planToJson(plan: Plan): PlanJson {
  return {
    id: plan.id,
    checksum: plan.checksum,
    createdAt: plan.createdAt,
    sinks: plan.sinks.map((s) => ({ ...s, changes: s.changes.map(changeToJson) })),
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A sortable id like `pln_01JD…`: 10 characters of time (ms) and 16 of randomness (ULID layout). */
export function newId(prefix: string, now: Date = new Date()): string {
  let time = now.getTime();
  let head = '';
  for (let i = 0; i < 10; i += 1) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(16);
  let tail = '';
  for (const byte of random) tail += CROCKFORD[byte % 32];
  return `${prefix}_${head}${tail}`;
}
