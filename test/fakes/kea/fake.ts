import type { FakeApi } from '../http.js';
import { checkDhcp4, isObject, type JsonObject, KeaConfigError, objects } from './validate.js';

/** A lease as lease_cmds shows it. */
export interface FakeKeaLease {
  'ip-address': string;
  'hw-address': string;
  'subnet-id': number;
  hostname: string;
  state: number;
  cltt: number;
  'valid-lft': number;
}

export interface FakeKeaOptions {
  /** Starting Dhcp4 configuration (default: {@link defaultDhcp4}). */
  readonly dhcp4?: JsonObject;
  /** Require HTTP basic authentication with these credentials. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Whether the lease_cmds hook library is loaded (default true). */
  readonly leaseCmds?: boolean;
  /** Seconds since the epoch, for new leases (default: now). */
  readonly now?: () => number;
}

/** One command the fake saw. */
export interface FakeKeaRequest {
  readonly command: string;
  readonly service: readonly string[] | undefined;
  readonly arguments: unknown;
}

/** An answer to force on the next matching command: a Kea result, or a bare HTTP status. */
export type FakeKeaFailure = { readonly result: number; readonly text: string } | { readonly status: number };

interface Answer {
  result: number;
  text?: string;
  arguments?: unknown;
}

const BUILT_IN = [
  'build-report',
  'config-get',
  'config-reload',
  'config-set',
  'config-test',
  'config-write',
  'dhcp-disable',
  'dhcp-enable',
  'leases-reclaim',
  'list-commands',
  'shutdown',
  'status-get',
  'version-get',
];
const LEASE_CMDS = [
  'lease4-add',
  'lease4-del',
  'lease4-get',
  'lease4-get-all',
  'lease4-get-by-hw-address',
  'lease4-update',
  'lease4-wipe',
];

/** Two subnets, `10.10.20.0/24` (id 1) and `10.10.30.0/24` (id 2, in a shared network). */
export function defaultDhcp4(): JsonObject {
  return {
    'interfaces-config': { interfaces: [] },
    'valid-lifetime': 7200,
    subnet4: [
      { id: 1, subnet: '10.10.20.0/24', pools: [{ pool: '10.10.20.100-10.10.20.199' }], reservations: [] },
    ],
    'shared-networks': [
      {
        name: 'iot',
        subnet4: [{ id: 2, subnet: '10.10.30.0/24', pools: [{ pool: '10.10.30.100-10.10.30.199' }] }],
      },
    ],
  };
}

/**
 * A stateful fake of the Kea Control Agent in front of kea-dhcp4 2.2 (Debian bookworm, without
 * host_cmds): POST JSON `{command, service, arguments}` anywhere, HTTP 200 with an array of one
 * answer per service even on failure, results 0/1/2/3, HTTP 401 without valid basic auth, 400
 * for a body that is not a command. config-set validates like Kea (reservation inside its
 * subnet, one per hw-address, unique addresses) and echoes reservations with Kea's defaults;
 * config-write keeps a copy as "the file".
 */
export class FakeKea implements FakeApi {
  readonly requests: FakeKeaRequest[] = [];
  /** The running configuration. */
  dhcp4: JsonObject;
  /** What the last config-write saved (starts as the starting configuration). */
  saved: JsonObject;
  leaseCmds: boolean;
  /** When true, the agent cannot reach kea-dhcp4. */
  serverDown = false;
  private leasesList: FakeKeaLease[] = [];
  private readonly failures: { command: string; failure: FakeKeaFailure }[] = [];
  private readonly listeners: ((command: string) => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly options: FakeKeaOptions = {}) {
    this.dhcp4 = checkDhcp4(options.dhcp4 ?? defaultDhcp4());
    this.saved = structuredClone(this.dhcp4);
    this.leaseCmds = options.leaseCmds ?? true;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  async handle(request: Request): Promise<Response> {
    if (request.method !== 'POST') return json(400, { result: 400, text: 'Bad Request' });
    if (!this.authorised(request)) return json(401, { result: 401, text: 'Unauthorized' });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return json(400, { result: 400, text: 'Bad Request' });
    }
    if (!isObject(body) || typeof body.command !== 'string')
      return json(400, { result: 400, text: 'Bad Request' });
    const service = Array.isArray(body.service) ? body.service.map(String) : undefined;
    this.requests.push({ command: body.command, service, arguments: body.arguments });
    const failure = this.takeFailure(body.command);
    if (failure && 'status' in failure)
      return json(failure.status, { result: 1, text: `HTTP ${failure.status}` });
    if (failure) return json(200, [failure]);
    if (service === undefined) return json(200, this.agentCommand(body.command));
    const answers = service.map((name) =>
      name === 'dhcp4' ? this.dhcp4Command(body.command as string, body.arguments) : offline(name),
    );
    return json(200, answers);
  }

  // --- test hooks ---------------------------------------------------------------------------

  /** Answer the next `command` with `failure` instead of running it. */
  failNext(command: string, failure: FakeKeaFailure): void {
    this.failures.push({ command, failure });
  }

  /** Called before each dhcp4 command runs (e.g. to change the configuration behind nbsync's back). */
  onCommand(listener: (command: string) => void): void {
    this.listeners.push(listener);
  }

  /** Change the running configuration directly, as another administrator would. */
  editConfig(edit: (dhcp4: JsonObject) => void): void {
    const copy = structuredClone(this.dhcp4);
    edit(copy);
    this.dhcp4 = checkDhcp4(copy);
  }

