import type { Inventory } from '../../model/inventory.js';
import type { Change } from '../../model/plan.js';
import type { Desired, ResourceKind, Snapshot } from '../../model/resource.js';
import type { ApplyResult, NetBoxWriter, RunContext, Sink, SinkSettings } from '../sink.js';
import { applyVmChange } from './apply.js';
import type { ProxmoxClient } from './client.js';
import { checkProxmox } from './check.js';
import { mapVms, type MapOptions } from './map.js';
import { observeVms, type DesiredMemo } from './observe.js';
import { fromSpec, VM_KIND } from './spec.js';

export interface ProxmoxSinkOptions {
  readonly name: string;
  readonly settings: SinkSettings;
  readonly client: ProxmoxClient;
  readonly netbox: NetBoxWriter;
  readonly mapping: Omit<MapOptions, 'instance'>;
  /** Storage for full clones and new disks; unset = linked clones, new disks beside the first. */
  readonly storage?: string;
}

/**
 * Proxmox VE QEMU VMs following NetBox VMs (DESIGN §6 "Proxmox VMs"). The owner mark is the
 * first description line (`nbsync:<instance> virtualization.virtualmachine/<id>`), mirrored by
 * the tag `nbsync-<instance>`.
 *
 * `desired` is pure in what it returns; it also remembers what it mapped (the VMIDs NetBox
 * claims and the desired disk sizes) for the next `observe`, which needs them to key unmarked
 * VMs that hold a claimed VMID (conflicts) and to compare disks as grow-only. The controller
 * always maps before it observes.
 */
export class ProxmoxSink implements Sink {
  readonly type = 'proxmox';
  readonly manages: readonly ResourceKind[] = [VM_KIND];
  readonly name: string;
  readonly settings: SinkSettings;
  private readonly options: ProxmoxSinkOptions;
  private memo: DesiredMemo = { claims: new Map(), wanted: new Map() };

  constructor(options: ProxmoxSinkOptions) {
    this.options = options;
    this.name = options.name;
    this.settings = options.settings;
  }

  desired(inventory: Inventory): Desired {
    const mapping = mapVms(inventory, { ...this.options.mapping, instance: this.settings.instance });
    this.memo = {
      claims: mapping.claims,
      wanted: new Map(mapping.resources.map((r) => [r.key, fromSpec(r.spec)])),
    };
    return { resources: mapping.resources, skipped: mapping.skipped };
  }

  observe(ctx: RunContext): Promise<Snapshot> {
    return observeVms(this.options.client, this.memo, ctx.signal);
  }

  apply(change: Change, ctx: RunContext): Promise<ApplyResult> {
    return applyVmChange(change, {
      client: this.options.client,
      netbox: this.options.netbox,
      instance: this.settings.instance,
      storage: this.options.storage,
      log: ctx.log,
      signal: ctx.signal,
    });
  }

  check(ctx: RunContext): Promise<readonly string[]> {
    return checkProxmox(this.options.client, this.options.mapping, ctx.signal);
  }
}
