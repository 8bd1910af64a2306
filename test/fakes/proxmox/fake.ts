import type { FakeApi } from '../http.js';
import { Params, PveError } from './params.js';
import { ClusterApi } from './cluster-api.js';
import { QemuApi } from './qemu-api.js';
import { ClusterState, formatSize, type FakeTask, type FakeVm, type TaskType } from './state.js';

/** The token every fake accepts unless told otherwise. */
export const FAKE_PROXMOX_TOKEN = 'nbsync@pve!sync=5f1c0a2e-8d1c-4b7e-9a31-2c0ffee0beef';

export interface FakeProxmoxOptions {
  readonly nodes?: readonly string[];
  readonly storages?: readonly string[];
  readonly bridges?: readonly string[];
  /** Accepted `USER@REALM!TOKENID=SECRET` values (default: FAKE_PROXMOX_TOKEN). */
  readonly tokens?: readonly string[];
  /** Tokens allowed to read only: writes get 403 like a token without VM.* privileges. */
  readonly readOnlyTokens?: readonly string[];
  /** How long tasks run (default 0: done at the next request). */
  readonly taskDurationMs?: number;
  /** PVE ≥ 8.4 repeats the reason phrase as `message` in the body (default true). */
  readonly messageInBody?: boolean;
  /** PVE < 8 spelled it `checksum missmatch`. */
  readonly oldDigestSpelling?: boolean;
  readonly now?: () => number;
}

/** One request the fake saw (never the token). */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Fail the next `times` requests matching method and path with this status and message. */
export interface FailureRule {
  readonly method?: string;
  readonly path: RegExp;
  readonly status: number;
  readonly message: string;
  readonly times?: number;
}

export interface VmInput {
  readonly vmid: number;
  readonly node?: string;
  readonly name: string;
  readonly status?: 'running' | 'stopped';
  /** Extra config keys (`cores`, `memory`, `net0`, `scsi0`, `description`, `tags`…). */
  readonly config?: Readonly<Record<string, string>>;
}

type Route = {
  method: string;
  pattern: RegExp;
  run: (m: RegExpMatchArray, p: Params, user: string) => unknown;
};

/**
 * A stateful fake of the Proxmox VE 9.1 API for QEMU VMs, following
 * ../shared/specs/proxmox/PROXMOX-API.md: `{data}` envelope, token auth, loose types, tasks
 * that take time and hold VM locks, digest checks, errors in the reason phrase (and `message`
 * since 8.4), shrink refused, running VMs not destroyed, templates, nextid.
 */
export class FakeProxmox implements FakeApi {
  readonly requests: FakeRequest[] = [];
  readonly state: ClusterState;
  taskDurationMs: number;
  private readonly options: FakeProxmoxOptions;
  private readonly tokens: Set<string>;
  private readonly qemu: QemuApi;
  private readonly cluster: ClusterApi;
  private readonly routes: Route[];
  private readonly failures: { rule: FailureRule; left: number }[] = [];
  private readonly taskFailures: { type?: TaskType; vmid?: number; message: string }[] = [];
  private readonly configHooks = new Map<number, (vm: FakeVm) => void>();

