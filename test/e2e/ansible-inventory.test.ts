import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { renderAnsibleInventory } from '../../src/sinks/git-inventory/render-ansible.js';
import { emitYaml } from '../../src/sinks/git-inventory/yaml-emit.js';
import { createNetBoxSource } from '../../src/sources/netbox/index.js';
import { YAML_SAMPLE } from '../fakes/forge/yaml-samples.js';
import type { FakeApi } from '../fakes/http.js';
import { serveFake, type ServedFake } from '../fakes/http.js';
import { FAKE_NETBOX_TOKEN_V1, FakeNetBox } from '../fakes/netbox/index.js';
import { buildHomelab } from '../fixtures/homelab.js';

// The generated inventory read by the REAL `ansible-inventory` (Debian package `ansible`, or
// `ansible-core` for this part), and compared with what the REAL netbox.netbox nb_inventory
// plugin (shipped by Debian's `ansible` package) builds from the same fake NetBox over HTTP.

const COLLECTION = '/usr/lib/python3/dist-packages/ansible_collections/netbox/netbox';
const GROUP_BY = ['sites', 'device_roles', 'platforms', 'tags', 'cluster', 'tenants'];
/** Hostvars both sides render; the plugin adds more that nbsync does not load (regions, services…). */
const COMPARED_VARS = [
  'ansible_host',
  'primary_ip4',
  'primary_ip6',
  'sites',
  'tenants',
  'device_roles',
  'platforms',
  'tags',
  'cluster',
  'cluster_type',
  'cluster_group',
  'device_types',
  'is_virtual',
  'status',
  'custom_fields',
  'vcpus',
  'memory',
  'disk',
];

interface ListOutput {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | ListOutput['_meta'];
}

let dir: string;
let served: ServedFake;
let inventory: Inventory;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nbsync-ansible-'));
  const netbox = new FakeNetBox({ version: '4.2.2' });
  buildHomelab(netbox);
  served = await serveFake(pluginShim(netbox));
  const source = createNetBoxSource({
    url: served.url,
    token: FAKE_NETBOX_TOKEN_V1,
    log: pino({ level: 'silent' }),
  });
  inventory = await source.load(new AbortController().signal);
});

afterAll(async () => {
  await served.close();
  await rm(dir, { recursive: true, force: true });
});

/** Run `ansible-inventory --list` on a file; fails (never skips) when Ansible is missing. */
async function ansibleInventory(file: string): Promise<ListOutput> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
    ANSIBLE_CONFIG: join(dir, 'none.cfg'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_INVENTORY_UNPARSED_FAILED: '1',
    ANSIBLE_INVENTORY_ENABLED: 'netbox.netbox.nb_inventory,yaml',
  };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      'ansible-inventory',
      ['-i', file, '--list'],
      { env, timeout: 120_000, maxBuffer: 64 << 20 },
      (err, out, errOut) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new Error(
              'ansible-inventory not found: install the Debian package "ansible" (or "ansible-core")',
            ),
          );
        } else if (err) reject(new Error(`ansible-inventory failed: ${errOut || err.message}`));
        else resolve(out);
      },
    );
  });
  return JSON.parse(stdout) as ListOutput;
}

/** Group → sorted hosts, for groups that have hosts (`all` and `ungrouped` left out). */
function groupsOf(list: ListOutput): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(list)) {
    if (name === '_meta' || name === 'all' || name === 'ungrouped') continue;
    const hosts = (value as { hosts?: string[] }).hosts ?? [];
    if (hosts.length > 0) groups[name] = [...hosts].sort();
  }
  return groups;
}

