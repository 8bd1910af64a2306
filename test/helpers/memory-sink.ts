import type { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import { formatOwnerMark, parseOwnerMark } from '../../src/model/owner.js';
import type { Change } from '../../src/model/plan.js';
import type { Desired, Resource, Snapshot } from '../../src/model/resource.js';
import type { ApplyResult, RunContext, Sink, SinkSettings } from '../../src/sinks/sink.js';
import { settings as defaultSettings } from './resources.js';

/** A record as the in-memory target stores it: a ttl and a free-text comment (the owner mark). */
export interface MemoryRecord {
  ttl: number;
  comment: string;
}

/**
 * A tiny in-memory sink for controller and daemon tests: one A-like record per IP with a
 * dns name, keyed by `name/address`, owner mark in the comment. Reads and writes can be made
 * to fail.
 */
export class MemorySink implements Sink {
  readonly type = 'memory';
  readonly manages = ['dns.record'] as const;
  readonly target = new Map<string, MemoryRecord>();
  failObserve: SyncError | null = null;
  failApply: ((change: Change) => SyncError | null) | null = null;
  applied: Change[] = [];
  observeCount = 0;
  readonly settings: SinkSettings;

  constructor(
    readonly name = 'mem',
    overrides: Partial<SinkSettings> = {},
  ) {
    this.settings = defaultSettings(overrides);
  }

  desired(inventory: Inventory): Desired {
    const resources: Resource[] = [];
    for (const ip of inventory.ipAddresses) {
      if (!ip.dnsName || ip.status !== 'active') continue;
      const ttl = typeof ip.customFields.dns_ttl === 'number' ? ip.customFields.dns_ttl : 300;
      resources.push({
        kind: 'dns.record',
        key: `${ip.dnsName}/${ip.address.split('/')[0]}`,
        spec: { ttl },
        meta: { source: `ipam.ipaddress/${ip.id}` },
      });
    }
    return { resources, skipped: [] };
  }

  async observe(_ctx: RunContext): Promise<Snapshot> {
    this.observeCount += 1;
    if (this.failObserve) throw this.failObserve;
    return {
      resources: [...this.target.entries()].map(([key, record]) => ({
        kind: 'dns.record' as const,
        key,
        spec: { ttl: record.ttl },
        meta: { owner: parseOwnerMark(record.comment) },
      })),
    };
  }

  async apply(change: Change, _ctx: RunContext): Promise<ApplyResult> {
    const failure = this.failApply?.(change);
    if (failure) throw failure;
    this.applied.push(change);
    if (change.op === 'delete') {
      if (!this.target.delete(change.before.key)) return { outcome: 'noop' };
      return { outcome: 'applied' };
    }
    const mark = formatOwnerMark({ instance: this.settings.instance, ref: change.after.meta.source ?? '' });
    const existing = this.target.get(change.after.key);
    if (existing && existing.comment === mark && existing.ttl === Number(change.after.spec.ttl))
      return { outcome: 'noop' };
    this.target.set(change.after.key, { ttl: Number(change.after.spec.ttl), comment: mark });
    return { outcome: 'applied' };
  }

  async check(): Promise<readonly string[]> {
    return [];
  }
}
