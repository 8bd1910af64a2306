import { acceptsParam, PveError, type Endpoint, type Params } from './params.js';
import {
  digestOf,
  formatSize,
  parseSizeMb,
  type ClusterState,
  type FakeTask,
  type FakeVm,
  type TaskType,
} from './state.js';

/** What the handlers need from the fake around them. */
export interface QemuEnv {
  readonly now: () => number;
  readonly taskDurationMs: () => number;
  /** The reason phrase of a stale digest (`checksum mismatch …`, `missmatch` before PVE 8). */
  readonly digestMessage: string;
  readonly bridges: readonly string[];
  /** Test hook: runs right before a config write is checked (a concurrent edit). */
  readonly beforeConfigWrite: (vm: FakeVm) => void;
}

const DNS_NAME =
  /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;
const TAG = /^[a-z0-9_][a-z0-9_\-+.]*$/i;
const DISK = /^(scsi|virtio|sata|ide)\d+$/;

/** The `/nodes/{node}/qemu/{vmid}/…` endpoints, with the rules of PROXMOX-API.md. */
export class QemuApi {
  constructor(
    private readonly state: ClusterState,
    private readonly env: QemuEnv,
  ) {}

  getConfig(node: string, vmid: number, p: Params) {
    p.only((k) => acceptsParam('GET /nodes/{node}/qemu/{vmid}/config', k));
    const vm = this.state.vmOn(node, vmid);
    const data: Record<string, string | number> = { digest: digestOf(vm) };
    for (const [key, value] of Object.entries(vm.config)) {
      // Loose types on purpose: some numbers come back as numbers, most values as strings.
      if (key === 'cores' || key === 'sockets' || key === 'template') data[key] = Number(value);
      else if (key === 'description') data[key] = `${value}\n`;
      else data[key] = value;
    }
    if (vm.lock) data.lock = vm.lock;
    return data;
  }

  setConfig(node: string, vmid: number, p: Params, user: string) {
    const vm = this.checkedWrite(node, vmid, p, 'POST /nodes/{node}/qemu/{vmid}/config');
    const errors: Record<string, string> = {};
    const updates: Record<string, string> = {};
    for (const key of p.keys()) {
      if (key === 'digest' || key === 'delete' || key === 'background_delay') continue;
      const value = p.required(key);
      const problem = this.validate(key, value);
      if (problem) errors[key] = problem;
      else updates[key] = value;
    }
    if (Object.keys(errors).length > 0) throw new PveError(400, 'Parameter verification failed.', errors);
    for (const key of (p.optional('delete') ?? '').split(',').filter((k) => k !== '')) delete vm.config[key];
    for (const [key, value] of Object.entries(updates)) vm.config[key] = this.configValue(vm, key, value);
    return this.task(node, 'qmconfig', vmid, user, () => undefined).upid;
  }

