import type { NetBoxObjectType } from '../model/inventory.js';
import type { NetBoxSource } from '../sources/netbox/index.js';
import type { DaemonNetBox, InventoryPatch, ObjectChange, PatchableCollection } from './ports.js';
import { COLLECTION_OF_TYPE, parseRef } from './refs.js';

const ACTIONS: readonly ObjectChange['action'][] = ['create', 'update', 'delete'];

/**
 * The daemon's view of the NetBox source: refs re-read grouped per list (one batched read per
 * kind, all or nothing), absent ids reported as `missing` (deleted, or out of the configured
 * filters: either way no longer managed), the change log as `ObjectChange` rows.
 */
export function daemonNetBox(source: NetBoxSource, options: { username?: string | null } = {}): DaemonNetBox {
  return {
    username: options.username ?? null,

    load: (signal) => source.load(signal),

    async loadObjects(refs, signal): Promise<InventoryPatch> {
      const wanted = new Map<PatchableCollection, { type: string; ids: number[] }>();
      for (const r of refs) {
        const parsed = parseRef(r);
        const collection = parsed ? COLLECTION_OF_TYPE[parsed.type] : undefined;
        if (!parsed || !collection) continue;
        const entry = wanted.get(collection) ?? { type: parsed.type, ids: [] };
        entry.ids.push(parsed.id);
        wanted.set(collection, entry);
      }
      const kinds = [...wanted.entries()];
      const results = await Promise.all(
        kinds.map(([kind, { ids }]) => source.loadObjects(kind, ids, signal)),
      );
      const patch: Record<string, unknown> = {};
      const missing: string[] = [];
      kinds.forEach(([kind, { type, ids }], i) => {
        const items: readonly { readonly id: number }[] = results[i] ?? [];
        const found = new Set(items.map((item) => item.id));
        for (const id of ids) if (!found.has(id)) missing.push(`${type}/${id}`);
        patch[kind] = items;
      });
      return { ...patch, missing: missing.sort() } as InventoryPatch;
    },

    async writeJournal(entry, signal) {
      const parsed = parseRef(entry.ref);
      if (!parsed) return { requestId: null };
      await source.writeJournal(
        parsed.type as NetBoxObjectType,
        parsed.id,
        entry.kind,
        entry.comments,
        signal,
      );
      // The X-Request-ID of every NetBox write reaches the echo filter through the source's
      // `onWrite` hook (wired by `serve`); the journal entry's own event is ignored by type.
      return { requestId: null };
    },

    async objectChanges(since, signal) {
      const rows = await source.readObjectChanges({ since: new Date(since) }, signal);
      return rows.map((row) => ({
        id: row.id,
        time: row.time,
        action: ACTIONS.find((a) => a === row.action) ?? 'update',
        objectType: row.objectType,
        objectId: row.objectId,
        requestId: row.requestId || null,
        username: null,
      }));
    },
  };
}
