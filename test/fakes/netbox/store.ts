import { modelOf } from './models/index.js';
import type { ObjectType, StoredRecord } from './types.js';

/**
 * The in-memory database of the fake: one table per object type, ids per table (as in
 * PostgreSQL), records immutable (an update stores a new object). Orderings and reverse
 * counts are cached per revision, so listing 20k rows page by page stays cheap.
 */
export class Store {
  private readonly tables = new Map<ObjectType, Map<number, StoredRecord>>();
  private readonly nextIds = new Map<ObjectType, number>();
  private readonly cache = new Map<string, unknown>();
  private cacheRevision = -1;
  /** Bumped on every write. */
  revision = 0;
  /** Undo log of the open transaction, newest last; `null` outside a transaction. */
  private undo: Array<{ type: ObjectType; id: number; previous: StoredRecord | undefined }> | null = null;
  private savedIds: Map<ObjectType, number> | null = null;

  /** Start an all-or-nothing unit of work (not nested). */
  begin(): void {
    this.undo = [];
    this.savedIds = new Map(this.nextIds);
  }

  commit(): void {
    this.undo = null;
    this.savedIds = null;
  }

  /** Undo every write since `begin()`, ids included. */
  rollback(): void {
    const undo = this.undo ?? [];
    for (const { type, id, previous } of undo.reverse()) {
      if (previous) this.table(type).set(id, previous);
      else this.table(type).delete(id);
    }
    if (this.savedIds) {
      this.nextIds.clear();
      for (const [type, id] of this.savedIds) this.nextIds.set(type, id);
    }
    this.undo = null;
    this.savedIds = null;
    this.revision++;
  }

  private table(type: ObjectType): Map<number, StoredRecord> {
    let table = this.tables.get(type);
    if (!table) {
      table = new Map();
      this.tables.set(type, table);
    }
    return table;
  }

  private cached<T>(key: string, build: () => T): T {
    if (this.cacheRevision !== this.revision) {
      this.cache.clear();
      this.cacheRevision = this.revision;
    }
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as T;
  }

  /** Reserve the next id of a table. */
  allocateId(type: ObjectType): number {
    const id = this.nextIds.get(type) ?? 1;
    this.nextIds.set(type, id + 1);
    return id;
  }

  /** Store (insert or replace) a record; `owned` skips the defensive copy (the caller built it fresh). */
  put(type: ObjectType, record: StoredRecord, owned = false): StoredRecord {
    const frozen = Object.freeze(owned ? record : { ...record });
    this.undo?.push({ type, id: record.id, previous: this.table(type).get(record.id) });
    this.table(type).set(record.id, frozen);
    if (record.id >= (this.nextIds.get(type) ?? 1)) this.nextIds.set(type, record.id + 1);
    this.revision++;
    return frozen;
  }

  delete(type: ObjectType, id: number): boolean {
    const previous = this.table(type).get(id);
    if (previous) this.undo?.push({ type, id, previous });
    const removed = this.table(type).delete(id);
    if (removed) this.revision++;
    return removed;
  }

  get(type: ObjectType, id: number): StoredRecord | undefined {
    return this.tables.get(type)?.get(id);
  }

  size(type: ObjectType): number {
    return this.tables.get(type)?.size ?? 0;
  }

  /** All records of a type in id order. */
  byId(type: ObjectType): readonly StoredRecord[] {
    return this.cached(`id:${type}`, () => [...this.table(type).values()].sort((a, b) => a.id - b.id));
  }

  /** All records of a type in the model's default ordering. */
  ordered(type: ObjectType): readonly StoredRecord[] {
    const compare = modelOf(type).compare;
    if (!compare) return this.byId(type);
    return this.cached(`ordered:${type}`, () => [...this.byId(type)].sort(compare));
  }

  /** How many records of `type` have `field` equal to `id` (a reverse foreign-key count). */
  countBy(type: ObjectType, field: string, id: number): number {
    const index = this.cached(`count:${type}:${field}`, () => {
      const counts = new Map<unknown, number>();
      for (const record of this.table(type).values()) {
        const value = record[field];
        if (Array.isArray(value)) for (const item of value) counts.set(item, (counts.get(item) ?? 0) + 1);
        else if (value !== null && value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      return counts;
    });
    return index.get(id) ?? 0;
  }

  /** Records of `type` whose `field` equals `id`, in id order (cached per revision). */
  referencing(type: ObjectType, field: string, id: number): readonly StoredRecord[] {
    const index = this.cached(`refs:${type}:${field}`, () => {
      const refs = new Map<unknown, StoredRecord[]>();
      for (const record of this.byId(type)) {
        const value = record[field];
        if (value === null || value === undefined) continue;
        const list = refs.get(value) ?? [];
        list.push(record);
        refs.set(value, list);
      }
      return refs;
    });
    return index.get(id) ?? [];
  }

  /** Records assigned through a generic relation (`assigned_object_type` + `assigned_object_id`). */
  assignedTo(
    type: ObjectType,
    target: ObjectType,
    id: number,
    typeField = 'assigned_object_type',
  ): readonly StoredRecord[] {
    const idField = typeField.replace(/_type$/, '_id');
    return this.referencing(type, idField, id).filter((record) => record[typeField] === target);
  }

  /** Memoise anything derived from the data until the next write. */
  memo<T>(key: string, build: () => T): T {
    return this.cached(`memo:${key}`, build);
  }
}
