import { SyncError } from '../../model/errors.js';
import type { Spec, SpecValue } from '../../model/resource.js';
import type { NetSpec } from './values.js';

export const VM_KIND = 'proxmox.vm' as const;

export type Power = 'running' | 'stopped';

/**
 * The compared fields of one Proxmox VM, desired or observed. `vmid` is `null` on the desired
 * side when NetBox has none yet (it is then left out of the spec). Disk sizes are MiB.
 */
export interface VmState {
  readonly vmid: number | null;
  readonly node: string;
  readonly name: string;
  readonly cores: number;
  readonly memory: number;
  readonly disks: Readonly<Record<string, number>>;
  readonly tags: readonly string[];
  readonly description: string;
  readonly power: Power;
  readonly net0: NetSpec | null;
  readonly ipconfig0: string | null;
}

/** The fields an update may change, in the order `apply` handles them. */
export const CONFIG_FIELDS = ['name', 'cores', 'memory', 'tags', 'description', 'net0', 'ipconfig0'] as const;
export type ConfigField = (typeof CONFIG_FIELDS)[number];

export function toSpec(state: VmState): Spec {
  const spec: Record<string, SpecValue> = {
    node: state.node,
    name: state.name,
    cores: state.cores,
    memory: state.memory,
    disks: { ...state.disks },
    tags: [...state.tags],
    description: state.description,
    power: state.power,
    net0: state.net0 === null ? null : { bridge: state.net0.bridge, vlan: state.net0.vlan },
    ipconfig0: state.ipconfig0,
  };
  if (state.vmid !== null) spec.vmid = state.vmid;
  return spec;
}

/** Read a spec this sink wrote back into a typed state; anything else is a bug (INTERNAL). */
export function fromSpec(spec: Spec): VmState {
  const fail = (field: string): never => {
    throw new SyncError('INTERNAL', `proxmox: spec field ${field} has an unexpected shape`);
  };
  const str = (field: string): string => {
    const value = spec[field];
    return typeof value === 'string' ? value : fail(field);
  };
  const num = (field: string): number => {
    const value = spec[field];
    return typeof value === 'number' ? value : fail(field);
  };
  const disks: Record<string, number> = {};
  const rawDisks = spec.disks;
  if (rawDisks === null || typeof rawDisks !== 'object' || Array.isArray(rawDisks)) fail('disks');
  for (const [key, size] of Object.entries(rawDisks as Record<string, SpecValue>)) {
    disks[key] = typeof size === 'number' ? size : fail(`disks.${key}`);
  }
  const tags = Array.isArray(spec.tags)
    ? spec.tags.map((t) => (typeof t === 'string' ? t : fail('tags')))
    : fail('tags');
  const rawNet = spec.net0;
  let net0: NetSpec | null = null;
  if (rawNet !== null && rawNet !== undefined) {
    if (typeof rawNet !== 'object' || Array.isArray(rawNet)) fail('net0');
    const net = rawNet as Record<string, SpecValue>;
    const vlan = net.vlan ?? null;
    if (typeof net.bridge !== 'string' || (vlan !== null && typeof vlan !== 'number')) fail('net0');
    net0 = { bridge: net.bridge as string, vlan: vlan as number | null };
  }
  const power = str('power');
  const ipconfig0 = spec.ipconfig0 ?? null;
  return {
    vmid: spec.vmid === undefined ? null : num('vmid'),
    node: str('node'),
    name: str('name'),
    cores: num('cores'),
    memory: num('memory'),
    disks,
    tags,
    description: str('description'),
    power: power === 'running' || power === 'stopped' ? power : fail('power'),
    net0,
    ipconfig0: ipconfig0 === null || typeof ipconfig0 === 'string' ? ipconfig0 : fail('ipconfig0'),
  };
}