  constructor(options: FakeProxmoxOptions = {}) {
    this.options = options;
    this.state = new ClusterState(options.nodes ?? ['pve1'], options.storages ?? ['local-lvm']);
    this.tokens = new Set(options.tokens ?? [FAKE_PROXMOX_TOKEN]);
    this.taskDurationMs = options.taskDurationMs ?? 0;
    this.qemu = new QemuApi(this.state, {
      now: () => this.now(),
      taskDurationMs: () => this.taskDurationMs,
      digestMessage: options.oldDigestSpelling
        ? 'checksum missmatch (file change by other user?)'
        : 'checksum mismatch (file change by other user?)',
      bridges: options.bridges ?? ['vmbr0', 'vmbr1'],
      beforeConfigWrite: (vm) => {
        const hook = this.configHooks.get(vm.vmid);
        this.configHooks.delete(vm.vmid);
        hook?.(vm);
      },
    });
    this.cluster = new ClusterApi(this.state, options.readOnlyTokens ?? []);
    const q = this.qemu;
    const c = this.cluster;
    const vm = (m: RegExpMatchArray) => [m[1] ?? '', Number(m[2])] as const;
    this.routes = [
      {
        method: 'GET',
        pattern: /^\/version$/,
        run: () => ({ version: '9.1.2', release: '9.1', repoid: 'fa1ce000' }),
      },
      {
        method: 'GET',
        pattern: /^\/nodes$/,
        run: () => this.state.nodes.map((node) => ({ node, status: 'online' })),
      },
      { method: 'GET', pattern: /^\/access\/permissions$/, run: (_m, _p, user) => c.permissions(user) },
      { method: 'GET', pattern: /^\/cluster\/resources$/, run: (_m, p) => c.resources(p) },
      { method: 'GET', pattern: /^\/cluster\/nextid$/, run: (_m, p) => c.nextId(p) },
      {
        method: 'GET',
        pattern: /^\/nodes\/([^/]+)\/qemu\/(\d+)\/config$/,
        run: (m, p) => q.getConfig(...vm(m), p),
      },
      {
        method: 'POST',
        pattern: /^\/nodes\/([^/]+)\/qemu\/(\d+)\/config$/,
        run: (m, p, u) => q.setConfig(...vm(m), p, u),
      },
      {
        method: 'GET',
        pattern: /^\/nodes\/([^/]+)\/qemu\/(\d+)\/status\/current$/,
        run: (m) => q.status(...vm(m)),
      },
      {
        method: 'POST',
        pattern: /^\/nodes\/([^/]+)\/qemu\/(\d+)\/clone$/,
        run: (m, p, u) => q.clone(...vm(m), p, u),
      },
      {
        method: 'POST',
        pattern: /^\/nodes\/([^/]+)\/qemu\/(\d+)\/migrate$/,
        run: (m, p, u) => q.migrate(...vm(m), p, u),
      },
      {
        method: 'PUT',
        pattern: /^\/nodes\/([^/]+)\/qemu\/(\d+)\/resize$/,
        run: (m, p, u) => q.resize(...vm(m), p, u),
      },
      {
        method: 'POST',
        pattern: /^\/nodes\/([^/]+)\/qemu\/(\d+)\/status\/(start|stop|shutdown)$/,
        run: (m, p, u) => q.power(...vm(m), m[3] as 'start' | 'stop' | 'shutdown', p, u),
      },
      {
        method: 'DELETE',
        pattern: /^\/nodes\/([^/]+)\/qemu\/(\d+)$/,
        run: (m, p, u) => q.destroy(...vm(m), p, u),
      },
      {
        method: 'GET',
        pattern: /^\/nodes\/([^/]+)\/tasks\/([^/]+)\/status$/,
        run: (m) => c.taskStatus(m[1] ?? '', decodeURIComponent(m[2] ?? '')),
      },
      {
        method: 'GET',
        pattern: /^\/nodes\/([^/]+)\/tasks\/([^/]+)\/log$/,
        run: (m) => c.taskLog(m[1] ?? '', decodeURIComponent(m[2] ?? '')),
      },
    ];
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/api2\/json/, '');
    this.settleTasks();
    let params: Params;
    try {
      params = await Params.from(request);
    } catch (err) {
      return this.error(err);
    }
    this.requests.push({ method: request.method, path, params: params.all() });
    const failure = this.takeFailure(request.method, path);
    if (failure) return this.error(new PveError(failure.status, failure.message));
    const token = /^PVEAPIToken=(.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (token === undefined || !this.tokens.has(token))
      return this.error(new PveError(401, 'authentication failure'));
    const user = token.slice(0, token.indexOf('='));
    if (request.method !== 'GET' && this.options.readOnlyTokens?.includes(token)) {
      return this.error(
        new PveError(
          403,
          `Permission check failed (${path.replace(/^\/nodes\/[^/]+\/qemu/, '/vms')}, VM.Config.Options)`,
        ),
      );
    }
    for (const route of this.routes) {
      const match = path.match(route.pattern);
      if (!match || route.method !== request.method) continue;
      try {
        return this.json({ data: route.run(match, params, user) ?? null });
      } catch (err) {
        return this.error(err);
      }
    }
    return this.error(new PveError(501, `Method '${request.method} ${path}' not implemented`));
  }