  /** The reservations of the subnet with this CIDR (a copy). */
  reservations(cidr: string): JsonObject[] {
    const subnet = subnetsOf(this.dhcp4).find((s) => s.subnet === cidr);
    if (!subnet) throw new Error(`fake: no subnet ${cidr}`);
    return structuredClone(objects(subnet.reservations));
  }

  addLease(
    lease: Pick<FakeKeaLease, 'ip-address' | 'hw-address' | 'subnet-id'> & Partial<FakeKeaLease>,
  ): void {
    this.leasesList.push({ hostname: '', state: 0, cltt: this.now(), 'valid-lft': 7200, ...lease });
  }

  leases(): FakeKeaLease[] {
    return structuredClone(this.leasesList);
  }

  /** Commands seen, in order (for asserting call sequences). */
  commands(): string[] {
    return this.requests.map((r) => r.command);
  }

  // --- internals ----------------------------------------------------------------------------

  private dhcp4Command(command: string, args: unknown): Answer {
    if (this.serverDown) return offline('dhcp4');
    for (const listener of this.listeners) listener(command);
    const commands = this.leaseCmds ? [...BUILT_IN, ...LEASE_CMDS] : BUILT_IN;
    if (!commands.includes(command)) return { result: 2, text: `'${command}' command not supported.` };
    try {
      return this.run(command, args);
    } catch (err) {
      if (err instanceof KeaConfigError) return { result: 1, text: err.message };
      throw err;
    }
  }

  private run(command: string, args: unknown): Answer {
    switch (command) {
      case 'list-commands':
        return {
          result: 0,
          arguments: [...(this.leaseCmds ? [...BUILT_IN, ...LEASE_CMDS] : BUILT_IN)].sort(),
        };
      case 'config-get':
        return { result: 0, arguments: { Dhcp4: structuredClone(this.dhcp4) } };
      case 'config-test':
        checkDhcp4(dhcp4Argument(args));
        return {
          result: 0,
          text: 'Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.',
        };
      case 'config-set':
        this.dhcp4 = checkDhcp4(dhcp4Argument(args));
        return { result: 0, text: 'Configuration successful.' };
      case 'config-write': {
        this.saved = structuredClone(this.dhcp4);
        const size = JSON.stringify({ Dhcp4: this.saved }).length;
        return {
          result: 0,
          text: 'Configuration written to kea-dhcp4.conf successful',
          arguments: { filename: 'kea-dhcp4.conf', size },
        };
      }
      case 'lease4-get': {
        const ip = argument(args, 'ip-address');
        const lease = this.leasesList.find((l) => l['ip-address'] === ip);
        return lease
          ? { result: 0, text: 'IPv4 lease found.', arguments: { ...lease } }
          : { result: 3, text: 'Lease not found.' };
      }
      case 'lease4-get-all': {
        const ids = isObject(args) && Array.isArray(args.subnets) ? args.subnets : undefined;
        const leases = this.leasesList.filter((l) => ids === undefined || ids.includes(l['subnet-id']));
        return {
          result: leases.length > 0 ? 0 : 3,
          text: `${leases.length} IPv4 lease(s) found.`,
          arguments: { leases },
        };
      }
      case 'lease4-del': {
        const ip = argument(args, 'ip-address');
        const before = this.leasesList.length;
        this.leasesList = this.leasesList.filter((l) => l['ip-address'] !== ip);
        return before === this.leasesList.length
          ? { result: 3, text: 'IPv4 lease not found.' }
          : { result: 0, text: 'IPv4 lease deleted.' };
      }
      case 'version-get':
        return { result: 0, text: '2.2.0', arguments: { extended: '2.2.0 (fake)' } };
      case 'status-get':
        return { result: 0, arguments: { pid: 1, uptime: 1, reload: 1 } };
      default:
        return { result: 2, text: `'${command}' command not supported.` };
    }
  }

  private agentCommand(command: string): Answer {
    if (command === 'list-commands')
      return { result: 0, arguments: ['build-report', 'config-get', 'list-commands', 'version-get'] };
    if (command === 'config-get')
      return { result: 0, arguments: { 'Control-agent': { 'http-host': '127.0.0.1' } } };
    return { result: 2, text: `'${command}' command not supported.` };
  }

  private authorised(request: Request): boolean {
    const auth = this.options.auth;
    if (!auth) return true;
    const header = request.headers.get('authorization') ?? '';
    const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return header === expected;
  }

  private takeFailure(command: string): FakeKeaFailure | undefined {
    const index = this.failures.findIndex((f) => f.command === command);
    if (index === -1) return undefined;
    const [entry] = this.failures.splice(index, 1);
    return entry?.failure;
  }
}

function subnetsOf(dhcp4: JsonObject): JsonObject[] {
  const list = [...objects(dhcp4.subnet4)];
  for (const network of objects(dhcp4['shared-networks'])) list.push(...objects(network.subnet4));
  return list;
}

function dhcp4Argument(args: unknown): unknown {
  if (!isObject(args)) throw new KeaConfigError("Missing mandatory 'arguments' parameter.");
  return args.Dhcp4;
}

function argument(args: unknown, name: string): string {
  const value = isObject(args) ? args[name] : undefined;
  if (typeof value !== 'string') throw new KeaConfigError(`'${name}' parameter not specified`);
  return value;
}

function offline(service: string): Answer {
  return {
    result: 1,
    text: `Unable to forward command to the ${service} service: No such file or directory. The server is likely to be offline`,
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
