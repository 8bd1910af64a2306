// How a netbox-setup plan and its results look: text in the style of `nbsync plan`
// (`+` create, `~` update, `!` conflict) and JSON. Secrets never appear: the plan holds them
// only in `write`, which is not rendered.
import type { SetupChange, SetupPlan, SetupResult } from './types.js';

const GREEN = '\u001b[32m';
const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/** What the exit code of a run is made of. */
export interface SetupSummary {
  readonly create: number;
  readonly update: number;
  readonly conflict: number;
  readonly inPlace: number;
}

export function summarise(plan: SetupPlan): SetupSummary {
  return {
    create: plan.changes.filter((c) => c.op === 'create').length,
    update: plan.changes.filter((c) => c.op === 'update').length,
    conflict: plan.conflicts.length,
    inPlace: plan.inPlace.length,
  };
}

function value(v: unknown): string {
  return typeof v === 'string' ? (v === '' ? '""' : v) : JSON.stringify(v);
}

function changeLine(change: SetupChange): string {
  const symbol = change.op === 'create' ? '+' : '~';
  const tail =
    change.op === 'create'
      ? Object.entries(change.after ?? {})
          .map(([k, v]) => `${k}=${value(v)}`)
          .join(' ')
      : change.diff.map((d) => `${d.field}: ${value(d.from)} → ${value(d.to)}`).join(', ');
  return `  ${symbol} ${change.kind} ${change.key}  ${tail}`;
}

/** The plan as text; `color` adds ANSI colours (TTY only). */
export function renderSetupPlan(plan: SetupPlan, options: { color?: boolean; apply?: boolean } = {}): string {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${RESET}` : text);
  const s = summarise(plan);
  const counts = [`${s.create} to create`, `${s.update} to update`];
  if (s.conflict > 0) counts.push(`${s.conflict} conflict${s.conflict === 1 ? '' : 's'}`);
  counts.push(`${s.inPlace} in place`);
  const lines = [
    `netbox-setup for instance ${plan.instance} on NetBox ${plan.netboxVersion} (${plan.netboxUrl}): ${counts.join(', ')}`,
  ];
  for (const change of plan.changes)
    lines.push(paint(change.op === 'create' ? GREEN : YELLOW, changeLine(change)));
  for (const conflict of plan.conflicts)
    lines.push(paint(RED, `  ! ${conflict.kind} ${conflict.key}: ${conflict.reason}`));
  for (const item of plan.inPlace.filter((i) => i.note !== ''))
    lines.push(`  = ${item.kind} ${item.key}: in place, ${item.note} (left as it is)`);
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  if (!options.apply) {
    if (plan.changes.length === 0 && plan.conflicts.length === 0)
      lines.push('Nothing to do: NetBox has everything nbsync needs.');
    else if (plan.changes.length > 0) lines.push('Run nbsync netbox-setup --apply to make these changes.');
  }
  return `${lines.join('\n')}\n`;
}

/** One line per applied, failed or skipped change. */
export function renderSetupResult(result: SetupResult): string {
  const head = `${result.op} ${result.kind} ${result.key}`;
  switch (result.outcome) {
    case 'applied':
      return `  done ${head}${result.id === undefined ? '' : ` (id ${result.id})`}\n`;
    case 'failed':
      return `  FAILED ${head}: ${result.errorCode ?? ''} ${result.reason ?? ''}\n`;
    case 'skipped':
      return `  skipped ${head}: ${result.reason ?? ''}\n`;
  }
}

/** The plan (and the results of an apply) as JSON; the same shape with and without --apply. */
export function setupToJson(plan: SetupPlan, results?: readonly SetupResult[]): Record<string, unknown> {
  return {
    instance: plan.instance,
    netbox: { url: plan.netboxUrl, version: plan.netboxVersion },
    counts: summarise(plan),
    changes: plan.changes.map((c) => ({
      op: c.op,
      kind: c.kind,
      key: c.key,
      id: c.id ?? null,
      after: c.after,
      diff: c.diff,
    })),
    conflicts: plan.conflicts,
    inPlace: plan.inPlace,
    notes: plan.notes,
    ...(results ? { results } : {}),
  };
}
