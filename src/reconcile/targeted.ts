import type { Change } from '../model/plan.js';
import type { Desired, Resource, Snapshot } from '../model/resource.js';
import type { ResourceKey } from '../sinks/sink.js';

/*
 * Targeted plans (an event batch): only the resources of the affected NetBox refs are planned.
 * The controller narrows a full observation with {@link narrowToScope}, or reads only the
 * {@link scopedKeys} of sinks that implement `observeKeys`.
 */

/**
 * Keep the desired resources whose source is in scope (or that have no single source), and the
 * observed resources that are marked with an in-scope ref (or with no ref), or that share a key
 * with a kept desired resource (so a create next to an existing record is still seen as a
 * conflict or update, not a duplicate).
 */
export function narrowToScope(
  desired: Desired,
  observed: Snapshot,
  scope: ReadonlySet<string>,
): [Desired, Snapshot] {
  // A resource without a single NetBox source (a generated inventory file) depends on
  // everything, so it is always in scope.
  const wanted = desired.resources.filter((r) => r.meta.source === undefined || scope.has(r.meta.source));
  const keys = new Set(wanted.map((r) => `${r.kind}\u0000${r.key}`));
  const seen = observed.resources.filter(
    (r) =>
      (r.meta.owner !== undefined &&
        r.meta.owner !== null &&
        (r.meta.owner.ref === '' || scope.has(r.meta.owner.ref))) ||
      keys.has(`${r.kind}\u0000${r.key}`),
  );
  return [
    { resources: wanted, skipped: desired.skipped.filter((s) => scope.has(s.source)) },
    { resources: seen, unmanaged: [] },
  ];
}

/**
 * The distinct keys of the resources whose source is in scope (or that have no single source),
 * across `lists`, in first-seen order: what a targeted plan reads with `observeKeys`.
 */
export function scopedKeys(
  lists: readonly (readonly Resource[])[],
  scope: ReadonlySet<string>,
): ResourceKey[] {
  const keys = new Map<string, ResourceKey>();
  for (const list of lists) {
    for (const r of list) {
      if (r.meta.source !== undefined && !scope.has(r.meta.source)) continue;
      keys.set(`${r.kind}\u0000${r.key}`, { kind: r.kind, key: r.key });
    }
  }
  return [...keys.values()];
}

/** How many observed resources carry this instance's owner mark. */
export function countOwned(observed: Snapshot, instance: string): number {
  return observed.resources.filter((r) => r.meta.owner?.instance === instance).length;
}

/**
 * How the owned count changes by applying `changes`, given one outcome per change in order:
 * each applied create adds one, each applied delete takes one, an applied update of an unmarked
 * object (adopted) adds one. Noops, failures and skipped changes count nothing.
 */
export function ownedDelta(
  changes: readonly Change[],
  outcomes: readonly { readonly op: Change['op']; readonly outcome: string }[],
): number {
  let delta = 0;
  outcomes.forEach((outcome, i) => {
    const change = changes[i];
    if (outcome.outcome !== 'applied' || change?.op !== outcome.op) return;
    if (change.op === 'create') delta += 1;
    else if (change.op === 'delete') delta -= 1;
    else if (!change.before.meta.owner) delta += 1;
  });
  return delta;
}
