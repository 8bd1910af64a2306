/** An error as Proxmox reports it: HTTP status, reason phrase, and `errors` for a 400. */
export class PveError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

/**
 * Request parameters: query string for GET/DELETE, JSON or form body for POST/PUT
 * (PROXMOX-API.md "Basics"). Values are kept as strings, booleans as `0`/`1`, as the
 * server's parameter parser sees them.
 */
export class Params {
  private constructor(private readonly values: Map<string, string>) {}

  static async from(request: Request): Promise<Params> {
    const values = new Map<string, string>();
    new URL(request.url).searchParams.forEach((value, key) => values.set(key, value));
    if (request.method === 'POST' || request.method === 'PUT') {
      const type = request.headers.get('content-type') ?? '';
      const text = await request.text();
      if (text.trim() !== '') {
        if (type.includes('application/json')) {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            throw new PveError(400, 'Parameter verification failed.', { body: 'invalid JSON' });
          }
          if (body === null || typeof body !== 'object' || Array.isArray(body)) {
            throw new PveError(400, 'Parameter verification failed.', { body: 'expected a JSON object' });
          }
          for (const [key, value] of Object.entries(body)) values.set(key, scalar(key, value));
        } else {
          new URLSearchParams(text).forEach((value, key) => values.set(key, value));
        }
      }
    }
    return new Params(values);
  }

  all(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  optional(key: string): string | undefined {
    return this.values.get(key);
  }

  required(key: string): string {
    const value = this.values.get(key);
    if (value === undefined) {
      throw new PveError(400, 'Parameter verification failed.', {
        [key]: 'property is missing and it is not optional',
      });
    }
    return value;
  }

  integer(key: string, required: true): number;
  integer(key: string, required?: false): number | undefined;
  integer(key: string, required = false): number | undefined {
    const value = required ? this.required(key) : this.optional(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value))
      throw new PveError(400, 'Parameter verification failed.', {
        [key]: `type check ('integer') failed - got '${value}'`,
      });
    return Number(value);
  }

  flag(key: string): boolean {
    const value = this.values.get(key);
    if (value === undefined) return false;
    if (!['0', '1', 'true', 'false'].includes(value)) {
      throw new PveError(400, 'Parameter verification failed.', {
        [key]: `type check ('boolean') failed - got '${value}'`,
      });
    }
    return value === '1' || value === 'true';
  }

  /** Refuse parameters the endpoint's schema does not define (`additionalProperties: 0`). */
  only(allowed: (key: string) => boolean): void {
    const errors: Record<string, string> = {};
    for (const key of this.values.keys()) {
      if (!allowed(key))
        errors[key] = 'property is not defined in schema and the schema does not allow additional properties';
    }
    if (Object.keys(errors).length > 0) throw new PveError(400, 'Parameter verification failed.', errors);
  }
}

function scalar(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  throw new PveError(400, 'Parameter verification failed.', {
    [key]: 'expected a string, number or boolean',
  });
}

/** Parameters each endpoint of the fake accepts (a subset of pve-api-schema-9.1.json, checked by a test). */
export const ENDPOINT_PARAMS = {
  'GET /cluster/resources': ['type'],
  'GET /cluster/nextid': ['vmid'],
  'GET /nodes/{node}/qemu/{vmid}/config': ['current', 'snapshot'],
  'POST /nodes/{node}/qemu/{vmid}/config': [
    'digest',
    'delete',
    'background_delay',
    'name',
    'description',
    'tags',
    'cores',
    'sockets',
    'memory',
    'onboot',
    'agent',
    'ciuser',
    'sshkeys',
    'nameserver',
    'searchdomain',
    'boot',
    'net[n]',
    'ipconfig[n]',
    'scsi[n]',
    'virtio[n]',
    'sata[n]',
    'ide[n]',
  ],
  'POST /nodes/{node}/qemu/{vmid}/clone': [
    'newid',
    'name',
    'description',
    'full',
    'storage',
    'target',
    'pool',
    'format',
    'snapname',
    'bwlimit',
  ],
  'POST /nodes/{node}/qemu/{vmid}/migrate': [
    'target',
    'online',
    'with-local-disks',
    'targetstorage',
    'bwlimit',
    'force',
    'migration_network',
    'migration_type',
  ],
  'PUT /nodes/{node}/qemu/{vmid}/resize': ['disk', 'size', 'digest', 'skiplock'],
  'POST /nodes/{node}/qemu/{vmid}/status/start': ['timeout', 'skiplock'],
  'POST /nodes/{node}/qemu/{vmid}/status/stop': ['timeout', 'skiplock', 'keepActive', 'overrule-shutdown'],
  'POST /nodes/{node}/qemu/{vmid}/status/shutdown': ['timeout', 'forceStop', 'keepActive', 'skiplock'],
  'DELETE /nodes/{node}/qemu/{vmid}': ['purge', 'destroy-unreferenced-disks', 'skiplock'],
} as const satisfies Record<string, readonly string[]>;

export type Endpoint = keyof typeof ENDPOINT_PARAMS;

/** Whether `key` is one of the endpoint's parameters; `net[n]` stands for `net0`, `net1`, … */
export function acceptsParam(endpoint: Endpoint, key: string): boolean {
  const names: readonly string[] = ENDPOINT_PARAMS[endpoint];
  return names.includes(key) || names.includes(key.replace(/\d+$/, '[n]'));
}
