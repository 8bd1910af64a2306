import type { Logger } from 'pino';
import type { ChangeOutcome } from '../reconcile/controller.js';
import type { Store } from '../store/store.js';
import type { EchoFilter } from './echo.js';
import type { JournalKind, JournalWriter } from './ports.js';
import { parseRef } from './refs.js';

export interface WriteBackDeps {
  readonly writer: JournalWriter;
  readonly store: Store;
  readonly echo: EchoFilter;
  readonly log: Logger;
  readonly instance: string;
  readonly now: () => Date;
}

const DONE: Record<ChangeOutcome['op'], string> = { create: 'created', update: 'updated', delete: 'deleted' };

/** The journal text for one NetBox object: what changed where, or what failed. */
export function journalText(instance: string, runId: string, outcomes: readonly ChangeOutcome[]): string {
  const lines = outcomes.map((o) =>
    o.outcome === 'failed'
      ? `- ${o.sink}: **failed** to ${o.op} ${o.kind} \`${o.key}\`${o.reason ? `: ${o.reason}` : ''}`
      : `- ${o.sink}: ${DONE[o.op]} ${o.kind} \`${o.key}\``,
  );
  return [`nbsync \`${instance}\` (run ${runId}):`, ...lines].join('\n');
}

/**
 * `netbox.writeBack: journal`: after an apply, one journal entry per source object with what was
 * applied or failed. Each (run, object) is claimed in the store first, so it is written at most
 * once even if the daemon restarts; the request id is remembered to drop the echo. Failures are
 * logged, never thrown (the apply already happened).
 */
export async function writeBack(
  deps: WriteBackDeps,
  runId: string,
  outcomes: readonly ChangeOutcome[],
  signal: AbortSignal,
): Promise<number> {
  const bySource = new Map<string, ChangeOutcome[]>();
  for (const o of outcomes) {
    if (o.outcome !== 'applied' && o.outcome !== 'failed') continue;
    if (!o.source || !parseRef(o.source)) continue;
    const list = bySource.get(o.source) ?? [];
    list.push(o);
    bySource.set(o.source, list);
  }
  let written = 0;
  for (const [source, list] of [...bySource.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!deps.store.state.claimJournal(runId, source, deps.now().toISOString())) continue;
    const kind: JournalKind = list.some((o) => o.outcome === 'failed') ? 'danger' : 'success';
    try {
      const { requestId } = await deps.writer.writeJournal(
        { ref: source, kind, comments: journalText(deps.instance, runId, list) },
        signal,
      );
      deps.echo.remember(requestId);
      deps.store.state.finishJournal(runId, source, 'written', requestId);
      written += 1;
    } catch (err) {
      deps.store.state.finishJournal(runId, source, 'failed', null);
      deps.log.warn({ err, source }, 'journal write-back failed');
    }
  }
  return written;
}
