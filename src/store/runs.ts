import type { Database } from 'better-sqlite3';

export type RunTrigger = 'full' | 'event' | 'manual' | 'approval';
export type RunStatus = 'running' | 'ok' | 'error' | 'refused' | 'stale' | 'interrupted';

export interface RunRecord {
  readonly id: string;
  readonly trigger: RunTrigger;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: RunStatus;
  readonly planId: string | null;
  readonly checksum: string | null;
  /** Per-sink results and counts, as the daemon wrote them. */
  readonly summary: Record<string, unknown>;
}

/** One change the run tried to apply (the audit trail). */
export interface AppliedChange {
  readonly sink: string;
  readonly op: string;
  readonly kind: string;
  readonly key: string;
  readonly source: string | null;
  readonly outcome: string;
  readonly errorCode?: string | null;
  readonly error?: string | null;
  readonly note?: string | null;
}

export interface AppliedChangeRecord extends AppliedChange {
  readonly at: string;
}

interface RunRow {
  id: string;
  trigger: RunTrigger;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  plan_id: string | null;
  checksum: string | null;
  summary: string;
}

interface ChangeRow {
  at: string;
  sink: string;
  op: string;
  kind: string;
  key: string;
  source: string | null;
  outcome: string;
  error_code: string | null;
  error: string | null;
  note: string | null;
}

function fromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    trigger: row.trigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    planId: row.plan_id,
    checksum: row.checksum,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
  };
}

/** Runs and the changes they applied. */
export class RunLog {
  constructor(private readonly db: Database) {}

  start(id: string, trigger: RunTrigger, startedAt: string): void {
    this.db
      .prepare("INSERT INTO runs (id, trigger, started_at, status) VALUES (?, ?, ?, 'running')")
      .run(id, trigger, startedAt);
  }

  finish(
    id: string,
    result: {
      status: Exclude<RunStatus, 'running'>;
      finishedAt: string;
      planId?: string | null;
      checksum?: string | null;
      summary: Record<string, unknown>;
    },
  ): void {
    this.db
      .prepare(
        'UPDATE runs SET status = ?, finished_at = ?, plan_id = ?, checksum = ?, summary = ? WHERE id = ?',
      )
      .run(
        result.status,
        result.finishedAt,
        result.planId ?? null,
        result.checksum ?? null,
        JSON.stringify(result.summary),
        id,
      );
  }

  /** Record one change outcome right after it happened (so a crash keeps the audit trail). */
  addChange(runId: string, at: string, change: AppliedChange): void {
    this.db
      .prepare(
        `INSERT INTO applied_changes (run_id, at, sink, op, kind, key, source, outcome, error_code, error, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        at,
        change.sink,
        change.op,
        change.kind,
        change.key,
        change.source,
        change.outcome,
        change.errorCode ?? null,
        change.error ?? null,
        change.note ?? null,
      );
  }

  get(id: string): RunRecord | undefined {
    const row = this.db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?').get(id);
    return row ? fromRow(row) : undefined;
  }

  changes(runId: string): AppliedChangeRecord[] {
    return this.db
      .prepare<[string], ChangeRow>('SELECT * FROM applied_changes WHERE run_id = ? ORDER BY id')
      .all(runId)
      .map((r) => ({
        at: r.at,
        sink: r.sink,
        op: r.op,
        kind: r.kind,
        key: r.key,
        source: r.source,
        outcome: r.outcome,
        errorCode: r.error_code,
        error: r.error,
        note: r.note,
      }));
  }

  /** Newest first; `before` (a run id) pages back in time. */
  list(options: { limit: number; before?: string }): RunRecord[] {
    const rows = options.before
      ? this.db
          .prepare<[string, number], RunRow>('SELECT * FROM runs WHERE id < ? ORDER BY id DESC LIMIT ?')
          .all(options.before, options.limit)
      : this.db.prepare<[number], RunRow>('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(options.limit);
    return rows.map(fromRow);
  }

  /** Runs still `running` from a previous process (it crashed) become `interrupted`. */
  interruptStale(at: string): number {
    return this.db
      .prepare("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE status = 'running'")
      .run(at).changes;
  }

  /** Delete finished runs started before `cutoff`, with their changes. */
  prune(cutoff: string): number {
    return this.db.prepare("DELETE FROM runs WHERE status != 'running' AND started_at < ?").run(cutoff)
      .changes;
  }
}
