// A small, scriptable NetBox list server for the source's unit tests (served through msw), and
// objects in NetBox's wire shapes. The stateful FakeNetBox (test/fakes/netbox/) is used where
// behaviour, not plumbing, is under test; this one lets a test bend pagination itself.
import { http, HttpResponse, type HttpHandler } from 'msw';
import pino from 'pino';

export const BASE = 'http://127.0.0.1:8000';
export const TOKEN_V1 = '0123456789abcdef0123456789abcdef01234567';
export const TOKEN_V2 = 'nbt_abcdefabcdef.Secr3tSecr3tSecr3tSecr3tSecr3tSecr3tSecr3t';
export const silentLog = pino({ level: 'silent' });

type Obj = Record<string, unknown>;

export interface Failure {
  path: string;
  status: number;
  /** Let this many matching requests through first. */
  after?: number;
  /** Fail this many times (default: always). */
  times?: number;
  body?: unknown;
}

export interface MiniOptions {
  version?: string;
  token?: string;
  base?: string;
  /** NetBox's MAX_PAGE_SIZE. */
  maxPageSize?: number;
  /** Origin (and prefix) NetBox believes it has, for `next` links (a reverse proxy hides it). */
  nextBase?: string;
  /** Answer with `count: null` and cursor-style `next` links (4.6 `start=`). */
  cursor?: boolean;
  lists?: Record<string, Obj[]>;
  failures?: Failure[];
  /** Called for each list page before answering (may mutate `lists`). */
  onPage?: (path: string, url: URL) => void | Promise<void>;
  rqWorkers?: number;
}

export interface LoggedRequest {
  method: string;
  url: URL;
  authorization: string | null;
  body: unknown;
}

export function miniNetBox(options: MiniOptions = {}) {
  const base = options.base ?? BASE;
  const prefix = new URL(base).pathname.replace(/\/$/, '');
  const lists = options.lists ?? {};
  const requests: LoggedRequest[] = [];
  const seen = new Map<Failure, number>();
  const expected = options.token ?? TOKEN_V1;
  const authHeader = expected.startsWith('nbt_') ? `Bearer ${expected}` : `Token ${expected}`;

  const handler = http.all(`${base}/api/*`, async ({ request }) => {
    const url = new URL(request.url);
    const body = request.method === 'GET' ? undefined : await request.json();
    requests.push({ method: request.method, url, authorization: request.headers.get('authorization'), body });
    const path = url.pathname.slice(prefix.length);
    if (request.headers.get('authorization') !== authHeader) {
      return HttpResponse.json({ detail: 'Invalid v1 token' }, { status: 403 });
    }
    for (const failure of options.failures ?? []) {
      if (failure.path !== path) continue;
      const count = (seen.get(failure) ?? 0) + 1;
      seen.set(failure, count);
      const after = failure.after ?? 0;
      if (count > after && count <= after + (failure.times ?? Infinity)) {
        return HttpResponse.json(failure.body ?? { error: 'boom', exception: 'RuntimeError' }, {
          status: failure.status,
        });
      }
    }
    if (path === '/api/status/') {
      return HttpResponse.json({
        'netbox-version': options.version ?? '4.6.8',
        'rq-workers-running': options.rqWorkers ?? 1,
      });
    }
    if (request.method === 'POST' && path === '/api/extras/journal-entries/') {
      const b = body as Obj;
      return HttpResponse.json(
        { id: 99, ...b, kind: { value: b.kind, label: String(b.kind) } },
        { status: 201 },
      );
    }
    if (request.method === 'PATCH') {
      return HttpResponse.json({ id: Number(path.split('/').at(-2)), ...(body as Obj) });
    }
    const all = lists[path];
    if (request.method !== 'GET' || !all) return HttpResponse.json({ detail: 'Not found.' }, { status: 404 });
    await options.onPage?.(path, url);
    return HttpResponse.json(page(lists[path] ?? all, url, path, options));
  });
  return { handlers: [handler] as HttpHandler[], requests, lists };
}

