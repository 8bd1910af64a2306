import type { Database } from 'better-sqlite3';
import type { PlanJson } from '../reconcile/plan-json.js';

/** `full`: every object was planned; `targeted`: only the objects an event touched. */
export type PlanScope = 'full' | 'targeted';

export interface StoredPlan {
  readonly id: string;
  readonly checksum: string;
  readonly createdAt: string;
  readonly scope: PlanScope;
  readonly plan: PlanJson;
}

interface PlanRow {
  id: string;
  checksum: string;
  created_at: string;
  scope: PlanScope;
  body: string;
}

function fromRow(row: PlanRow): StoredPlan {
  return {
    id: row.id,
    checksum: row.checksum,
    createdAt: row.created_at,
    scope: row.scope,
    plan: JSON.parse(row.body) as PlanJson,
  };
}

/** Plans as computed (the JSON of DESIGN §3), kept for review and approval. */
export class PlanStore {
  constructor(private readonly db: Database) {}

  save(plan: PlanJson, scope: PlanScope): void {
    this.db
      .prepare('INSERT OR REPLACE INTO plans (id, checksum, created_at, scope, body) VALUES (?, ?, ?, ?, ?)')
      .run(plan.id, plan.checksum, plan.createdAt, scope, JSON.stringify(plan));
  }

  get(id: string): StoredPlan | undefined {
    const row = this.db.prepare<[string], PlanRow>('SELECT * FROM plans WHERE id = ?').get(id);
    return row ? fromRow(row) : undefined;
  }

  /** The newest plan of this scope (the full one is what awaits approval). */
  latest(scope: PlanScope = 'full'): StoredPlan | undefined {
    const row = this.db
      .prepare<[PlanScope], PlanRow>(
        'SELECT * FROM plans WHERE scope = ? ORDER BY created_at DESC, id DESC LIMIT 1',
      )
      .get(scope);
    return row ? fromRow(row) : undefined;
  }

  /** Delete plans created before `cutoff`, except the newest full plan. */
  prune(cutoff: string): number {
    const keep = this.latest('full')?.id ?? '';
    return this.db.prepare('DELETE FROM plans WHERE created_at < ? AND id != ?').run(cutoff, keep).changes;
  }
}
