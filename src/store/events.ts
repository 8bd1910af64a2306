import type { Database } from 'better-sqlite3';

export type EventStatus = 'pending' | 'processed' | 'ignored';
export type EventOrigin = 'webhook' | 'poll';

/** A NetBox change notice as received (webhook or change-log poll), before processing. */
export interface EventInput {
  readonly receivedAt: string;
  readonly origin: EventOrigin;
  /** `app_label.model`, e.g. `ipam.ipaddress`. */
  readonly objectType: string;
  readonly objectId: number;
  /** `created`, `updated`, `deleted` (or a job event, which is ignored). */
  readonly event: string;
  readonly requestId: string | null;
  readonly username: string | null;
  /** sha256 of the raw payload; a redelivered identical payload is stored once. */
  readonly payloadHash: string;
  /** Object refs named in the payload (assigned interface, parent VM…), e.g. `dcim.interface/4`. */
  readonly related: readonly string[];
}

export interface StoredEvent extends EventInput {
  readonly id: number;
  readonly status: EventStatus;
  readonly note: string | null;
  readonly processedAt: string | null;
}

interface EventRow {
  id: number;
  received_at: string;
  origin: EventOrigin;
  object_type: string;
  object_id: number;
  event: string;
  request_id: string | null;
  username: string | null;
  payload_hash: string;
  related: string;
  status: EventStatus;
  note: string | null;
  processed_at: string | null;
}

function fromRow(row: EventRow): StoredEvent {
  return {
    id: row.id,
    receivedAt: row.received_at,
    origin: row.origin,
    objectType: row.object_type,
    objectId: row.object_id,
    event: row.event,
    requestId: row.request_id,
    username: row.username,
    payloadHash: row.payload_hash,
    related: JSON.parse(row.related) as string[],
    status: row.status,
    note: row.note,
    processedAt: row.processed_at,
  };
}

/**
 * The durable event log. Every write is synchronous and committed when the call returns, so an
 * event acknowledged with 202 survives a crash; pending events are reloaded at start.
 */
export class EventLog {
  constructor(private readonly db: Database) {}

  /** Store an event; `duplicate` when the same payload was stored before (nothing written). */
  insert(input: EventInput): { event: StoredEvent; duplicate: boolean } {
    const existing = this.db
      .prepare<[string], EventRow>('SELECT * FROM events WHERE payload_hash = ?')
      .get(input.payloadHash);
    if (existing) return { event: fromRow(existing), duplicate: true };
    const row = this.db
      .prepare<unknown[], EventRow>(
        `INSERT INTO events (received_at, origin, object_type, object_id, event, request_id, username,
           payload_hash, related)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        input.receivedAt,
        input.origin,
        input.objectType,
        input.objectId,
        input.event,
        input.requestId,
        input.username,
        input.payloadHash,
        JSON.stringify(input.related),
      );
    if (!row) throw new Error('event insert returned no row');
    return { event: fromRow(row), duplicate: false };
  }

  /** Pending events, oldest first. */
  pending(): StoredEvent[] {
    return this.db
      .prepare<[], EventRow>("SELECT * FROM events WHERE status = 'pending' ORDER BY id")
      .all()
      .map(fromRow);
  }

  get(id: number): StoredEvent | undefined {
    const row = this.db.prepare<[number], EventRow>('SELECT * FROM events WHERE id = ?').get(id);
    return row ? fromRow(row) : undefined;
  }

  countPending(): number {
    const row = this.db
      .prepare<[], { n: number }>("SELECT count(*) AS n FROM events WHERE status = 'pending'")
      .get();
    return row?.n ?? 0;
  }

  /** Of these ids, the ones still pending (a full sync may have covered the others). */
  stillPending(ids: readonly number[]): Set<number> {
    const pending = new Set<number>();
    const stmt = this.db.prepare<[number], { id: number }>(
      "SELECT id FROM events WHERE id = ? AND status = 'pending'",
    );
    for (const id of ids) if (stmt.get(id)) pending.add(id);
    return pending;
  }

  /** Close events; `note` says why (e.g. `echo`, `covered by full sync`). */
  mark(ids: readonly number[], status: Exclude<EventStatus, 'pending'>, at: string, note?: string): void {
    const stmt = this.db.prepare(
      "UPDATE events SET status = ?, processed_at = ?, note = ? WHERE id = ? AND status = 'pending'",
    );
    this.db.transaction(() => {
      for (const id of ids) stmt.run(status, at, note ?? null, id);
    })();
  }

  /** Mark every event received up to `time` processed: a full sync that started then covers them. */
  markCoveredBefore(time: string, at: string): number {
    return this.db
      .prepare(
        `UPDATE events SET status = 'processed', processed_at = ?, note = 'covered by full sync'
         WHERE status = 'pending' AND received_at <= ?`,
      )
      .run(at, time).changes;
  }

  /** Delete closed events received before `cutoff`; pending ones are kept whatever their age. */
  prune(cutoff: string): number {
    return this.db.prepare("DELETE FROM events WHERE status != 'pending' AND received_at < ?").run(cutoff)
      .changes;
  }
}
