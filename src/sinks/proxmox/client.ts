import { setTimeout as sleep } from 'node:timers/promises';
import createClient from 'openapi-fetch';
import type { z } from 'zod';
import type { paths } from '../../../openapi/generated/proxmox.js';
import { createRetryingFetch, type FetchLike, type Sleep } from '../../lib/http.js';
import { SyncError } from '../../model/errors.js';
import {
  clusterResourcesSchema,
  nextIdSchema,
  nodesSchema,
  permissionsSchema,
  taskStatusSchema,
  upidSchema,
  versionSchema,
  vmConfigSchema,
  vmStatusSchema,
  type ClusterVm,
  type VmConfig,
  type VmStatus,
} from './schemas.js';

export interface ProxmoxClientOptions {
  /** `https://host:8006/api2/json`. */
  readonly baseUrl: string;
  /** `USER@REALM!TOKENID=SECRET`. */
  readonly token: string;
  /** The underlying fetch; the client wraps it with the shared retry layer (lib/http). */
  readonly fetch: FetchLike;
  /** Per HTTP attempt (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Backoff sleep of the retry layer (tests make it instant). */
  readonly sleep?: Sleep;
  /** How long to wait for a task (clone, migrate, …) to finish (default 15 min). */
  readonly taskTimeoutMs?: number;
  /** First delay between task status polls; grows to 2 s (default 250 ms). */
  readonly taskPollMs?: number;
}

type Access = 'read' | 'write';
type ConfigChange = Record<string, string | number>;

/** True when a config write failed because `digest` no longer matches (PROXMOX-API.md). */
export function isDigestMismatch(err: unknown): boolean {
  return err instanceof SyncError && err.details?.digestMismatch === true;
}

/**
 * The Proxmox VE calls the sink makes: typed requests, `{data}` envelope unwrapped and parsed,
 * errors mapped to SyncError with Proxmox's own message, writes that start a task awaited
 * until the task has stopped and its exit status checked.
 */
export class ProxmoxClient {
  private readonly api;
  private readonly taskTimeoutMs: number;
  private readonly taskPollMs: number;

