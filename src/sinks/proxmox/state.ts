import { parseOwnerMark, type OwnerMark } from '../../model/owner.js';
import type { ClusterVm, VmConfig } from './schemas.js';
import type { VmState } from './spec.js';
import {
  compareDiskKeys,
  normaliseDescription,
  normaliseIpConfig,
  parseDisk,
  parseMemory,
  parseNet,
  parseTags,
  type DiskEntry,
} from './values.js';

/** The owner mark of a VM: the first description line that starts with `nbsync:`. */
export function markOf(config: VmConfig): OwnerMark | null {
  const lines = (config.values.description ?? '').split('\n');
  const line = lines.find((l) => l.trim().startsWith('nbsync:'));
  return line === undefined ? null : parseOwnerMark(line.trim());
}

/** The NetBox VM id in a mark's ref (`virtualization.virtualmachine/7` → 7), else null. */
export function netboxIdOf(mark: OwnerMark | null): number | null {
  const match = /^virtualization\.virtualmachine\/(\d+)$/.exec(mark?.ref ?? '');
  return match ? Number(match[1]) : null;
}

/** Real disks of a config (no CD-ROM, no cloud-init drive), in key order. */
export function disksOf(config: VmConfig): DiskEntry[] {
  const disks: DiskEntry[] = [];
  for (const [key, value] of Object.entries(config.values)) {
    const disk = parseDisk(key, value);
    if (disk) disks.push(disk);
  }
  return disks.sort((a, b) => compareDiskKeys(a.key, b.key));
}

/** What a VM is, in the words of the spec: config values coerced, defaults of PVE applied. */
export function observedState(vm: ClusterVm, config: VmConfig): VmState {
  const values = config.values;
  const cores = Number(values.cores ?? 1);
  return {
    vmid: vm.vmid,
    node: vm.node,
    name: values.name ?? vm.name,
    cores: Number.isFinite(cores) && cores > 0 ? cores : 1,
    memory: parseMemory(values.memory),
    disks: Object.fromEntries(disksOf(config).map((d) => [d.key, d.sizeMb])),
    tags: parseTags(values.tags ?? vm.tags),
    description: normaliseDescription(values.description),
    power: vm.status === 'running' ? 'running' : 'stopped',
    net0: parseNet(values.net0),
    ipconfig0: normaliseIpConfig(values.ipconfig0),
  };
}

/** A shrink that will not be applied: the disk is larger than NetBox asks. */
export interface RefusedShrink {
  readonly disk: string;
  readonly actualMb: number;
  readonly wantedMb: number;
}

/**
 * Disks compare as "at least" (disks only grow): against the desired sizes, a larger disk shows
 * the desired size, a smaller one its own, a missing one is left out; disks NetBox does not
 * list are not compared. Returns the disks to put in the observed spec and the refused shrinks.
 */
export function disksAgainst(
  actual: Readonly<Record<string, number>>,
  wanted: Readonly<Record<string, number>>,
): { disks: Record<string, number>; shrinks: RefusedShrink[] } {
  const disks: Record<string, number> = {};
  const shrinks: RefusedShrink[] = [];
  for (const [disk, wantedMb] of Object.entries(wanted)) {
    const actualMb = actual[disk];
    if (actualMb === undefined) continue;
    disks[disk] = Math.min(actualMb, wantedMb);
    if (actualMb > wantedMb) shrinks.push({ disk, actualMb, wantedMb });
  }
  return { disks, shrinks };
}