function page(all: Obj[], url: URL, path: string, options: MiniOptions) {
  const q = url.searchParams;
  const max = options.maxPageSize ?? 1000;
  const limit = Math.min(Number(q.get('limit') ?? 50) || max, max);
  const ids = q.getAll('id').map(Number);
  let items = ids.length > 0 ? all.filter((o) => ids.includes(o.id as number)) : all;
  for (const key of ['device_id', 'virtual_machine_id']) {
    const wanted = q.getAll(key).map(Number);
    const parent = key === 'device_id' ? 'device' : 'virtual_machine';
    if (wanted.length > 0)
      items = items.filter((o) => wanted.includes((o[parent] as Obj | undefined)?.id as number));
  }
  const fields = q.get('fields')?.split(',');
  const project = (o: Obj) =>
    fields ? Object.fromEntries(fields.filter((f) => f in o).map((f) => [f, o[f]])) : o;
  const nextBase = options.nextBase ?? options.base ?? BASE;
  const nextQuery = (extra: Record<string, string>) => {
    const next = new URLSearchParams(q);
    for (const [k, v] of Object.entries(extra)) next.set(k, v);
    return `${nextBase}${path}?${next.toString()}`;
  };
  if (options.cursor) {
    const start = Number(q.get('start') ?? 0);
    const slice = items.filter((o) => (o.id as number) >= start).slice(0, limit);
    const last = slice.at(-1)?.id as number | undefined;
    const more = slice.length === limit && last !== undefined;
    return {
      count: null,
      next: more ? nextQuery({ start: String(last + 1), limit: String(limit) }) : null,
      previous: null,
      results: slice.map(project),
    };
  }
  const offset = Number(q.get('offset') ?? 0);
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return {
    count: items.length,
    next: more ? nextQuery({ limit: String(limit), offset: String(offset + limit) }) : null,
    previous: null,
    results: slice.map(project),
  };
}

// ---- objects in NetBox's wire shapes (4.2+ unless told otherwise) ----

const choice = (value: string) => ({ value, label: value[0]?.toUpperCase() + value.slice(1) });
const nested = (kind: string, id: number, name: string, extra: Obj = {}) => ({
  id,
  url: `${BASE}/api/${kind}/${id}/`,
  display: name,
  name,
  slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  description: '',
  ...extra,
});
const tagRef = (id: number, slug: string) => ({ ...nested('extras/tags', id, slug), color: '9e9e9e' });