  clone(node: string, vmid: number, p: Params, user: string) {
    p.only((k) => acceptsParam('POST /nodes/{node}/qemu/{vmid}/clone', k));
    const source = this.state.vmOn(node, vmid);
    const newid = p.integer('newid', true);
    if (newid < 100)
      throw new PveError(400, 'Parameter verification failed.', {
        newid: 'value must have a minimum value of 100',
      });
    if (this.state.vmidTaken(newid))
      throw new PveError(
        500,
        `VM ${newid} already exists on node '${this.state.vms.get(newid)?.node ?? node}'`,
      );
    if (source.lock) throw new PveError(500, `VM is locked (${source.lock})`);
    const target = p.optional('target') ?? node;
    this.state.assertNode(target);
    const template = this.state.isTemplate(source);
    const full = p.optional('full') === undefined ? !template : p.flag('full');
    const storage = p.optional('storage');
    if (storage !== undefined && !full)
      throw new PveError(500, "parameter 'storage' not allowed for linked clones");
    if (!full && !template)
      throw new PveError(500, 'Linked clone feature is not supported for a VM that is not a template');
    const name = p.optional('name') ?? `Copy-of-VM-${source.config.name ?? vmid}`;
    if (!DNS_NAME.test(name))
      throw new PveError(400, 'Parameter verification failed.', {
        name: `value does not match the regex pattern`,
      });

    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(source.config)) {
      if (key === 'template') continue;
      if (/^net\d+$/.test(key))
        config[key] = value.replace(
          /^(\w+)=[0-9A-Fa-f:]{17}/,
          (_m, model: string) => `${model}=${this.state.newMac()}`,
        );
      else if (DISK.test(key)) config[key] = this.cloneDisk(value, vmid, newid, full, storage);
      else config[key] = value;
    }
    config.name = name;
    const description = p.optional('description');
    if (description !== undefined) config.description = description.replace(/\s+$/, '');
    const vm: FakeVm = { vmid: newid, node: target, status: 'stopped', config, lock: 'clone' };
    this.state.vms.set(newid, vm);
    const finish = () => {
      vm.lock = null;
      return undefined;
    };
    return this.task(node, 'qmclone', newid, user, finish, () => this.state.vms.delete(newid)).upid;
  }

  migrate(node: string, vmid: number, p: Params, user: string) {
    p.only((k) => acceptsParam('POST /nodes/{node}/qemu/{vmid}/migrate', k));
    const vm = this.state.vmOn(node, vmid);
    const target = p.required('target');
    this.state.assertNode(target);
    if (target === node) throw new PveError(500, 'target is local node.');
    if (vm.lock) throw new PveError(500, `VM is locked (${vm.lock})`);
    if (vm.status === 'running' && !p.flag('online'))
      throw new PveError(500, "can't migrate running VM without --online");
    vm.lock = 'migrate';
    const finish = () => {
      vm.node = target;
      vm.lock = null;
      return undefined;
    };
    return this.task(node, 'qmigrate', vmid, user, finish, () => (vm.lock = null)).upid;
  }

  resize(node: string, vmid: number, p: Params, user: string) {
    const vm = this.checkedWrite(node, vmid, p, 'PUT /nodes/{node}/qemu/{vmid}/resize');
    const disk = p.required('disk');
    const size = p.required('size');
    const match = /^(\+)?(\d+(?:\.\d+)?[KMGT]?)$/.exec(size);
    if (!match)
      throw new PveError(400, 'Parameter verification failed.', {
        size: `value does not match the regex pattern`,
      });
    // The checks below run inside the task (PVE 8+): they fail the task, not the call.
    const finish = (): string | undefined => {
      const value = vm.config[disk];
      if (value === undefined || !DISK.test(disk)) return `disk '${disk}' does not exist`;
      if (/media=cdrom/.test(value)) return `you can't resize a cdrom`;
      const current = parseSizeMb(/size=([^,]+)/.exec(value)?.[1] ?? '0') ?? 0;
      const amount = parseSizeMb(match[2] ?? '') ?? 0;
      const wanted = match[1] ? current + amount : amount;
      if (wanted < current) return 'shrinking disks is not supported';
      vm.config[disk] = /size=[^,]+/.test(value)
        ? value.replace(/size=[^,]+/, `size=${formatSize(wanted)}`)
        : `${value},size=${formatSize(wanted)}`;
      return undefined;
    };
    return this.task(node, 'resize', vmid, user, finish).upid;
  }

  power(node: string, vmid: number, action: 'start' | 'stop' | 'shutdown', p: Params, user: string) {
    p.only((k) => acceptsParam(`POST /nodes/{node}/qemu/{vmid}/status/${action}`, k));
    const vm = this.state.vmOn(node, vmid);
    if (vm.lock) throw new PveError(500, `VM is locked (${vm.lock})`);
    if (action === 'start') {
      if (this.state.isTemplate(vm)) throw new PveError(500, "you can't start a vm if it's a template");
      if (vm.status === 'running') throw new PveError(500, `VM ${vmid} already running`);
    }
    if (action === 'shutdown' && vm.status !== 'running') throw new PveError(500, `VM ${vmid} not running`);
    const type: TaskType = action === 'start' ? 'qmstart' : action === 'stop' ? 'qmstop' : 'qmshutdown';
    const finish = () => {
      vm.status = action === 'start' ? 'running' : 'stopped';
      return undefined;
    };
    return this.task(node, type, vmid, user, finish).upid;
  }

  destroy(node: string, vmid: number, p: Params, user: string) {
    p.only((k) => acceptsParam('DELETE /nodes/{node}/qemu/{vmid}', k));
    const vm = this.state.vmOn(node, vmid);
    if (vm.lock) throw new PveError(500, `VM is locked (${vm.lock})`);
    if (vm.status === 'running') throw new PveError(500, `VM ${vmid} is running - destroy failed`);
    vm.lock = 'destroyed';
    const finish = () => {
      this.state.vms.delete(vmid);
      return undefined;
    };
    return this.task(node, 'qmdestroy', vmid, user, finish, () => (vm.lock = null)).upid;
  }

  status(node: string, vmid: number) {
    const vm = this.state.vmOn(node, vmid);
    return {
      vmid,
      name: vm.config.name ?? `VM ${vmid}`,
      status: vm.status,
      qmpstatus: vm.status,
      cpus: Number(vm.config.cores ?? 1),
      maxmem: Number(/\d+/.exec(vm.config.memory ?? '512')?.[0] ?? 512) * 1024 * 1024,
      ...(vm.lock ? { lock: vm.lock } : {}),
      ...(vm.config.tags ? { tags: vm.config.tags } : {}),
      ...(this.state.isTemplate(vm) ? { template: 1 } : {}),
    };
  }

  /** Common checks of a config write: parameters, the VM, the test hook, digest, lock. */
  private checkedWrite(node: string, vmid: number, p: Params, endpoint: Endpoint): FakeVm {
    p.only((k) => acceptsParam(endpoint, k));
    const vm = this.state.vmOn(node, vmid);
    this.env.beforeConfigWrite(vm);
    const digest = p.optional('digest');
    if (digest !== undefined && digest !== digestOf(vm)) throw new PveError(500, this.env.digestMessage);
    if (vm.lock) throw new PveError(500, `VM is locked (${vm.lock})`);
    return vm;
  }

  private validate(key: string, value: string): string | null {
    if (key === 'name' && !DNS_NAME.test(value)) return 'value does not match the regex pattern';
    if ((key === 'cores' || key === 'sockets') && !/^[1-9]\d*$/.test(value))
      return `type check ('integer') failed - got '${value}'`;
    if (key === 'memory' && !/^(current=)?\d+$/.test(value)) return `value '${value}' does not match format`;
    if (key === 'description' && value.length > 8192) return 'value may only be 8192 characters long';
    if (
      key === 'tags' &&
      !value
        .split(/[;, ]+/)
        .filter((t) => t !== '')
        .every((t) => TAG.test(t))
    )
      return `invalid format - invalid tag`;
    if (/^net\d+$/.test(key)) {
      const bridge = /(?:^|,)bridge=([^,]+)/.exec(value)?.[1];
      if (bridge !== undefined && !this.env.bridges.includes(bridge))
        return `bridge '${bridge}' does not exist`;
      if (!/^(virtio|e1000|rtl8139|vmxnet3)(=[0-9A-Fa-f:]{17})?(,|$)/.test(value))
        return 'invalid format - model is missing';
    }
    if (/^ipconfig\d+$/.test(key)) {
      const keys = value.split(',').map((part) => part.split('=')[0]);
      if (!keys.every((k) => k === 'ip' || k === 'gw' || k === 'ip6' || k === 'gw6'))
        return 'invalid format - unknown key';
    }
    return null;
  }

  /** A disk value as stored: `STORAGE:SIZE_IN_GiB` allocates a new volume. */
  private configValue(vm: FakeVm, key: string, value: string): string {
    const allocate = DISK.test(key) ? /^([a-zA-Z][\w.-]*):(\d+)(,.*)?$/.exec(value) : null;
    if (!allocate) return value;
    const volume = this.state.newVolume(allocate[1] ?? '', vm.vmid);
    return `${volume}${allocate[3] ?? ''},size=${formatSize(Number(allocate[2]) * 1024)}`;
  }

  private cloneDisk(
    value: string,
    source: number,
    newid: number,
    full: boolean,
    storage: string | undefined,
  ): string {
    if (/media=cdrom/.test(value)) {
      if (!/cloudinit/.test(value)) return value;
      return value.replace(/^([\w.-]+):[^,]+/, (_m, s: string) => `${storage ?? s}:vm-${newid}-cloudinit`);
    }
    return value.replace(/^([\w.-]+):([^,]+)/, (_m, s: string, volume: string) => {
      const index = /disk-(\d+)$/.exec(volume)?.[1] ?? '0';
      return full
        ? `${storage ?? s}:vm-${newid}-disk-${index}`
        : `${s}:base-${source}-disk-${index}/vm-${newid}-disk-${index}`;
    });
  }

  private task(
    node: string,
    type: TaskType,
    vmid: number,
    user: string,
    finish: () => string | undefined,
    rollback?: () => void,
  ): FakeTask {
    return this.state.startTask(
      node,
      type,
      vmid,
      user,
      this.env.now(),
      this.env.taskDurationMs(),
      finish,
      rollback,
    );
  }
}