describe('generated Ansible inventory, read by the real ansible-inventory', () => {
  it('has every host with ansible_host and the nb_inventory group names', async () => {
    const file = join(dir, 'netbox.yml');
    await writeFile(file, renderAnsibleInventory(inventory, 'homelab').content);

    const list = await ansibleInventory(file);

    const hostvars = list._meta.hostvars;
    const named = [...inventory.devices, ...inventory.virtualMachines].filter((h) => h.name !== '');
    expect(Object.keys(hostvars).sort()).toEqual([...new Set(named.map((h) => h.name))].sort());
    const vm = inventory.virtualMachines.find((v) => v.primaryIp4Id !== null && v.primaryIp6Id === null);
    const ip = inventory.ipAddresses.find((a) => a.id === vm?.primaryIp4Id);
    expect(hostvars[vm?.name ?? '']?.ansible_host).toBe(ip?.address.split('/')[0]);
    const groups = groupsOf(list);
    const site = vm?.site?.slug ?? '';
    expect(groups[`sites_${site}`]).toContain(vm?.name);
    expect(
      Object.keys(groups).every((g) => /^(sites|device_roles|platforms|tags|cluster|tenants)_/.test(g)),
    ).toBe(true);
    expect(Object.keys(groups).some((g) => g.startsWith('cluster_'))).toBe(true);
  });

  it('matches what the real netbox.netbox nb_inventory plugin builds from the same NetBox', async () => {
    if (!existsSync(COLLECTION)) {
      throw new Error(
        `the netbox.netbox collection is missing at ${COLLECTION}: install the Debian package "ansible"`,
      );
    }
    const ours = join(dir, 'ours.yml');
    const theirs = join(dir, 'nb.yml');
    await writeFile(ours, renderAnsibleInventory(inventory, 'homelab').content);
    await writeFile(
      theirs,
      [
        'plugin: netbox.netbox.nb_inventory',
        `api_endpoint: ${served.url}`,
        `token: ${FAKE_NETBOX_TOKEN_V1}`,
        'validate_certs: false',
        `group_by: [${GROUP_BY.join(', ')}]`,
        '',
      ].join('\n'),
    );

    const mine = await ansibleInventory(ours);
    const plugin = await ansibleInventory(theirs);

    const withHost = Object.values(plugin._meta.hostvars).filter((v) => typeof v.ansible_host === 'string');
    expect(Object.keys(groupsOf(plugin)).length).toBeGreaterThanOrEqual(6);
    expect(withHost.length).toBeGreaterThanOrEqual(5);
    expect(groupsOf(mine)).toEqual(groupsOf(plugin));
    expect(Object.keys(mine._meta.hostvars).sort()).toEqual(Object.keys(plugin._meta.hostvars).sort());
    for (const [host, vars] of Object.entries(plugin._meta.hostvars)) {
      const pick = (v: Record<string, unknown> | undefined) =>
        Object.fromEntries(COMPARED_VARS.filter((k) => v && k in v).map((k) => [k, v?.[k]]));
      expect(pick(mine._meta.hostvars[host]), host).toEqual(pick(vars));
      expect(Object.keys(pick(vars)).length, host).toBeGreaterThanOrEqual(6);
    }
  });
});

describe('YAML emitter, read by PyYAML (the parser Ansible uses)', () => {
  it('round-trips every quoting case', async () => {
    const file = join(dir, 'sample.yml');
    await writeFile(file, emitYaml(YAML_SAMPLE));
    const script = [
      'import json, sys, yaml',
      "yaml.SafeLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))",
      'print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))))',
    ].join('\n');

    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        '/usr/bin/python3',
        ['-c', script, file],
        { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
        (err, out, errOut) => {
          if (err)
            reject(
              new Error(`python3 with PyYAML (Debian package python3-yaml) failed: ${errOut || err.message}`),
            );
          else resolve(out);
        },
      );
    });

    expect(JSON.parse(stdout)).toEqual(YAML_SAMPLE);
  });
});

/**
 * nb_inventory also reads endpoints nbsync never uses (its OpenAPI document, regions, racks,
 * services…); this shim answers those the way an empty NetBox 4.2 does, adds the site field
 * `prefix_count` the plugin reads, and passes everything else to the fake NetBox untouched.
 */
function pluginShim(netbox: FakeNetBox): FakeApi {
  const empty = { count: 0, next: null, previous: null, results: [] };
  const emptyLists = new Set([
    '/api/dcim/regions/',
    '/api/dcim/site-groups/',
    '/api/dcim/locations/',
    '/api/dcim/racks/',
    '/api/dcim/rack-groups/',
    '/api/ipam/services/',
  ]);
  const schema = {
    openapi: '3.0.3',
    info: { title: 'NetBox REST API', version: '4.2.2' },
    paths: {
      '/api/dcim/devices/': { get: { parameters: [{ name: 'limit' }, { name: 'offset' }] } },
      '/api/virtualization/virtual-machines/': {
        get: { parameters: [{ name: 'limit' }, { name: 'offset' }] },
      },
    },
  };
  return {
    async handle(request) {
      const url = new URL(request.url);
      const reply = (body: unknown) =>
        new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      if (url.pathname === '/api/schema/') return reply(schema);
      if (emptyLists.has(url.pathname)) return reply(empty);
      if (url.pathname === '/api/status') url.pathname = '/api/status/';
      // The plugin asks for `exclude=config_context`, which NetBox honours and the fake need not.
      url.searchParams.delete('exclude');
      const response = await netbox.handle(new Request(url, request));
      if (url.pathname !== '/api/dcim/sites/' || !response.ok) return response;
      // NetBox's site serializer has `prefix_count`, which nb_inventory reads; the fake omits it.
      const page = (await response.json()) as { results: Array<Record<string, unknown>> };
      for (const site of page.results) site.prefix_count ??= 0;
      return reply(page);
    },
  };
}
