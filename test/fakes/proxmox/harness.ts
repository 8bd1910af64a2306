import pino from 'pino';
import type { FetchLike } from '../../../src/lib/http.js';
import type { Inventory } from '../../../src/model/inventory.js';
import type { Change, SinkPlan } from '../../../src/model/plan.js';
import { planSink } from '../../../src/reconcile/planner.js';
import type { ApplyResult, NetBoxWriter, RunContext, SinkSettings } from '../../../src/sinks/sink.js';
import { ProxmoxClient } from '../../../src/sinks/proxmox/client.js';
import { ProxmoxSink } from '../../../src/sinks/proxmox/sink.js';
import { FAKE_PROXMOX_TOKEN, FakeProxmox, type FakeProxmoxOptions } from './fake.js';

export const PROXMOX_URL = 'https://pve.test:8006';

/**
 * A NetBox stand-in for write-backs: records `setCustomFields` and lays the written values over
 * the inventory it is given, as the next load from NetBox would.
 */
export class NetBoxWrites implements NetBoxWriter {
  readonly writes: { ref: string; fields: Record<string, unknown> }[] = [];
  failNext = false;

  async setCustomFields(ref: string, fields: Readonly<Record<string, unknown>>): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('NetBox answered 503');
    }
    this.writes.push({ ref, fields: { ...fields } });
  }

  /** The inventory after the recorded write-backs. */
  over(inventory: Inventory): Inventory {
    const written = new Map<number, Record<string, unknown>>();
    for (const { ref, fields } of this.writes) {
      const id = Number(/^virtualization\.virtualmachine\/(\d+)$/.exec(ref)?.[1]);
      written.set(id, { ...written.get(id), ...fields });
    }
    return {
      ...inventory,
      virtualMachines: inventory.virtualMachines.map((vm) =>
        written.has(vm.id) ? { ...vm, customFields: { ...vm.customFields, ...written.get(vm.id) } } : vm,
      ),
    };
  }
}

export interface HarnessOptions {
  readonly fake?: FakeProxmoxOptions;
  readonly settings?: Partial<SinkSettings>;
  readonly storage?: string;
  readonly gateways?: Record<string, string>;
  /** How the sink reaches the fake (default: straight to `fake.handle`). */
  readonly fetch?: (fake: FakeProxmox) => FetchLike;
  readonly taskPollMs?: number;
  readonly taskTimeoutMs?: number;
}

/** A fake Proxmox with template 9000 on pve1, and a sink for cluster "pve-homelab" pointed at it. */
export function proxmoxHarness(options: HarnessOptions = {}) {
  const fake = new FakeProxmox({ nodes: ['pve1', 'pve2'], ...options.fake });
  fake.addTemplate({ vmid: 9000, name: 'debian-13-cloud', diskGb: 10 });
  const netbox = new NetBoxWrites();
  const settings: SinkSettings = {
    mode: 'apply',
    policy: 'sync',
    safety: { maxChangePercent: 100, minExisting: 10 },
    adopt: false,
    instance: 'homelab',
    ...options.settings,
  };
  const client = new ProxmoxClient({
    baseUrl: `${PROXMOX_URL}/api2/json`,
    token: FAKE_PROXMOX_TOKEN,
    fetch: options.fetch ? options.fetch(fake) : (input, init) => fake.handle(new Request(input, init)),
    sleep: async () => {},
    taskPollMs: options.taskPollMs ?? 1,
    ...(options.taskTimeoutMs !== undefined ? { taskTimeoutMs: options.taskTimeoutMs } : {}),
  });
  const sink = new ProxmoxSink({
    name: 'pve',
    settings,
    client,
    netbox,
    mapping: {
      clusters: ['pve-homelab'],
      defaultNode: 'pve1',
      template: 9000,
      bridge: 'vmbr0',
      gateways: options.gateways ?? { '10.10.30.0/24': '10.10.30.254' },
    },
    ...(options.storage !== undefined ? { storage: options.storage } : {}),
  });
  const ctx = (): RunContext => ({ log: pino({ level: 'silent' }), signal: new AbortController().signal });

  /**
   * The controller's order: observe (it runs while NetBox loads), desired (from the inventory
   * plus write-backs), align, plan.
   */
  const plan = async (inventory: Inventory): Promise<SinkPlan> => {
    const observed = await sink.observe(ctx());
    const desired = sink.desired(netbox.over(inventory));
    const aligned = sink.align(desired, observed);
    return planSink(sink, aligned.desired, aligned.observed);
  };
  const apply = async (changes: readonly Change[]): Promise<ApplyResult[]> => {
    const results: ApplyResult[] = [];
    for (const change of changes) results.push(await sink.apply(change, ctx()));
    return results;
  };
  /** Plan and apply everything, forced changes included. */
  const sync = async (inventory: Inventory) => apply((await plan(inventory)).changes);

  return { fake, sink, netbox, ctx, plan, apply, sync };
}
