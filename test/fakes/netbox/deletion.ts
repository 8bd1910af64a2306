import { MODELS } from './models/index.js';
import { TAGGABLE } from './models/extras.js';
import type { Store } from './store.js';
import type { ObjectType, StoredRecord } from './types.js';

/** What deleting one object implies (Django's on_delete rules). */
export interface DeletionPlan {
  /** Records to delete, dependants first. */
  order: Array<{ type: ObjectType; record: StoredRecord }>;
  protect: Array<{ type: ObjectType; record: StoredRecord }>;
  /** Fields to clear (set null, or drop an id from a list) on surviving records. */
  clear: Array<{ type: ObjectType; id: number; fields: Array<[string, number]> }>;
}

/** Collect cascades (dependants first), protecting references and fields to clear. */
export function collectDeletion(store: Store, type: ObjectType, id: number): DeletionPlan {
  const plan: DeletionPlan = { order: [], protect: [], clear: [] };
  const seen = new Set<string>();
  const visit = (targetType: ObjectType, targetId: number): void => {
    const key = `${targetType}:${targetId}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const model of Object.values(MODELS)) {
      if (model.readOnly) continue;
      for (const [name, spec] of Object.entries(model.fields)) {
        let refs: readonly StoredRecord[] = [];
        let onDelete = 'set-null';
        let fields: Array<[string, number]> = [[name, targetId]];
        if ((spec.kind === 'fk' || spec.kind === 'm2m') && spec.target === targetType) {
          refs = store.referencing(model.type, name, targetId);
          if (spec.kind === 'm2m')
            refs = store
              .byId(model.type)
              .filter((r) => (r[name] as number[] | undefined)?.includes(targetId));
          onDelete = spec.kind === 'fk' ? (spec.onDelete ?? 'set-null') : 'set-null';
        } else if (spec.kind === 'generic-type' && spec.allowed.includes(targetType)) {
          refs = store.assignedTo(model.type, targetType, targetId, name);
          onDelete = spec.onDelete ?? 'set-null';
          fields = [
            [name, targetId],
            [spec.idField, targetId],
          ];
        }
        for (const ref of refs) {
          if (onDelete === 'cascade') visit(model.type, ref.id);
          else if (onDelete === 'protect') plan.protect.push({ type: model.type, record: ref });
          else plan.clear.push({ type: model.type, id: ref.id, fields });
        }
      }
    }
    if (targetType === 'extras.tag') {
      for (const tagged of TAGGABLE) {
        for (const ref of store.byId(tagged)) {
          if ((ref['tags'] as number[] | undefined)?.includes(targetId))
            plan.clear.push({ type: tagged, id: ref.id, fields: [['tags', targetId]] });
        }
      }
    }
    plan.order.push({ type: targetType, record: store.get(targetType, targetId)! });
  };
  visit(type, id);
  return plan;
}
