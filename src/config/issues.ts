import type { z } from 'zod';

/** One config problem: a dotted path and a message that says what to write instead. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** Turn zod issues into problems with dotted paths; unknown keys list the allowed ones. */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  prefix: readonly (string | number)[] = [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path);
      for (const key of issue.keys) {
        const hint = allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : '';
        const near = closest(key, allowed);
        problems.push({
          path: dotted([...path, key]),
          message: `unknown key${near ? ` (did you mean "${near}"?)` : ''}${hint}`,
        });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type' && issue.input === undefined) message = `required: ${message}`;
    problems.push({ path: dotted(path), message });
  }
  return problems;
}

function dotted(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

/** Keys of the object schema at `path`, unwrapping optional/default wrappers. */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const step of [...path, null]) {
    current = unwrap(current);
    if (step === null) break;
    const def = defOf(current);
    if (def?.type === 'object' && def.shape) current = def.shape[String(step)];
    else if (def?.type === 'record') current = def.valueType;
    else if (def?.type === 'array') current = def.element;
    else return [];
  }
  const def = defOf(current);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape).sort() : [];
}

interface LooseDef {
  type?: string;
  shape?: Record<string, unknown>;
  valueType?: unknown;
  element?: unknown;
  innerType?: unknown;
}

function defOf(schema: unknown): LooseDef | undefined {
  return (schema as { _zod?: { def?: LooseDef } } | undefined)?._zod?.def;
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let i = 0; i < 5; i += 1) {
    const def = defOf(current);
    if (
      def &&
      (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') &&
      def.innerType
    ) {
      current = def.innerType;
    } else break;
  }
  return current;
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}
