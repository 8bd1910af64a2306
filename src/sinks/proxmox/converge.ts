import type { Logger } from 'pino';
import { SyncError } from '../../model/errors.js';
import { isDigestMismatch, type ProxmoxClient } from './client.js';
import type { ClusterVm, VmConfig } from './schemas.js';
import { CONFIG_FIELDS, type ConfigField, type VmState } from './spec.js';
import { disksOf, observedState } from './state.js';
import { formatNet, formatTags } from './values.js';

/** What converging needs besides the VM: the client, where new disks go, the run's signal. */
export interface ConvergeContext {
  readonly client: ProxmoxClient;
  readonly storage: string | undefined;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Called after a digest mismatch, on the re-read config, before retrying: throws to stop. */
  readonly recheck: (config: VmConfig, vmid: number) => void;
}

/** A VM as it is right now: its cluster entry and its config. */
export interface LiveVm {
  readonly vm: ClusterVm;
  readonly config: VmConfig;
}

/** Find a VM by VMID (whatever node it is on now) and read its config; null when it is gone. */
export async function readLive(
  client: ProxmoxClient,
  vmid: number,
  signal: AbortSignal,
): Promise<LiveVm | null> {
  const vm = (await client.vms(signal)).find((v) => v.vmid === vmid);
  if (!vm) return null;
  return { vm, config: await client.config(vm.node, vm.vmid, signal) };
}

/**
 * Bring one VM to `want` for the given fields only, acting on what the VM is now (so a second
 * run finds nothing to do): stop, migrate, config (with `digest`; one re-read and retry on a
 * mismatch), grow or add disks, start. Returns how many actions were taken.
 */
export async function converge(
  start: LiveVm,
  want: VmState,
  fields: ReadonlySet<string>,
  ctx: ConvergeContext,
): Promise<number> {
  const { client, signal } = ctx;
  let live = start;
  let actions = 0;
  const vmid = live.vm.vmid;
  const running = () => live.vm.status === 'running';

  if (fields.has('power') && want.power === 'stopped' && running()) {
    await client.power(live.vm.node, vmid, 'shutdown', signal);
    live = await refresh(client, live, signal);
    actions += 1;
  }
  if (fields.has('node') && live.vm.node !== want.node) {
    await client.migrate(live.vm.node, vmid, want.node, running(), signal);
    live = await refresh(client, live, signal);
    actions += 1;
  }
  const configFields = CONFIG_FIELDS.filter((f) => fields.has(f));
  if (configFields.length > 0) {
    let change = configChange(live, want, configFields);
    if (Object.keys(change).length > 0) {
      try {
        await client.setConfig(live.vm.node, vmid, change, live.config.digest, signal);
      } catch (err) {
        if (!isDigestMismatch(err)) throw err;
        ctx.log.info({ vmid }, 'proxmox config changed meanwhile; re-read and retry once');
        live = await refresh(client, live, signal);
        ctx.recheck(live.config, vmid);
        change = configChange(live, want, configFields);
        if (Object.keys(change).length > 0)
          await client.setConfig(live.vm.node, vmid, change, live.config.digest, signal);
      }
      live = await refresh(client, live, signal);
      actions += 1;
    }
  }
  if (fields.has('disks')) {
    const grown = await growDisks(live, want, ctx);
    if (grown > 0) live = await refresh(client, live, signal);
    actions += grown;
  }
  if (fields.has('power') && want.power === 'running' && !running()) {
    await client.power(live.vm.node, vmid, 'start', signal);
    actions += 1;
  }
  return actions;
}

/** Config keys to send for the fields that differ now. */
function configChange(
  live: LiveVm,
  want: VmState,
  fields: readonly ConfigField[],
): Record<string, string | number> {
  const have = observedState(live.vm, live.config);
  const change: Record<string, string | number> = {};
  for (const field of fields) {
    switch (field) {
      case 'name':
        if (have.name !== want.name) change.name = want.name;
        break;
      case 'cores':
        if (have.cores !== want.cores) change.cores = want.cores;
        break;
      case 'memory':
        if (have.memory !== want.memory) change.memory = String(want.memory);
        break;
      case 'tags':
        if (formatTags(have.tags) !== formatTags(want.tags)) change.tags = formatTags(want.tags);
        break;
      case 'description':
        if (have.description !== want.description) change.description = want.description;
        break;
      case 'net0':
        if (want.net0 && (have.net0?.bridge !== want.net0.bridge || have.net0.vlan !== want.net0.vlan)) {
          change.net0 = formatNet(live.config.values.net0, want.net0);
        }
        break;
      case 'ipconfig0':
        if (want.ipconfig0 !== null && have.ipconfig0 !== want.ipconfig0) change.ipconfig0 = want.ipconfig0;
        break;
    }
  }
  return change;
}

/**
 * Grow smaller disks to the wanted size and add missing ones (whole GiB, then grown to the exact
 * MiB); never shrink.
 */
async function growDisks(start: LiveVm, want: VmState, ctx: ConvergeContext): Promise<number> {
  const { client, signal } = ctx;
  let live = start;
  let actions = 0;
  for (const [key, wantedMb] of Object.entries(want.disks)) {
    const disks = disksOf(live.config);
    if (!disks.some((d) => d.key === key)) {
      const storage = ctx.storage ?? disks[0]?.storage;
      if (!storage) {
        throw new SyncError(
          'SINK_REJECTED',
          `VM ${live.vm.vmid} needs a new disk ${key} but has no disk to take a storage from; set storage on the sink`,
        );
      }
      // STORAGE:SIZE_IN_GiB allocates a new volume (schema of scsi[n]).
      const change = { [key]: `${storage}:${Math.max(1, Math.floor(wantedMb / 1024))}` };
      await client.setConfig(live.vm.node, live.vm.vmid, change, live.config.digest, signal);
      live = await refresh(client, live, signal);
      actions += 1;
    }
    const disk = disksOf(live.config).find((d) => d.key === key);
    if (!disk || disk.sizeMb >= wantedMb) continue;
    await client.resize(live.vm.node, live.vm.vmid, key, wantedMb, live.config.digest, signal);
    live = await refresh(client, live, signal);
    actions += 1;
  }
  return actions;
}

async function refresh(client: ProxmoxClient, live: LiveVm, signal: AbortSignal): Promise<LiveVm> {
  const fresh = await readLive(client, live.vm.vmid, signal);
  if (!fresh)
    throw new SyncError('SINK_REJECTED', `VM ${live.vm.vmid} disappeared while nbsync was changing it`);
  return fresh;
}
