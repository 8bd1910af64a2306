import type { Database } from 'better-sqlite3';

export type SinkOutcome = 'success' | 'error' | 'neutral';

/** What the daemon remembers about one sink between runs (served by `GET /v1/status`). */
export interface SinkState {
  readonly sink: string;
  readonly lastRunId: string | null;
  readonly lastRunAt: string | null;
  readonly lastStatus: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  readonly consecutiveErrors: number;
  /** Objects carrying this instance's owner mark, from the last full plan. */
  readonly owned: number | null;
  /** Changes planned but not applied, from the last full plan. */
  readonly pending: number | null;
}

interface SinkRow {
  sink: string;
  last_run_id: string | null;
  last_run_at: string | null;
  last_status: string | null;
  last_success_at: string | null;
  last_error: string | null;
  consecutive_errors: number;
  owned: number | null;
  pending: number | null;
}

function fromRow(row: SinkRow): SinkState {
  return {
    sink: row.sink,
    lastRunId: row.last_run_id,
    lastRunAt: row.last_run_at,
    lastStatus: row.last_status,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    consecutiveErrors: row.consecutive_errors,
    owned: row.owned,
    pending: row.pending,
  };
}

/** Per-sink status, journal write-backs already done, own NetBox request ids, small settings. */
export class StateStore {
  constructor(private readonly db: Database) {}

  sink(name: string): SinkState | undefined {
    const row = this.db.prepare<[string], SinkRow>('SELECT * FROM sink_state WHERE sink = ?').get(name);
    return row ? fromRow(row) : undefined;
  }

  sinks(): SinkState[] {
    return this.db.prepare<[], SinkRow>('SELECT * FROM sink_state ORDER BY sink').all().map(fromRow);
  }

  /**
   * Record one run's outcome for a sink: `success` resets the error streak, `error` extends it,
   * `neutral` (e.g. refused by the safety threshold) leaves both. `owned`/`pending` only when known.
   */
  recordSink(
    name: string,
    result: {
      runId: string;
      at: string;
      status: string;
      outcome: SinkOutcome;
      error?: string;
      owned?: number;
      pending?: number;
    },
  ): SinkState {
    const before = this.sink(name);
    const success = result.outcome === 'success';
    const streak = before?.consecutiveErrors ?? 0;
    const next: SinkState = {
      sink: name,
      lastRunId: result.runId,
      lastRunAt: result.at,
      lastStatus: result.status,
      lastSuccessAt: success ? result.at : (before?.lastSuccessAt ?? null),
      lastError: success ? null : (result.error ?? before?.lastError ?? null),
      consecutiveErrors: success ? 0 : result.outcome === 'error' ? streak + 1 : streak,
      owned: result.owned ?? before?.owned ?? null,
      pending: result.pending ?? before?.pending ?? null,
    };
    this.db
      .prepare(
        `INSERT OR REPLACE INTO sink_state (sink, last_run_id, last_run_at, last_status, last_success_at,
           last_error, consecutive_errors, owned, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        next.sink,
        next.lastRunId,
        next.lastRunAt,
        next.lastStatus,
        next.lastSuccessAt,
        next.lastError,
        next.consecutiveErrors,
        next.owned,
        next.pending,
      );
    return next;
  }

  /** Claim the journal write for (run, source); false when it was claimed before (write once). */
  claimJournal(runId: string, source: string, at: string): boolean {
    return (
      this.db
        .prepare(
          "INSERT OR IGNORE INTO journal_writes (run_id, source, status, at) VALUES (?, ?, 'claimed', ?)",
        )
        .run(runId, source, at).changes === 1
    );
  }

  finishJournal(runId: string, source: string, status: 'written' | 'failed', requestId: string | null): void {
    this.db
      .prepare('UPDATE journal_writes SET status = ?, request_id = ? WHERE run_id = ? AND source = ?')
      .run(status, requestId, runId, source);
  }

  journalStatus(runId: string, source: string): string | undefined {
    return this.db
      .prepare<[string, string], { status: string }>(
        'SELECT status FROM journal_writes WHERE run_id = ? AND source = ?',
      )
      .get(runId, source)?.status;
  }

  /** Remember the X-Request-ID of one of our own writes to NetBox (echo suppression). */
  rememberOwnRequest(requestId: string, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO own_requests (request_id, at) VALUES (?, ?)').run(requestId, at);
  }

  isOwnRequest(requestId: string): boolean {
    return this.db.prepare('SELECT 1 FROM own_requests WHERE request_id = ?').get(requestId) !== undefined;
  }

  getMeta(key: string): string | undefined {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)
      ?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  prune(cutoff: string): number {
    const journal = this.db.prepare('DELETE FROM journal_writes WHERE at < ?').run(cutoff).changes;
    const own = this.db.prepare('DELETE FROM own_requests WHERE at < ?').run(cutoff).changes;
    return journal + own;
  }
}
