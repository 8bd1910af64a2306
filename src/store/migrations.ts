import type { Database } from 'better-sqlite3';
import { SyncError } from '../model/errors.js';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many ran. Never edit a
 * released entry: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at   TEXT    NOT NULL,
    origin        TEXT    NOT NULL CHECK (origin IN ('webhook', 'poll')),
    object_type   TEXT    NOT NULL,
    object_id     INTEGER NOT NULL,
    event         TEXT    NOT NULL,
    request_id    TEXT,
    username      TEXT,
    payload_hash  TEXT    NOT NULL UNIQUE,
    related       TEXT    NOT NULL DEFAULT '[]',
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'processed', 'ignored')),
    note          TEXT,
    processed_at  TEXT
  );
  CREATE INDEX events_status ON events (status, id);
  CREATE INDEX events_received ON events (received_at);

  CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    checksum    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    scope       TEXT NOT NULL CHECK (scope IN ('full', 'targeted')),
    body        TEXT NOT NULL
  );
  CREATE INDEX plans_created ON plans (scope, created_at);

  CREATE TABLE runs (
    id           TEXT PRIMARY KEY,
    trigger      TEXT NOT NULL CHECK (trigger IN ('full', 'event', 'manual', 'approval')),
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL
                 CHECK (status IN ('running', 'ok', 'error', 'refused', 'stale', 'interrupted')),
    plan_id      TEXT,
    checksum     TEXT,
    summary      TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX runs_started ON runs (started_at);

  CREATE TABLE applied_changes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    sink        TEXT NOT NULL,
    op          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    source      TEXT,
    outcome     TEXT NOT NULL,
    error_code  TEXT,
    error       TEXT,
    note        TEXT
  );
  CREATE INDEX applied_changes_run ON applied_changes (run_id, id);

  CREATE TABLE sink_state (
    sink                TEXT PRIMARY KEY,
    last_run_id         TEXT,
    last_run_at         TEXT,
    last_status         TEXT,
    last_success_at     TEXT,
    last_error          TEXT,
    consecutive_errors  INTEGER NOT NULL DEFAULT 0,
    owned               INTEGER,
    pending             INTEGER
  );

  CREATE TABLE journal_writes (
    run_id      TEXT NOT NULL,
    source      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('claimed', 'written', 'failed')),
    at          TEXT NOT NULL,
    request_id  TEXT,
    PRIMARY KEY (run_id, source)
  );

  CREATE TABLE own_requests (
    request_id  TEXT PRIMARY KEY,
    at          TEXT NOT NULL
  );

  CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  );
  `,
];

/** Bring the schema up to date, one transaction per migration. */
export function migrate(db: Database): number {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new SyncError(
      'STORE_UNAVAILABLE',
      `the store has schema version ${current}, newer than this nbsync (${MIGRATIONS.length}); upgrade nbsync or point store.path at another file`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    const sql = MIGRATIONS[version] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return MIGRATIONS.length;
}
