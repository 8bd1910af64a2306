import type { Plan, SinkPlan } from '../model/plan.js';
import { changeToJson, planToJson, type ChangeJson } from './plan-json.js';

export type PlanFormat = 'text' | 'json' | 'markdown';

/** Render a plan in one of the three formats; `color` adds ANSI colours to text only. */
export function renderPlan(plan: Plan, format: PlanFormat, options: { color?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(plan);
    case 'text':
      return renderText(plan, options.color ?? false);
  }
}

const SYMBOL: Record<ChangeJson['op'], string> = { create: '+', update: '~', delete: '-' };
const COLOR: Record<ChangeJson['op'], string> = {
  create: '\u001b[32m',
  update: '\u001b[33m',
  delete: '\u001b[31m',
};
const RESET = '\u001b[0m';

function value(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function specText(spec: Record<string, unknown> | null): string {
  if (!spec) return '';
  return Object.entries(spec)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
}

function countsText(s: SinkPlan): string {
  const c = s.counts;
  const parts = [`${c.create} to create`, `${c.update} to update`, `${c.delete} to delete`];
  if (c.conflict > 0) parts.push(`${c.conflict} conflict${c.conflict === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function renderText(plan: Plan, color: boolean): string {
  const paint = (code: string, text: string): string => (color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  for (const sink of plan.sinks) {
    lines.push(
      `sink ${sink.sink} (${sink.type}, mode ${sink.mode}): ${sink.status === 'error' ? 'ERROR' : countsText(sink)}`,
    );
    if (sink.status === 'error') {
      lines.push(
        `  ${paint(COLOR.delete, `error${sink.errorCode ? ` ${sink.errorCode}` : ''}: ${sink.reason}`)}`,
      );
      lines.push('  nothing is planned for this sink until it can be read completely');
    }
    for (const change of sink.changes.map(changeToJson)) {
      const head = `  ${SYMBOL[change.op]} ${change.kind} ${change.key}`;
      let tail = '';
      if (change.op === 'create') tail = specText(change.after);
      if (change.op === 'update')
        tail = change.diff.map((d) => `${d.field}: ${value(d.from)} → ${value(d.to)}`).join(', ');
      const source = change.source ? `  (${change.source})` : '';
      const forced = change.forced ? '  [needs --force]' : '';
      lines.push(paint(COLOR[change.op], `${head}${tail ? `  ${tail}` : ''}`) + source + forced);
    }
    for (const c of sink.conflicts)
      lines.push(`  ! ${c.kind} ${c.key}: ${c.reason}${c.source ? `  (${c.source})` : ''}`);
    for (const u of sink.unmanaged) lines.push(`  ? unmanaged ${u.kind} ${u.key}: ${u.reason}`);
    if (sink.skipped.length > 0)
      lines.push(`  ${sink.skipped.length} NetBox object(s) skipped (see --format json)`);
    if (sink.status === 'refused') lines.push(`  ${paint(COLOR.update, `REFUSED: ${sink.reason}`)}`);
  }
  const total = plan.sinks.reduce((n, s) => n + s.changes.length, 0);
  lines.push(
    total === 0 ? 'No changes. Every sink follows NetBox.' : `Plan ${plan.checksum}: ${total} change(s).`,
  );
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderMarkdown(plan: Plan): string {
  const lines: string[] = [
    '## nbsync plan',
    '',
    `Checksum \`${plan.checksum}\`, created ${plan.createdAt}.`,
    '',
  ];
  for (const sink of plan.sinks) {
    lines.push(`### ${sink.sink} (\`${sink.type}\`, mode ${sink.mode})`, '');
    if (sink.status === 'error') {
      lines.push(`**Error${sink.errorCode ? ` \`${sink.errorCode}\`` : ''}:** ${cell(sink.reason)}`, '');
      continue;
    }
    lines.push(countsText(sink), '');
    if (sink.status === 'refused') lines.push(`> **Refused:** ${cell(sink.reason)}`, '');
    if (sink.changes.length > 0) {
      lines.push('| op | kind | key | details | source |', '|---|---|---|---|---|');
      for (const c of sink.changes.map(changeToJson)) {
        const details =
          c.op === 'update'
            ? c.diff.map((d) => `${d.field}: ${value(d.from)} → ${value(d.to)}`).join('; ')
            : specText(c.op === 'create' ? c.after : c.before);
        const op = c.forced ? `${c.op} (forced)` : c.op;
        lines.push(`| ${op} | ${c.kind} | \`${cell(c.key)}\` | ${cell(details)} | ${c.source ?? ''} |`);
      }
      lines.push('');
    }
    if (sink.conflicts.length > 0) {
      lines.push('Conflicts (left untouched):', '');
      for (const c of sink.conflicts) lines.push(`- \`${cell(c.key)}\`: ${cell(c.reason)}`);
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}