  // ---- test hooks ----

  /** A VM (not a template), stopped unless told otherwise. */
  addVm(input: VmInput): FakeVm {
    if (this.state.vmidTaken(input.vmid)) throw new Error(`fake: VMID ${input.vmid} taken`);
    const vm: FakeVm = {
      vmid: input.vmid,
      node: input.node ?? this.state.nodes[0] ?? 'pve1',
      status: input.status ?? 'stopped',
      config: { name: input.name, cores: '1', memory: '2048', ...input.config },
      lock: null,
    };
    this.state.vms.set(vm.vmid, vm);
    return vm;
  }

  /** A cloud-init template with a 10 GiB `scsi0`, a cloud-init drive and `net0` on vmbr0. */
  addTemplate(input: VmInput & { diskGb?: number }): FakeVm {
    const storage = this.state.storages[0] ?? 'local-lvm';
    return this.addVm({
      ...input,
      config: {
        template: '1',
        scsihw: 'virtio-scsi-pci',
        scsi0: `${storage}:base-${input.vmid}-disk-0,size=${formatSize((input.diskGb ?? 10) * 1024)}`,
        ide2: `${storage}:vm-${input.vmid}-cloudinit,media=cdrom`,
        net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
        ...input.config,
      },
    });
  }

  addContainer(vmid: number, name: string, node?: string): void {
    this.state.containers.set(vmid, { vmid, name, node: node ?? this.state.nodes[0] ?? 'pve1' });
  }

  vm(vmid: number): FakeVm | undefined {
    return this.state.vms.get(vmid);
  }

  failNext(rule: FailureRule): void {
    this.failures.push({ rule, left: rule.times ?? 1 });
  }

  /** The next task matching type/vmid ends with this exit status (and its effect undone). */
  failNextTask(rule: { type?: TaskType; vmid?: number; message: string }): void {
    this.taskFailures.push(rule);
  }

  /** Run `edit` on the VM right before its next config write is checked (someone else saved). */
  beforeNextConfigWrite(vmid: number, edit: (vm: FakeVm) => void): void {
    this.configHooks.set(vmid, edit);
  }

  /** Every task started so far. */
  get tasks(): FakeTask[] {
    return [...this.state.tasks.values()];
  }

  /** End the tasks whose time is up: run their effect, or fail them as told. */
  private settleTasks(): void {
    const now = this.now();
    for (const task of this.state.tasks.values()) {
      if (task.status !== 'running' || task.endsAt > now) continue;
      const index = this.taskFailures.findIndex(
        (f) => (f.type ?? task.type) === task.type && (f.vmid ?? task.vmid) === task.vmid,
      );
      const injected = index === -1 ? undefined : this.taskFailures.splice(index, 1)[0]?.message;
      const error = injected ?? task.finish();
      if (error !== undefined) task.rollback?.();
      task.status = 'stopped';
      task.exitstatus = error ?? 'OK';
      task.log.push(error === undefined ? 'TASK OK' : `TASK ERROR: ${error}`);
    }
  }

  private takeFailure(method: string, path: string): FailureRule | undefined {
    const index = this.failures.findIndex(
      (f) => (f.rule.method ?? method) === method && f.rule.path.test(path),
    );
    const entry = this.failures[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.failures.splice(index, 1);
    return entry.rule;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private json(body: unknown, status = 200, statusText = 'OK'): Response {
    return new Response(JSON.stringify(body), {
      status,
      statusText,
      headers: { 'content-type': 'application/json;charset=UTF-8' },
    });
  }

  private error(err: unknown): Response {
    if (!(err instanceof PveError)) throw err;
    const body: Record<string, unknown> = { data: null };
    if (this.options.messageInBody ?? true) body.message = `${err.message}\n`;
    if (err.errors) body.errors = err.errors;
    return this.json(body, err.status, err.message);
  }
}
