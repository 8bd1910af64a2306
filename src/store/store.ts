import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3';
import { SyncError } from '../model/errors.js';
import { EventLog } from './events.js';
import { migrate } from './migrations.js';
import { PlanStore } from './plans.js';
import { RunLog } from './runs.js';
import { StateStore } from './state.js';

export interface StoreOptions {
  /** Clock for pruning; tests pass a fixed one. */
  readonly now?: () => Date;
}

export interface PruneResult {
  readonly events: number;
  readonly runs: number;
  readonly plans: number;
  readonly other: number;
}

/**
 * nbsync's state in SQLite (WAL): events, plans, runs and their applied changes, sink status.
 * All calls are synchronous; a write is durable when the call returns.
 */
export class Store {
  readonly events: EventLog;
  readonly runs: RunLog;
  readonly plans: PlanStore;
  readonly state: StateStore;
  private closed = false;

  private constructor(
    private readonly db: Database,
    readonly path: string,
    private readonly now: () => Date,
  ) {
    cacheStatements(db);
    this.events = new EventLog(db);
    this.runs = new RunLog(db);
    this.plans = new PlanStore(db);
    this.state = new StateStore(db);
  }

  /** Open (creating the file and its directory when missing) and migrate. `:memory:` works too. */
  static open(path: string, options: StoreOptions = {}): Store {
    const file = path === ':memory:' ? path : resolve(path);
    let db: Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      db = new DatabaseConstructor(file);
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a commit survives a process crash (kill -9); only an OS crash or power loss
      // may lose the last commits, and the full sync at start covers what such events announced.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (err) {
      db?.close();
      if (err instanceof SyncError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new SyncError(
        'STORE_UNAVAILABLE',
        `cannot open the store ${file} (${reason}); check store.path and its permissions`,
        { cause: err },
      );
    }
    return new Store(db, file, options.now ?? (() => new Date()));
  }

  get isOpen(): boolean {
    return !this.closed && this.db.open;
  }

  /** Schema version (`PRAGMA user_version`). */
  get version(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  /** Delete what is older than `retentionDays`: closed events, finished runs, old plans. */
  prune(retentionDays: number): PruneResult {
    const cutoff = new Date(this.now().getTime() - retentionDays * 86_400_000).toISOString();
    return this.db.transaction(() => ({
      events: this.events.prune(cutoff),
      runs: this.runs.prune(cutoff),
      plans: this.plans.prune(cutoff),
      other: this.state.prune(cutoff),
    }))();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/**
 * Prepare each statement once per connection: every SQL text in the store is a constant, and
 * preparing on each call cost more than running (measured in the daemon's event path). No
 * caller changes a statement's mode (`pluck`, `raw`…), so sharing them is safe.
 */
function cacheStatements(db: Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, ReturnType<typeof prepare>>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = prepare(sql)));
    return statement;
  }) as typeof db.prepare;
}

/** Open the store named by the config; a relative `store.path` resolves against the config's folder. */
export function openStore(
  config: { store: { path: string }; baseDir: string },
  options: StoreOptions = {},
): Store {
  const path = config.store.path === ':memory:' ? ':memory:' : resolve(config.baseDir, config.store.path);
  return Store.open(path, options);
}
