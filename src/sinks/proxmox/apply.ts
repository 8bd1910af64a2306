import type { Logger } from 'pino';
import { SyncError } from '../../model/errors.js';
import { formatOwnerMark } from '../../model/owner.js';
import type { Change } from '../../model/plan.js';
import type { Resource } from '../../model/resource.js';
import type { ApplyResult, NetBoxWriter } from '../sink.js';
import type { ProxmoxClient } from './client.js';
import { converge, readLive, type ConvergeContext, type LiveVm } from './converge.js';
import { ownerTag } from './map.js';
import type { ClusterVm, VmConfig } from './schemas.js';
import { fromSpec, type VmState } from './spec.js';
import { markOf } from './state.js';
import { parseTags } from './values.js';

export interface ApplyContext {
  readonly client: ProxmoxClient;
  readonly netbox: NetBoxWriter;
  readonly instance: string;
  readonly storage: string | undefined;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

const ALL_FIELDS: ReadonlySet<string> = new Set([
  'node',
  'name',
  'cores',
  'memory',
  'tags',
  'description',
  'net0',
  'ipconfig0',
  'disks',
  'power',
]);

/** Apply one change to Proxmox: create = clone + converge, update = converge the diff, delete = stop + destroy. */
export async function applyVmChange(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  if (change.op === 'create') return create(change.after, ctx);
  if (change.op === 'update') {
    const fields = new Set(change.diff.map((d) => d.field));
    return update(change.before, change.after, fields, ctx);
  }
  return destroy(change.before, ctx);
}

async function create(after: Resource, ctx: ApplyContext): Promise<ApplyResult> {
  const { client, signal } = ctx;
  const ref = after.meta.source ?? '';
  const want = fromSpec(after.spec);
  const vms = await client.vms(signal);
  const existing = await findMarked(vms, ref, want, ctx);
  if (existing) {
    // Created before (a re-applied plan, or a run cut short): finish it instead of cloning again.
    const notes: string[] = [];
    if (want.vmid === null) notes.push(await writeBack(ref, existing.vm.vmid, ctx));
    const actions = await converge(existing, want, ALL_FIELDS, convergeContext(ctx, ref));
    return { outcome: actions > 0 ? 'applied' : 'noop', ...noteField(notes) };
  }
  if (want.vmid !== null) {
    const holder = vms.find((v) => v.vmid === want.vmid);
    if (holder) {
      throw new SyncError(
        'SINK_REJECTED',
        `VMID ${want.vmid} (proxmox_vmid of ${ref}) belongs to VM "${holder.name}" on ${holder.node}, which ` +
          'nbsync does not own; give the NetBox VM a free VMID or clear proxmox_vmid',
      );
    }
  }
  const template = resolveTemplate(vms, templateOf(after));
  const vmid = await cloneWithVmid(want, template, ctx);
  const notes = [`cloned from template ${template.vmid} as VM ${vmid}`];
  if (want.vmid === null) notes.push(await writeBack(ref, vmid, ctx));
  const live = await readLive(client, vmid, signal);
  if (!live) throw new SyncError('SINK_REJECTED', `VM ${vmid} is missing right after its clone finished`);
  await converge(live, want, ALL_FIELDS, convergeContext(ctx, ref));
  return { outcome: 'applied', note: joinNotes(notes) };
}

async function update(
  before: Resource,
  after: Resource,
  fields: Set<string>,
  ctx: ApplyContext,
): Promise<ApplyResult> {
  const ref = after.meta.source ?? '';
  const want = fromSpec(after.spec);
  const vmid = extraNumber(before, 'vmid');
  const live = await readLive(ctx.client, vmid, ctx.signal);
  if (!live) {
    throw new SyncError(
      'SINK_REJECTED',
      `VM ${vmid} for ${ref} no longer exists; the next plan creates it again`,
    );
  }
  const adopting = fields.has('owner');
  const mark = markOf(live.config);
  if (!(adopting && mark === null)) assertOurs(live.config, vmid, ref, ctx.instance);
  if (adopting) {
    fields.add('description');
    fields.add('tags');
  }
  const notes: string[] = [];
  let actions = 0;
  if (fields.has('vmid')) {
    if (want.vmid === null) {
      // Here the write-back is the change itself: a failure fails it (unlike after a clone).
      await ctx.netbox.setCustomFields(ref, { proxmox_vmid: vmid }, ctx.signal);
      notes.push(`proxmox_vmid ${vmid} written to ${ref}`);
      actions += 1;
    } else if (want.vmid !== vmid) {
      throw new SyncError(
        'SINK_REJECTED',
        `${ref} records proxmox_vmid ${want.vmid} but its Proxmox VM is ${vmid}; Proxmox cannot renumber a VM: ` +
          `set proxmox_vmid back to ${vmid}`,
      );
    }
  }
  actions += await converge(live, want, fields, convergeContext(ctx, ref, adopting && mark === null));
  return actions > 0 ? { outcome: 'applied', ...noteField(notes) } : { outcome: 'noop' };
}

async function destroy(before: Resource, ctx: ApplyContext): Promise<ApplyResult> {
  const { client, signal } = ctx;
  const vmid = extraNumber(before, 'vmid');
  const ref = before.meta.owner?.ref ?? '';
  const live = await readLive(client, vmid, signal);
  if (!live) return { outcome: 'noop' };
  assertOurs(live.config, vmid, ref, ctx.instance);
  if (live.vm.status === 'running') await client.power(live.vm.node, vmid, 'stop', signal);
  await client.destroy(live.vm.node, vmid, signal);
  return { outcome: 'applied', note: `destroyed VM ${vmid} on ${live.vm.node}` };
}

/** The VM already carrying our mark for `ref`: looked for among likely candidates only. */
async function findMarked(
  vms: readonly ClusterVm[],
  ref: string,
  want: VmState,
  ctx: ApplyContext,
): Promise<LiveVm | null> {
  const tag = ownerTag(ctx.instance);
  const candidates = vms.filter(
    (v) => !v.template && (v.vmid === want.vmid || v.name === want.name || parseTags(v.tags).includes(tag)),
  );
  for (const vm of candidates) {
    const config = await ctx.client.config(vm.node, vm.vmid, ctx.signal);
    const mark = markOf(config);
    if (mark?.instance === ctx.instance && mark.ref === ref) return { vm, config };
  }
  return null;
}

/** Clone `template` to the wanted VMID, or to one from `/cluster/nextid` (taken again once on a race). */
async function cloneWithVmid(want: VmState, template: ClusterVm, ctx: ApplyContext): Promise<number> {
  const { client, signal } = ctx;
  for (let attempt = 0; ; attempt += 1) {
    const vmid = want.vmid ?? (await client.nextId(signal));
    try {
      await client.clone(
        template.node,
        template.vmid,
        {
          newid: vmid,
          name: want.name,
          description: want.description,
          ...(want.node !== template.node ? { target: want.node } : {}),
          ...(ctx.storage ? { full: true, storage: ctx.storage } : {}),
        },
        signal,
      );
      return vmid;
    } catch (err) {
      const raced =
        want.vmid === null &&
        attempt === 0 &&
        err instanceof SyncError &&
        /already exists/i.test(err.message);
      if (!raced) throw err;
      ctx.log.info({ vmid }, 'proxmox VMID taken meanwhile; allocating another');
    }
  }
}

/** Template by VMID or, for a name, the one template with that name. */
export function resolveTemplate(vms: readonly ClusterVm[], template: number | string): ClusterVm {
  const templates = vms.filter((v) => v.template);
  if (typeof template === 'number') {
    const vm = vms.find((v) => v.vmid === template);
    if (!vm)
      throw new SyncError(
        'SINK_REJECTED',
        `template VMID ${template} does not exist in Proxmox; fix template (or proxmox_template)`,
      );
    if (!vm.template)
      throw new SyncError(
        'SINK_REJECTED',
        `VM ${template} is not a template; convert it (qm template ${template}) or name another`,
      );
    return vm;
  }
  const named = templates.filter((v) => v.name === template);
  if (named.length === 1 && named[0]) return named[0];
  const known = templates.map((v) => `${v.name} (${v.vmid})`).join(', ') || 'none';
  throw new SyncError(
    'SINK_REJECTED',
    named.length === 0
      ? `no Proxmox template is named "${template}" (templates: ${known}); fix proxmox_template`
      : `${named.length} Proxmox templates are named "${template}" (${named.map((v) => v.vmid).join(', ')}); use a VMID in proxmox_template`,
  );
}

function assertOurs(config: VmConfig, vmid: number, ref: string, instance: string): void {
  const mark = markOf(config);
  if (mark?.instance === instance && mark.ref === ref) return;
  const found = mark ? `the mark "${formatOwnerMark(mark)}"` : 'no nbsync owner mark';
  throw new SyncError(
    'SINK_REJECTED',
    `VM ${vmid} now carries ${found}, not ${formatOwnerMark({ instance, ref })}; nbsync leaves it alone`,
  );
}

async function writeBack(ref: string, vmid: number, ctx: ApplyContext): Promise<string> {
  try {
    await ctx.netbox.setCustomFields(ref, { proxmox_vmid: vmid }, ctx.signal);
    return `proxmox_vmid ${vmid} written to ${ref}`;
  } catch (err) {
    // The VM exists; the next plan shows the missing VMID again and retries the write-back.
    ctx.log.warn({ err, ref, vmid }, 'proxmox vmid write-back failed');
    return `writing proxmox_vmid ${vmid} to ${ref} failed; the next run retries`;
  }
}

function convergeContext(ctx: ApplyContext, ref: string, adopting = false): ConvergeContext {
  return {
    client: ctx.client,
    storage: ctx.storage,
    signal: ctx.signal,
    log: ctx.log,
    recheck: (config, vmid) => {
      if (adopting && markOf(config) === null) return;
      assertOurs(config, vmid, ref, ctx.instance);
    },
  };
}

function templateOf(resource: Resource): number | string {
  const template = resource.meta.extra?.template;
  if (typeof template === 'number' || typeof template === 'string') return template;
  throw new SyncError('INTERNAL', `proxmox: ${resource.key} has no template in its desired data`);
}

function extraNumber(resource: Resource, field: string): number {
  const value = resource.meta.extra?.[field];
  if (typeof value === 'number') return value;
  throw new SyncError('INTERNAL', `proxmox: observed ${resource.key} lacks ${field}`);
}

function joinNotes(notes: readonly string[]): string {
  return notes.join('; ');
}

function noteField(notes: readonly string[]): { note?: string } {
  return notes.length > 0 ? { note: joinNotes(notes) } : {};
}
