import { createHash } from 'node:crypto';
import { PveError } from './params.js';

/** One QEMU guest of the fake cluster. Config values are strings, as in the config file. */
export interface FakeVm {
  vmid: number;
  node: string;
  status: 'running' | 'stopped';
  /** Config keys (`name`, `cores`, `net0`, `scsi0`, `description`, `template`…), without digest. */
  config: Record<string, string>;
  /** Set while a task holds the VM (`clone`, `migrate`, `destroyed`). */
  lock: string | null;
}

/** A container: listed by `/cluster/resources`, never a VM. */
export interface FakeContainer {
  vmid: number;
  node: string;
  name: string;
}

export type TaskType =
  'qmclone' | 'qmconfig' | 'qmstart' | 'qmstop' | 'qmshutdown' | 'qmigrate' | 'resize' | 'qmdestroy';

export interface FakeTask {
  readonly upid: string;
  readonly node: string;
  readonly type: TaskType;
  readonly vmid: number;
  readonly user: string;
  readonly startedAt: number;
  readonly endsAt: number;
  status: 'running' | 'stopped';
  exitstatus?: string;
  readonly log: string[];
  /** Runs when the task ends: returns an error message to fail the task. */
  readonly finish: () => string | undefined;
  /** Runs when the task fails (injected or by `finish`): undo what the start did. */
  readonly rollback?: () => void;
}

/** Bytes-free size handling: MiB in, `size=` strings out the way PVE writes them. */
export function formatSize(mb: number): string {
  if (mb % (1024 * 1024) === 0) return `${mb / (1024 * 1024)}T`;
  if (mb % 1024 === 0) return `${mb / 1024}G`;
  return `${mb}M`;
}

export function parseSizeMb(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(text);
  if (!match) return null;
  const factor: Record<string, number> = { K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 };
  const value = Number(match[1]);
  return Math.ceil(match[2] === undefined ? value / (1024 * 1024) : value * (factor[match[2]] ?? 1));
}

/** The SHA-1 over the config file text, as PVE computes `digest`. */
export function digestOf(vm: FakeVm): string {
  const text = Object.keys(vm.config)
    .sort()
    .map((key) => `${key}: ${vm.config[key]}`)
    .join('\n');
  return createHash('sha1').update(text).digest('hex');
}

/** The in-memory cluster: nodes, guests, storages, tasks, and id / MAC counters. */
export class ClusterState {
  readonly vms = new Map<number, FakeVm>();
  readonly containers = new Map<number, FakeContainer>();
  readonly tasks = new Map<string, FakeTask>();
  private macCounter = 0x5a0000;
  private taskCounter = 0;

  constructor(
    readonly nodes: readonly string[],
    readonly storages: readonly string[],
  ) {}

  assertNode(node: string): void {
    if (!this.nodes.includes(node)) throw new PveError(595, `no such cluster node '${node}'`);
  }

  /** The VM on this node, as the node's config file lookup would find it. */
  vmOn(node: string, vmid: number): FakeVm {
    this.assertNode(node);
    const vm = this.vms.get(vmid);
    if (!vm || vm.node !== node) {
      throw new PveError(500, `Configuration file 'nodes/${node}/qemu-server/${vmid}.conf' does not exist`);
    }
    return vm;
  }

  isTemplate(vm: FakeVm): boolean {
    return vm.config.template === '1';
  }

  vmidTaken(vmid: number): boolean {
    return this.vms.has(vmid) || this.containers.has(vmid);
  }

  nextFreeVmid(): number {
    let vmid = 100;
    while (this.vmidTaken(vmid)) vmid += 1;
    return vmid;
  }

  newMac(): string {
    this.macCounter += 1;
    const n = this.macCounter;
    const byte = (shift: number) => ((n >> shift) & 0xff).toString(16).padStart(2, '0').toUpperCase();
    return `BC:24:11:${byte(16)}:${byte(8)}:${byte(0)}`;
  }

  /** A new volume name for the VM, not used by any of its disks (`vm-<vmid>-disk-<n>`). */
  newVolume(storage: string, vmid: number): string {
    if (!this.storages.includes(storage)) throw new PveError(500, `storage '${storage}' does not exist`);
    const used = Object.values(this.vms.get(vmid)?.config ?? {}).join(' ');
    let n = 0;
    while (used.includes(`vm-${vmid}-disk-${n}`)) n += 1;
    return `${storage}:vm-${vmid}-disk-${n}`;
  }

  startTask(
    node: string,
    type: TaskType,
    vmid: number,
    user: string,
    now: number,
    durationMs: number,
    finish: () => string | undefined,
    rollback?: () => void,
  ): FakeTask {
    this.taskCounter += 1;
    const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
    const started = Math.floor(now / 1000);
    const upid = `UPID:${node}:${hex(0x1000 + this.taskCounter, 8)}:${hex(0xc0ffee + this.taskCounter, 8)}:${hex(started, 8)}:${type}:${vmid}:${user}:`;
    const task: FakeTask = {
      upid,
      node,
      type,
      vmid,
      user,
      startedAt: now,
      endsAt: now + durationMs,
      status: 'running',
      log: [`task started by ${user}`],
      finish,
      ...(rollback ? { rollback } : {}),
    };
    this.tasks.set(upid, task);
    return task;
  }
}
