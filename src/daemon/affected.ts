import type { Interface, Inventory } from '../model/inventory.js';
import type { StoredEvent } from '../store/events.js';
import { COLLECTION_OF_TYPE, parseRef, ref } from './refs.js';

/**
 * How an event is handled: `targeted` re-reads the object and its dependents; `full` needs a full
 * reconcile (prefixes, VLANs, clusters, tags, sites… change many objects at once); `ignored` is
 * unrelated to what nbsync manages (journal entries, jobs, tokens).
 */
export type EventHandling = 'targeted' | 'full' | 'ignored';

const TARGETED = new Set([
  'ipam.ipaddress',
  'dcim.device',
  'dcim.interface',
  'dcim.macaddress',
  'virtualization.virtualmachine',
  'virtualization.vminterface',
  'virtualization.virtualdisk',
]);

const IGNORED = new Set(['extras.journalentry', 'extras.eventrule', 'extras.webhook', 'extras.notification']);
const IGNORED_APPS = new Set(['core', 'users', 'unknown']);

export function classify(event: Pick<StoredEvent, 'objectType' | 'event'>): EventHandling {
  if (!['created', 'updated', 'deleted'].includes(event.event)) return 'ignored';
  if (TARGETED.has(event.objectType)) return 'targeted';
  const app = event.objectType.split('.')[0] ?? '';
  if (IGNORED.has(event.objectType) || IGNORED_APPS.has(app)) return 'ignored';
  return 'full';
}

/** All events about one object, coalesced: the last one decides whether it still exists. */
export interface ObjectTarget {
  readonly ref: string;
  readonly deleted: boolean;
  readonly related: readonly string[];
  readonly eventIds: readonly number[];
}

export function coalesce(events: readonly StoredEvent[]): ObjectTarget[] {
  const byRef = new Map<string, { deleted: boolean; related: Set<string>; ids: number[] }>();
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    const key = ref(event.objectType, event.objectId);
    const entry = byRef.get(key) ?? { deleted: false, related: new Set<string>(), ids: [] };
    entry.deleted = event.event === 'deleted';
    for (const r of event.related) entry.related.add(r);
    entry.ids.push(event.id);
    byRef.set(key, entry);
  }
  return [...byRef.entries()].map(([key, e]) => ({
    ref: key,
    deleted: e.deleted,
    related: [...e.related].sort(),
    eventIds: e.ids,
  }));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Lookups from an object to the objects that depend on it or that it depends on. */
export class InventoryIndex {
  private readonly ips = new Map<number, Inventory['ipAddresses'][number]>();
  private readonly ipsByInterface = new Map<string, number[]>();
  private readonly interfaces = new Map<string, Interface>();
  private readonly interfacesByHost = new Map<string, string[]>();
  private readonly disksByVm = new Map<number, number[]>();
  private readonly vmOfDisk = new Map<number, number>();
  private readonly hostsByPrimaryIp = new Map<number, string[]>();
  private readonly hosts = new Map<string, { primaryIp4Id: number | null; primaryIp6Id: number | null }>();

  constructor(inventory: Inventory) {
    for (const ip of inventory.ipAddresses) {
      this.ips.set(ip.id, ip);
      if (ip.assigned) push(this.ipsByInterface, ref(ip.assigned.type, ip.assigned.id), ip.id);
    }
    const addInterface = (iface: Interface, type: string, hostType: string): void => {
      const key = ref(type, iface.id);
      this.interfaces.set(key, iface);
      push(this.interfacesByHost, ref(hostType, iface.parentId), key);
    };
    for (const iface of inventory.interfaces) addInterface(iface, 'dcim.interface', 'dcim.device');
    for (const iface of inventory.vmInterfaces) {
      addInterface(iface, 'virtualization.vminterface', 'virtualization.virtualmachine');
    }
    for (const disk of inventory.virtualDisks) {
      push(this.disksByVm, disk.vmId, disk.id);
      this.vmOfDisk.set(disk.id, disk.vmId);
    }
    const addHost = (
      type: string,
      host: { id: number; primaryIp4Id: number | null; primaryIp6Id: number | null },
    ): void => {
      const key = ref(type, host.id);
      this.hosts.set(key, host);
      for (const ipId of [host.primaryIp4Id, host.primaryIp6Id])
        if (ipId !== null) push(this.hostsByPrimaryIp, ipId, key);
    };
    for (const device of inventory.devices) addHost('dcim.device', device);
    for (const vm of inventory.virtualMachines) addHost('virtualization.virtualmachine', vm);
  }

