import type { Change, SafetyThreshold, SinkPolicy } from '../model/plan.js';
import type { ResourceKind } from '../model/resource.js';

/** Deletes of these kinds are always forced: they need `--force` or an approval with force. */
export const ALWAYS_FORCED_DELETES: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'proxmox.vm',
  'cert.certificate',
  'dns.zone',
]);

/** True when applying `change` always needs an explicit force. */
export function isAlwaysForced(change: Pick<Change, 'op'> & { kind: ResourceKind }): boolean {
  return change.op === 'delete' && ALWAYS_FORCED_DELETES.has(change.kind);
}

/**
 * Keep only the changes the policy allows: `sync` keeps all, `upsert-only` drops deletes,
 * `create-only` keeps creates only.
 */
export function applyPolicy(changes: readonly Change[], policy: SinkPolicy): Change[] {
  switch (policy) {
    case 'sync':
      return [...changes];
    case 'upsert-only':
      return changes.filter((c) => c.op !== 'delete');
    case 'create-only':
      return changes.filter((c) => c.op === 'create');
  }
}

/** The safety verdict for one sink's plan. */
export type SafetyVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Refuse a plan that would update or delete more than `maxChangePercent` of the objects the
 * sink owns, once it owns at least `minExisting`. Creates never count. Forcing is the caller's
 * decision; this only judges.
 */
export function checkSafety(
  changes: readonly Change[],
  owned: number,
  threshold: SafetyThreshold,
): SafetyVerdict {
  if (owned < threshold.minExisting || owned === 0) return { ok: true };
  const touched = changes.filter((c) => c.op !== 'create').length;
  const percent = (touched * 100) / owned;
  if (percent <= threshold.maxChangePercent) return { ok: true };
  return {
    ok: false,
    reason:
      `would update or delete ${touched} of ${owned} owned objects (${percent.toFixed(1)}% > ` +
      `${threshold.maxChangePercent}%); review the plan, then apply with --force (or approve with force)`,
  };
}
