import type { OwnerMark } from '../model/owner.js';
import { formatOwnerMark } from '../model/owner.js';
import type { Change, Conflict, SinkPlan } from '../model/plan.js';
import type { Desired, Resource, ResourceKind, Snapshot } from '../model/resource.js';
import type { SinkSettings } from '../sinks/sink.js';
import { diffSpecs } from './diff.js';
import { applyPolicy, checkSafety, isAlwaysForced } from './policy.js';

/** What the planner needs to know about a sink: never its I/O. */
export interface PlannedSink {
  readonly name: string;
  readonly type: string;
  readonly manages: readonly ResourceKind[];
  readonly settings: SinkSettings;
}

/**
 * Plan one sink: a pure diff of desired against observed, then ownership, policy and safety.
 *
 * - Desired and missing → create. Desired and observed with this instance's mark → update when
 *   the specs differ. Observed without a mark → conflict, or an update that stamps the mark
 *   when `adopt` is set. Observed with another instance's mark → always a conflict.
 * - Observed with this instance's mark and not desired → delete. Nothing else is ever deleted.
 * - Order: deletes first, children before parents; then creates and updates, parents first;
 *   by key inside a kind. Deletes go first so that a moved name never collides with itself.
 * - Safety is judged on the changes left after the policy, against `options.ownedTotal` when
 *   given (a targeted plan sees only part of what the sink owns), else the owned objects seen.
 */
export function planSink(
  sink: PlannedSink,
  desired: Desired,
  observed: Snapshot,
  options: { ownedTotal?: number } = {},
): SinkPlan {
  const { instance, adopt } = sink.settings;
  const observedByKey = new KeyIndex<Resource>();
  for (const resource of observed.resources) observedByKey.set(resource, resource);
  const desiredKeys = new KeyIndex<true>();

  const changes: Change[] = [];
  const conflicts: Conflict[] = [];
  for (const want of desired.resources) {
    desiredKeys.set(want, true);
    const have = observedByKey.get(want);
    if (!have) {
      changes.push({ op: 'create', after: want, forced: false });
      continue;
    }
    const owner = have.meta.owner ?? null;
    if (owner && owner.instance !== instance) {
      conflicts.push(conflict(want, `owned by another nbsync instance (${formatOwnerMark(owner)})`));
      continue;
    }
    const diff = diffSpecs(have.spec, want.spec);
    if (!owner) {
      if (!adopt) {
        conflicts.push(conflict(want, 'exists without owner mark'));
        continue;
      }
      diff.push({ field: 'owner', from: null, to: formatOwnerMark(markFor(instance, want)) });
    }
    if (diff.length > 0) changes.push({ op: 'update', before: have, after: want, diff, forced: false });
  }

  let owned = 0;
  for (const have of observed.resources) {
    if (have.meta.owner?.instance !== instance) continue;
    owned += 1;
    if (!desiredKeys.get(have)) {
      changes.push({ op: 'delete', before: have, forced: isAlwaysForced({ op: 'delete', kind: have.kind }) });
    }
  }

  const allowed = sortChanges(applyPolicy(changes, sink.settings.policy), sink.manages);
  const safety = checkSafety(allowed, options.ownedTotal ?? owned, sink.settings.safety);
  return {
    sink: sink.name,
    type: sink.type,
    mode: sink.settings.mode,
    status: safety.ok ? 'ok' : 'refused',
    reason: safety.ok ? '' : safety.reason,
    counts: {
      create: allowed.filter((c) => c.op === 'create').length,
      update: allowed.filter((c) => c.op === 'update').length,
      delete: allowed.filter((c) => c.op === 'delete').length,
      conflict: conflicts.length,
    },
    changes: allowed,
    conflicts: conflicts.sort((a, b) => compareKeys(a.kind, a.key, b.kind, b.key)),
    skipped: [...desired.skipped, ...(observed.skipped ?? [])],
    unmanaged: [...(observed.unmanaged ?? [])],
    owned: options.ownedTotal ?? owned,
  };
}

/** A map keyed by (kind, key) without building a combined string per lookup. */
class KeyIndex<V> {
  private readonly byKind = new Map<ResourceKind, Map<string, V>>();

  set(resource: Pick<Resource, 'kind' | 'key'>, value: V): void {
    let keys = this.byKind.get(resource.kind);
    if (!keys) this.byKind.set(resource.kind, (keys = new Map()));
    keys.set(resource.key, value);
  }

  get(resource: Pick<Resource, 'kind' | 'key'>): V | undefined {
    return this.byKind.get(resource.kind)?.get(resource.key);
  }
}

function markFor(instance: string, resource: Resource): OwnerMark {
  return { instance, ref: resource.meta.source ?? '' };
}

function conflict(want: Resource, reason: string): Conflict {
  return want.meta.source === undefined
    ? { kind: want.kind, key: want.key, reason }
    : { kind: want.kind, key: want.key, reason, source: want.meta.source };
}

function sortChanges(changes: Change[], manages: readonly ResourceKind[]): Change[] {
  const rank = (kind: ResourceKind): number => {
    const index = manages.indexOf(kind);
    return index === -1 ? manages.length : index;
  };
  const target = (c: Change): Resource => (c.op === 'delete' ? c.before : c.after);
  const phase = (c: Change): number => (c.op === 'delete' ? 0 : 1);
  return changes.sort((a, b) => {
    if (phase(a) !== phase(b)) return phase(a) - phase(b);
    const ra = rank(target(a).kind);
    const rb = rank(target(b).kind);
    if (ra !== rb) return a.op === 'delete' ? rb - ra : ra - rb;
    return target(a).key < target(b).key ? -1 : target(a).key > target(b).key ? 1 : 0;
  });
}

function compareKeys(ka: string, a: string, kb: string, b: string): number {
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