export function ipAddress(id: number, extra: Obj = {}): Obj {
  const address = `10.${Math.floor(id / 65536) % 256}.${Math.floor(id / 256) % 256}.${id % 256}/24`;
  return {
    id,
    url: `${BASE}/api/ipam/ip-addresses/${id}/`,
    display: address,
    family: { value: 4, label: 'IPv4' },
    address,
    vrf: null,
    tenant: null,
    status: choice('active'),
    role: null,
    assigned_object_type: null,
    assigned_object_id: null,
    assigned_object: null,
    nat_inside: null,
    nat_outside: [],
    dns_name: `host${id}.int.lavaduck.net`,
    description: '',
    comments: '',
    tags: [],
    custom_fields: { dns_ttl: null },
    created: '2026-01-01T00:00:00Z',
    last_updated: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

export interface HomelabOptions {
  /** Interfaces as before 4.2: `mac_address` only, no MAC objects. */
  legacyMacs?: boolean;
}

/** A tiny but complete inventory: one of everything, cross-referenced. */
export function homelabLists(options: HomelabOptions = {}): Record<string, Obj[]> {
  const mac = (value: string) =>
    options.legacyMacs
      ? { mac_address: value }
      : {
          mac_address: value,
          primary_mac_address: {
            id: 301,
            url: `${BASE}/api/dcim/mac-addresses/301/`,
            display: value,
            mac_address: value,
            description: '',
          },
          mac_addresses: [],
        };
  const site = nested('dcim/sites', 2, 'Lab');
  const tenant = nested('tenancy/tenants', 4, 'Ops');
  const vlan = nested('ipam/vlans', 20, 'servers', { vid: 20 });
  return {
    '/api/extras/tags/': [
      { ...tagRef(3, 'tls'), description: '', tagged_items: 1 },
      { ...tagRef(1, 'homelab'), description: '', tagged_items: 3 },
    ],
    '/api/virtualization/clusters/': [
      {
        ...nested('virtualization/clusters', 1, 'pve-lab'),
        type: nested('virtualization/cluster-types', 1, 'Proxmox'),
        group: null,
        status: choice('active'),
        scope_type: 'dcim.site',
        scope_id: 2,
      },
    ],
    '/api/ipam/vlan-groups/': [{ ...nested('ipam/vlan-groups', 5, 'Lab VLANs'), vlan_count: 1 }],
    '/api/ipam/vlans/': [
      {
        ...vlan,
        site: null,
        group: nested('ipam/vlan-groups', 5, 'Lab VLANs'),
        status: choice('active'),
        tenant: null,
      },
    ],
    '/api/ipam/prefixes/': [
      {
        id: 10,
        url: `${BASE}/api/ipam/prefixes/10/`,
        display: '10.10.20.0/24',
        family: { value: 4, label: 'IPv4' },
        prefix: '10.10.20.0/24',
        vrf: null,
        scope_type: 'dcim.site',
        scope_id: 2,
        tenant,
        vlan,
        status: choice('active'),
        role: null,
        is_pool: false,
        mark_utilized: false,
        tags: [tagRef(1, 'homelab')],
        custom_fields: { gateway: '10.10.20.1' },
      },
    ],
    '/api/ipam/ip-addresses/': [
      ipAddress(812, {
        address: '10.10.20.5/24',
        assigned_object_type: 'virtualization.vminterface',
        assigned_object_id: 57,
        dns_name: 'App1.Int.Lavaduck.net.',
        tags: [tagRef(3, 'tls'), tagRef(1, 'homelab')],
      }),
      ipAddress(900, {
        address: '10.10.20.2/24',
        assigned_object_type: 'dcim.interface',
        assigned_object_id: 7,
        dns_name: 'sw1.int.lavaduck.net',
        role: choice('loopback'),
      }),
    ],
    '/api/dcim/devices/': [
      {
        ...nested('dcim/devices', 30, 'sw1'),
        device_type: {
          id: 8,
          url: '',
          display: 'CRS326',
          manufacturer: nested('dcim/manufacturers', 1, 'MikroTik'),
          model: 'CRS326',
          slug: 'crs326',
        },
        role: nested('dcim/device-roles', 6, 'Switch'),
        tenant: null,
        platform: null,
        site,
        status: choice('active'),
        cluster: null,
        primary_ip: null,
        primary_ip4: { id: 900, address: '10.10.20.2/24' },
        primary_ip6: null,
        tags: [],
        custom_fields: {},
        config_context: { huge: true },
      },
    ],
    '/api/dcim/interfaces/': [
      {
        id: 7,
        url: `${BASE}/api/dcim/interfaces/7/`,
        display: 'ether1',
        device: nested('dcim/devices', 30, 'sw1'),
        name: 'ether1',
        type: choice('1000base-t'),
        enabled: true,
        mode: choice('access'),
        untagged_vlan: vlan,
        tagged_vlans: [],
        ...mac('48:8F:5A:00:00:01'),
      },
    ],
    '/api/virtualization/virtual-machines/': [
      {
        ...nested('virtualization/virtual-machines', 21, 'app1'),
        status: choice('active'),
        site,
        cluster: nested('virtualization/clusters', 1, 'pve-lab'),
        device: null,
        role: nested('dcim/device-roles', 5, 'Web'),
        tenant,
        platform: nested('dcim/platforms', 4, 'Debian 13'),
        primary_ip: null,
        primary_ip4: { id: 812, address: '10.10.20.5/24' },
        primary_ip6: null,
        vcpus: '2.00',
        memory: 4096,
        disk: 32,
        tags: [tagRef(3, 'tls')],
        custom_fields: { proxmox_vmid: 105, proxmox_node: null },
        config_context: { huge: true },
      },
    ],
    '/api/virtualization/interfaces/': [
      {
        id: 57,
        url: `${BASE}/api/virtualization/interfaces/57/`,
        display: 'eth0',
        virtual_machine: nested('virtualization/virtual-machines', 21, 'app1'),
        name: 'eth0',
        enabled: true,
        mode: null,
        untagged_vlan: null,
        tagged_vlans: [vlan],
        ...mac('BC-24-11-AA-BB-CC'),
      },
    ],
    '/api/virtualization/virtual-disks/': [
      {
        id: 70,
        url: '',
        display: 'root',
        virtual_machine: nested('virtualization/virtual-machines', 21, 'app1'),
        name: 'root',
        size: 32,
        description: '',
      },
    ],
  };
}