  /** Objects one hop away whose desired resources may change with `target` (an IP → its interface and host…). */
  neighbours(target: string): string[] {
    const parsed = parseRef(target);
    if (!parsed) return [];
    const out: string[] = [];
    const hostOf = (ifaceRef: string): string | undefined => {
      const iface = this.interfaces.get(ifaceRef);
      if (!iface) return undefined;
      return ref(
        iface.parentType === 'device' ? 'dcim.device' : 'virtualization.virtualmachine',
        iface.parentId,
      );
    };
    switch (parsed.type) {
      case 'ipam.ipaddress': {
        const ip = this.ips.get(parsed.id);
        if (ip?.assigned) {
          const ifaceRef = ref(ip.assigned.type, ip.assigned.id);
          out.push(ifaceRef);
          const host = hostOf(ifaceRef);
          if (host) out.push(host);
        }
        out.push(...(this.hostsByPrimaryIp.get(parsed.id) ?? []));
        break;
      }
      case 'dcim.interface':
      case 'virtualization.vminterface': {
        const host = hostOf(target);
        if (host) out.push(host);
        out.push(...(this.ipsByInterface.get(target) ?? []).map((id) => ref('ipam.ipaddress', id)));
        break;
      }
      case 'dcim.device':
      case 'virtualization.virtualmachine': {
        for (const ifaceRef of this.interfacesByHost.get(target) ?? []) {
          out.push(ifaceRef);
          out.push(...(this.ipsByInterface.get(ifaceRef) ?? []).map((id) => ref('ipam.ipaddress', id)));
        }
        const host = this.hosts.get(target);
        for (const ipId of [host?.primaryIp4Id ?? null, host?.primaryIp6Id ?? null]) {
          if (ipId !== null) out.push(ref('ipam.ipaddress', ipId));
        }
        if (parsed.type === 'virtualization.virtualmachine') {
          out.push(
            ...(this.disksByVm.get(parsed.id) ?? []).map((id) => ref('virtualization.virtualdisk', id)),
          );
        }
        break;
      }
      case 'virtualization.virtualdisk': {
        const vm = this.vmOfDisk.get(parsed.id);
        if (vm !== undefined) out.push(ref('virtualization.virtualmachine', vm));
        break;
      }
    }
    return [...new Set(out)];
  }
}

/** What to re-read from NetBox and what to drop, for a batch of coalesced targets. */
export function reReadSet(
  index: InventoryIndex,
  targets: readonly ObjectTarget[],
): { reread: string[]; removed: string[] } {
  const removed = new Set(targets.filter((t) => t.deleted).map((t) => t.ref));
  const reread = new Set<string>();
  for (const target of targets) {
    const candidates = [
      ...(target.deleted ? [] : [target.ref]),
      ...index.neighbours(target.ref),
      ...target.related,
    ];
    for (const candidate of candidates) {
      const parsed = parseRef(candidate);
      if (parsed && COLLECTION_OF_TYPE[parsed.type] && !removed.has(candidate)) reread.add(candidate);
    }
  }
  return { reread: [...reread].sort(), removed: [...removed].sort() };
}

/**
 * The refs to plan: every event object, everything re-read or removed, and the neighbours of the
 * event objects in the patched inventory (an IP moved to another VM touches both VMs).
 */
export function scopeRefs(
  after: InventoryIndex,
  targets: readonly ObjectTarget[],
  reread: readonly string[],
  removed: readonly string[],
): Set<string> {
  const scope = new Set<string>([...reread, ...removed]);
  for (const target of targets) {
    scope.add(target.ref);
    for (const n of after.neighbours(target.ref)) scope.add(n);
  }
  return scope;
}
