import type { Inventory } from '../model/inventory.js';
import type { InventoryPatch, PatchableCollection } from './ports.js';
import { COLLECTION_OF_TYPE, parseRef } from './refs.js';

const COLLECTIONS: readonly PatchableCollection[] = [
  'prefixes',
  'ipAddresses',
  'vlans',
  'vlanGroups',
  'devices',
  'interfaces',
  'virtualMachines',
  'vmInterfaces',
  'virtualDisks',
  'clusters',
  'tags',
];

/**
 * A new inventory: re-read objects replace (or join) their list, removed refs (deleted events and
 * the patch's `missing`) leave it. Lists stay sorted by id; the input is not modified.
 */
export function patchInventory(
  inventory: Inventory,
  patch: InventoryPatch,
  removed: readonly string[],
): Inventory {
  const drop = new Map<PatchableCollection, Set<number>>();
  for (const r of [...removed, ...patch.missing]) {
    const parsed = parseRef(r);
    const collection = parsed ? COLLECTION_OF_TYPE[parsed.type] : undefined;
    if (!parsed || !collection) continue;
    const ids = drop.get(collection) ?? new Set<number>();
    ids.add(parsed.id);
    drop.set(collection, ids);
  }
  const next: Record<string, unknown> = { ...inventory };
  for (const collection of COLLECTIONS) {
    const fresh: readonly { readonly id: number }[] = patch[collection] ?? [];
    const gone = drop.get(collection);
    if (fresh.length === 0 && !gone) continue;
    const current: readonly { readonly id: number }[] = inventory[collection];
    next[collection] = merge(current, fresh, gone);
  }
  return next as unknown as Inventory;
}

function merge<T extends { readonly id: number }>(
  current: readonly T[],
  fresh: readonly T[],
  gone: ReadonlySet<number> | undefined,
): T[] {
  const byId = new Map(current.map((item) => [item.id, item]));
  for (const id of gone ?? []) byId.delete(id);
  for (const item of fresh) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
