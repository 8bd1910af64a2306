import type { FieldDiff } from '../model/plan.js';
import type { Spec, SpecValue } from '../model/resource.js';
import { canonicalJson } from './canonical.js';

/**
 * Field-level difference of two specs, sorted by field name. Nested objects and arrays are
 * compared as whole values (canonical JSON), so `{a:1,b:2}` equals `{b:2,a:1}`.
 * Returns an empty list when the specs are equal.
 */
export function diffSpecs(before: Spec, after: Spec): FieldDiff[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const diff: FieldDiff[] = [];
  for (const field of [...fields].sort()) {
    const from: SpecValue | undefined = before[field];
    const to: SpecValue | undefined = after[field];
    if (!sameValue(from, to)) diff.push({ field, from, to });
  }
  return diff;
}

function sameValue(a: SpecValue | undefined, b: SpecValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}
