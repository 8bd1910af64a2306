import { acceptsParam, PveError, type Params } from './params.js';
import type { ClusterState, FakeTask } from './state.js';

/** The cluster-wide endpoints: guests, next VMID, token permissions, task status and log. */
export class ClusterApi {
  constructor(
    private readonly state: ClusterState,
    private readonly readOnlyTokens: readonly string[],
  ) {}

  resources(p: Params) {
    p.only((k) => acceptsParam('GET /cluster/resources', k));
    const type = p.optional('type');
    if (type !== undefined && !['vm', 'storage', 'node', 'sdn'].includes(type)) {
      throw new PveError(400, 'Parameter verification failed.', {
        type: `value '${type}' does not have a value in the enumeration 'vm, storage, node, sdn'`,
      });
    }
    const guests: Record<string, unknown>[] = [];
    if (type === undefined || type === 'vm') {
      for (const vm of [...this.state.vms.values()].sort((a, b) => a.vmid - b.vmid)) {
        guests.push({
          id: `qemu/${vm.vmid}`,
          type: 'qemu',
          vmid: vm.vmid,
          name: vm.config.name ?? '',
          node: vm.node,
          status: vm.status,
          template: this.state.isTemplate(vm) ? 1 : 0,
          maxcpu: Number(vm.config.cores ?? 1),
          maxmem: Number(/\d+/.exec(vm.config.memory ?? '512')?.[0] ?? 512) * 1024 * 1024,
          ...(vm.config.tags ? { tags: vm.config.tags } : {}),
          ...(vm.lock ? { lock: vm.lock } : {}),
        });
      }
      for (const ct of this.state.containers.values()) {
        guests.push({
          id: `lxc/${ct.vmid}`,
          type: 'lxc',
          vmid: ct.vmid,
          name: ct.name,
          node: ct.node,
          status: 'running',
          template: 0,
        });
      }
    }
    if (type === undefined || type === 'node') {
      for (const node of this.state.nodes)
        guests.push({ id: `node/${node}`, type: 'node', node, status: 'online' });
    }
    return guests;
  }

  nextId(p: Params) {
    p.only((k) => acceptsParam('GET /cluster/nextid', k));
    const wanted = p.integer('vmid');
    if (wanted !== undefined) {
      if (this.state.vmidTaken(wanted))
        throw new PveError(400, 'Parameter verification failed.', { vmid: `VM ${wanted} already exists` });
      return String(wanted);
    }
    return String(this.state.nextFreeVmid()); // a JSON string, as PVE sends it
  }

  permissions(user: string) {
    const readOnly = [...(this.readOnlyTokens ?? [])].some((t) => t.startsWith(`${user}=`));
    const vm = readOnly
      ? ['VM.Audit']
      : [
          'VM.Audit',
          'VM.Allocate',
          'VM.Clone',
          'VM.Config.Options',
          'VM.Config.CPU',
          'VM.Config.Memory',
          'VM.Config.Network',
          'VM.Config.Disk',
          'VM.Config.Cloudinit',
          'VM.PowerMgmt',
          'VM.Migrate',
        ];
    return {
      '/vms': Object.fromEntries(vm.map((priv) => [priv, 1])),
      '/storage': readOnly ? {} : { 'Datastore.AllocateSpace': 1, 'Datastore.Audit': 1 },
    };
  }

  taskStatus(node: string, upid: string) {
    const task = this.task(node, upid);
    return {
      upid: task.upid,
      node: task.node,
      type: task.type,
      id: String(task.vmid),
      user: task.user,
      pid: 4096,
      pstart: 12648430,
      starttime: Math.floor(task.startedAt / 1000),
      status: task.status,
      ...(task.exitstatus !== undefined ? { exitstatus: task.exitstatus } : {}),
    };
  }

  taskLog(node: string, upid: string) {
    return this.task(node, upid).log.map((t, i) => ({ n: i + 1, t }));
  }

  private task(node: string, upid: string): FakeTask {
    this.state.assertNode(node);
    const task = this.state.tasks.get(upid);
    if (!task || task.node !== node) throw new PveError(500, `unable to open file - no such task '${upid}'`);
    return task;
  }
}