  constructor(options: ProxmoxClientOptions) {
    // Statuses whose reason phrase carries Proxmox's message come back to be mapped here;
    // 429/502/503/504 and network errors are retried (safe methods) by the shared layer.
    const fetch = createRetryingFetch({
      service: 'Proxmox',
      codes: { unreachable: 'SINK_UNREACHABLE', auth: 'SINK_AUTH', http: 'SINK_HTTP' },
      authHint: 'check the sink token',
      fetch: options.fetch,
      passStatuses: [400, 401, 403, 404, 500, 501, 595, 596],
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      secrets: [options.token],
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    this.api = createClient<paths>({
      baseUrl: options.baseUrl,
      fetch: (request) => fetch(request),
      headers: { authorization: `PVEAPIToken=${options.token}` },
    });
    this.taskTimeoutMs = options.taskTimeoutMs ?? 15 * 60_000;
    this.taskPollMs = options.taskPollMs ?? 250;
  }

  version(signal: AbortSignal) {
    return this.call(
      'read',
      'read the version',
      versionSchema,
      (s) => this.api.GET('/version', { signal: s }),
      signal,
    );
  }

  nodes(signal: AbortSignal) {
    return this.call('read', 'list nodes', nodesSchema, (s) => this.api.GET('/nodes', { signal: s }), signal);
  }

  permissions(signal: AbortSignal) {
    const read = (s: AbortSignal) => this.api.GET('/access/permissions', { signal: s });
    return this.call('read', 'read the token permissions', permissionsSchema, read, signal);
  }

  /** Every QEMU guest of the cluster (templates included), with node and status. */
  async vms(signal: AbortSignal): Promise<ClusterVm[]> {
    const read = (s: AbortSignal) =>
      this.api.GET('/cluster/resources', { params: { query: { type: 'vm' } }, signal: s });
    return this.call('read', 'list VMs (/cluster/resources)', clusterResourcesSchema, read, signal);
  }

  config(node: string, vmid: number, signal: AbortSignal): Promise<VmConfig> {
    const read = (s: AbortSignal) =>
      this.api.GET('/nodes/{node}/qemu/{vmid}/config', { params: { path: { node, vmid } }, signal: s });
    return this.call('read', `read the config of VM ${vmid}`, vmConfigSchema, read, signal);
  }

  status(node: string, vmid: number, signal: AbortSignal): Promise<VmStatus> {
    const read = (s: AbortSignal) =>
      this.api.GET('/nodes/{node}/qemu/{vmid}/status/current', {
        params: { path: { node, vmid } },
        signal: s,
      });
    return this.call('read', `read the status of VM ${vmid}`, vmStatusSchema, read, signal);
  }

  nextId(signal: AbortSignal): Promise<number> {
    const read = (s: AbortSignal) => this.api.GET('/cluster/nextid', { signal: s });
    return this.call('read', 'allocate a VMID (/cluster/nextid)', nextIdSchema, read, signal);
  }

  async clone(
    node: string,
    vmid: number,
    body: {
      newid: number;
      name: string;
      description: string;
      target?: string;
      full?: boolean;
      storage?: string;
    },
    signal: AbortSignal,
  ): Promise<void> {
    const what = `clone template ${vmid} to VM ${body.newid}`;
    const write = (s: AbortSignal) =>
      this.api.POST('/nodes/{node}/qemu/{vmid}/clone', { params: { path: { node, vmid } }, body, signal: s });
    await this.task(what, await this.call('write', what, upidSchema, write, signal), signal);
  }

  /** Set config keys (async POST), guarded by `digest`; a stale digest throws (see isDigestMismatch). */
  async setConfig(node: string, vmid: number, change: ConfigChange, digest: string, signal: AbortSignal) {
    const what = `change the config of VM ${vmid} (${Object.keys(change).sort().join(', ')})`;
    const write = (s: AbortSignal) =>
      this.api.POST('/nodes/{node}/qemu/{vmid}/config', {
        params: { path: { node, vmid } },
        body: { ...change, digest },
        signal: s,
      });
    await this.task(what, await this.call('write', what, upidSchema, write, signal), signal);
  }

  async resize(
    node: string,
    vmid: number,
    disk: string,
    sizeMb: number,
    digest: string,
    signal: AbortSignal,
  ) {
    const what = `grow disk ${disk} of VM ${vmid} to ${sizeMb} MiB`;
    const write = (s: AbortSignal) =>
      this.api.PUT('/nodes/{node}/qemu/{vmid}/resize', {
        params: { path: { node, vmid } },
        body: { disk, size: `${sizeMb}M`, digest },
        signal: s,
      });
    await this.task(what, await this.call('write', what, upidSchema, write, signal), signal);
  }

  async power(node: string, vmid: number, action: 'start' | 'stop' | 'shutdown', signal: AbortSignal) {
    const what = `${action} VM ${vmid}`;
    const path = { node, vmid };
    const write = (s: AbortSignal) => {
      if (action === 'start')
        return this.api.POST('/nodes/{node}/qemu/{vmid}/status/start', {
          params: { path },
          body: {},
          signal: s,
        });
      if (action === 'stop')
        return this.api.POST('/nodes/{node}/qemu/{vmid}/status/stop', {
          params: { path },
          body: {},
          signal: s,
        });
      // ACPI first; a guest that ignores it is stopped when the timeout passes.
      const body = { timeout: 120, forceStop: true };
      return this.api.POST('/nodes/{node}/qemu/{vmid}/status/shutdown', {
        params: { path },
        body,
        signal: s,
      });
    };
    await this.task(what, await this.call('write', what, upidSchema, write, signal), signal);
  }

  async migrate(node: string, vmid: number, target: string, online: boolean, signal: AbortSignal) {
    const what = `migrate VM ${vmid} from ${node} to ${target}`;
    const write = (s: AbortSignal) =>
      this.api.POST('/nodes/{node}/qemu/{vmid}/migrate', {
        params: { path: { node, vmid } },
        body: online ? { target, online: true } : { target },
        signal: s,
      });
    await this.task(what, await this.call('write', what, upidSchema, write, signal), signal);
  }

  async destroy(node: string, vmid: number, signal: AbortSignal) {
    const what = `destroy VM ${vmid}`;
    const write = (s: AbortSignal) =>
      this.api.DELETE('/nodes/{node}/qemu/{vmid}', {
        params: { path: { node, vmid }, query: { purge: 1, 'destroy-unreferenced-disks': 1 } },
        signal: s,
      });
    await this.task(what, await this.call('write', what, upidSchema, write, signal), signal);
  }

  /** Wait for a task (UPID) on the node that runs it; throw SINK_REJECTED with its exit status. */
  private async task(what: string, upid: string | null, signal: AbortSignal): Promise<void> {
    if (upid === null) return;
    const node = upid.split(':')[1] ?? '';
    const deadline = Date.now() + this.taskTimeoutMs;
    let delay = this.taskPollMs;
    for (;;) {
      const read = (s: AbortSignal) =>
        this.api.GET('/nodes/{node}/tasks/{upid}/status', { params: { path: { node, upid } }, signal: s });
      const status = await this.call('read', `follow the task to ${what}`, taskStatusSchema, read, signal);
      if (status.status === 'stopped') {
        const exit = status.exitstatus ?? '';
        if (exit === 'OK' || exit.startsWith('WARNINGS')) return;
        throw new SyncError('SINK_REJECTED', `Proxmox could not ${what}: ${exit || 'task failed'}`, {
          details: { upid },
        });
      }
      if (Date.now() + delay > deadline) {
        throw new SyncError(
          'SINK_HTTP',
          `Proxmox task to ${what} still runs after ${Math.ceil(this.taskTimeoutMs / 1000)} s; ` +
            `see task ${upid} in the Proxmox task log`,
          { retryable: true, details: { upid } },
        );
      }
      await sleep(delay, undefined, { signal });
      delay = Math.min(2000, Math.ceil(delay * 1.5));
    }
  }

  private async call<S extends z.ZodType>(
    access: Access,
    what: string,
    schema: S,
    send: (signal: AbortSignal) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
    signal: AbortSignal,
  ): Promise<z.output<S>> {
    let result: { data?: unknown; error?: unknown; response: Response };
    // A signal per request, linked to the run's and unlinked after: a Request keeps a listener
    // on its signal until it is collected, and one run signal shared by thousands of reads
    // would pile them up.
    const own = new AbortController();
    const forward = () => own.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener('abort', forward, { once: true });
    try {
      result = await send(own.signal);
    } catch (err) {
      throw transportError(err, what, signal);
    } finally {
      signal.removeEventListener('abort', forward);
    }
    const { response } = result;
    if (!response.ok) throw httpError(response, result.error, what, access);
    const envelope = result.data;
    const data =
      envelope !== null && typeof envelope === 'object' && 'data' in envelope ? envelope.data : undefined;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new SyncError(
        'SINK_PARSE',
        `Proxmox answered something unexpected to ${what}: ${parsed.error.issues[0]?.message ?? 'bad shape'}`,
        {
          details: { issues: parsed.error.issues.slice(0, 5) },
        },
      );
    }
    return parsed.data;
  }
}

function transportError(err: unknown, what: string, signal: AbortSignal): SyncError {
  if (err instanceof SyncError) return err;
  if (err instanceof SyntaxError) {
    return new SyncError('SINK_PARSE', `Proxmox answered ${what} with a body that is not JSON`, {
      cause: err,
    });
  }
  const reason = signal.aborted
    ? 'the run was cancelled'
    : `${err instanceof Error ? (causeMessage(err) ?? err.message) : String(err)}; check url, the network and caFile`;
  return new SyncError('SINK_UNREACHABLE', `cannot reach Proxmox to ${what}: ${reason}`, {
    retryable: !signal.aborted,
    cause: err,
  });
}

function causeMessage(err: Error): string | undefined {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : undefined;
}

/** Map a non-2xx answer; Proxmox's message is the reason phrase, and `message` since PVE 8.4. */
function httpError(response: Response, body: unknown, what: string, access: Access): SyncError {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const message =
    typeof fields.message === 'string' && fields.message.trim() !== ''
      ? fields.message.trim()
      : response.statusText.trim();
  const problems =
    fields.errors !== null && typeof fields.errors === 'object'
      ? Object.entries(fields.errors as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v).trim()}`)
      : [];
  const text = [message || `HTTP ${response.status}`, ...problems].join('; ');
  const status = response.status;
  const digestMismatch = /file change by other user|checksum mis+match/i.test(text);
  const details = { status, digestMismatch };
  if (status === 401) {
    return new SyncError(
      'SINK_AUTH',
      `Proxmox rejected the API token to ${what} (401); check that token is USER@REALM!TOKENID=SECRET and still valid`,
      { details },
    );
  }
  if (status === 403)
    return new SyncError('SINK_AUTH', `Proxmox refused to ${what}: ${text}; grant the token that privilege`, {
      details,
    });
  if (status === 595 || status === 596 || status === 502 || status === 503 || status === 504) {
    return new SyncError('SINK_UNREACHABLE', `Proxmox could not ${what}: ${text} (HTTP ${status})`, {
      retryable: true,
      details,
    });
  }
  if (access === 'write' && (status === 400 || status === 500)) {
    return new SyncError('SINK_REJECTED', `Proxmox refused to ${what}: ${text}`, { details });
  }
  return new SyncError('SINK_HTTP', `Proxmox failed to ${what}: ${text} (HTTP ${status})`, {
    retryable: status >= 500,
    details,
  });
}
