import type { Inventory } from '../../model/inventory.js';
import type { Change } from '../../model/plan.js';
import type { Desired, ResourceKind, Snapshot } from '../../model/resource.js';
import type { Aligned, ApplyResult, NetBoxWriter, RunContext, Sink, SinkSettings } from '../sink.js';
import { alignVms } from './align.js';
import { applyVmChange } from './apply.js';
import type { ProxmoxClient } from './client.js';
import { checkProxmox } from './check.js';
import { mapVms, type MapOptions } from './map.js';
import { observeVms } from './observe.js';
import { VM_KIND } from './spec.js';

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
 * Stateless between calls: `observe` reads the cluster without knowing NetBox;
 * `align` joins the two, purely — it keys an unmarked VM holding a VMID NetBox
 * records as that NetBox VM (a conflict, or adoption), picks among copies of a marked VM, and
 * compares disks grow-only (a shrink is `skipped`).
 */
export class ProxmoxSink implements Sink {
  readonly type = 'proxmox';
  readonly manages: readonly ResourceKind[] = [VM_KIND];
  readonly name: string;
  readonly settings: SinkSettings;
  private readonly options: ProxmoxSinkOptions;

  constructor(options: ProxmoxSinkOptions) {
    this.options = options;
    this.name = options.name;
    this.settings = options.settings;
  }

  desired(inventory: Inventory): Desired {
    return mapVms(inventory, { ...this.options.mapping, instance: this.settings.instance });
  }

  observe(ctx: RunContext): Promise<Snapshot> {
    return observeVms(this.options.client, ctx.signal);
  }

  align(desired: Desired, observed: Snapshot): Aligned {
    return { desired, observed: alignVms(desired, observed) };
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
