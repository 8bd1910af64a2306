import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { renderAnsibleInventory } from '../src/sinks/git-inventory/render-ansible.js';
import { renderTerraformVars } from '../src/sinks/git-inventory/render-terraform.js';
import { createNetBoxSource } from '../src/sources/netbox/index.js';
import { serveFake, type FakeApi } from '../test/fakes/http.js';
import { FAKE_NETBOX_TOKEN_V1, FakeNetBox } from '../test/fakes/netbox/index.js';
import { buildHomelab, buildLargeInventory } from '../test/fixtures/homelab.js';
import type { BenchResult } from './result.js';

const HOSTS = 5000;
const COLLECTION = '/usr/lib/python3/dist-packages/ansible_collections/netbox/netbox';

/**
 * Render the Ansible and Terraform inventory for the sample homelab plus 5,000 generated VMs
 * (loaded from the fake NetBox over HTTP, as the daemon does). When Ansible and the
 * netbox.netbox collection are installed, also time `ansible-inventory --list` on the generated
 * file and on the nb_inventory plugin querying the same NetBox, and report their ratio.
 */
export async function benchGitInventory(): Promise<BenchResult[]> {
  const netbox = new FakeNetBox({ version: '4.2.2' });
  buildHomelab(netbox);
  buildLargeInventory(netbox, { ips: HOSTS, vms: HOSTS });
  const served = await serveFake(pluginShim(netbox));
  const dir = await mkdtemp(join(tmpdir(), 'nbsync-bench-git-'));
  try {
    const source = createNetBoxSource({
      url: served.url,
      token: FAKE_NETBOX_TOKEN_V1,
      log: pino({ level: 'silent' }),
    });
    const inventory = await source.load(new AbortController().signal);
    const hosts = inventory.devices.length + inventory.virtualMachines.length;

    const ansible = median(5, () => renderAnsibleInventory(inventory, 'bench'));
    const terraform = median(5, () => renderTerraformVars(inventory, 'bench'));
    const results: BenchResult[] = [
      {
        name: 'git-inventory render ansible',
        value: ansible.ms,
        unit: 'ms',
        note: `${hosts} hosts, median of 5`,
      },
      {
        name: 'git-inventory render terraform',
        value: terraform.ms,
        unit: 'ms',
        note: `${inventory.virtualMachines.length} VMs, median of 5`,
      },
      {
        name: 'git-inventory ansible file size',
        value: Math.round(ansible.value.content.length / 1024),
        unit: 'KiB',
      },
    ];

    const file = join(dir, 'netbox.yml');
    await writeFile(file, ansible.value.content);
    const fromFile = await timed(() => ansibleInventory(file, dir));
    if (fromFile === null) {
      results.push({
        name: 'git-inventory ansible-inventory',
        value: 0,
        unit: 'ms',
        note: 'ansible-inventory not installed',
      });
      return results;
    }
    results.push({
      name: 'git-inventory ansible-inventory --list (generated file)',
      value: fromFile,
      unit: 'ms',
    });
    if (!existsSync(COLLECTION)) {
      results.push({
        name: 'git-inventory nb_inventory',
        value: 0,
        unit: 'ms',
        note: 'netbox.netbox collection not installed',
      });
      return results;
    }
    const pluginFile = join(dir, 'nb.yml');
    await writeFile(
      pluginFile,
      `plugin: netbox.netbox.nb_inventory\napi_endpoint: ${served.url}\ntoken: ${FAKE_NETBOX_TOKEN_V1}\n` +
        'group_by: [sites, device_roles, platforms, tags, cluster, tenants]\n',
    );
    const fromPlugin = await timed(() => ansibleInventory(pluginFile, dir));
    results.push({
      name: 'git-inventory ansible-inventory --list (nb_inventory plugin)',
      value: fromPlugin ?? 0,
      unit: 'ms',
    });
    if (fromPlugin) {
      results.push({
        name: 'git-inventory plugin / generated file',
        value: Math.round((fromPlugin / fromFile) * 100) / 100,
        unit: 'x',
        note: 'nb_inventory time ÷ generated-file time (below 1: the plugin was faster, against a fake NetBox on loopback)',
      });
    }
    return results;
  } finally {
    await served.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function median<T>(runs: number, work: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value = work();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(runs / 2)] ?? 0), value };
}

async function timed(work: () => Promise<boolean>): Promise<number | null> {
  const start = performance.now();
  return (await work()) ? Math.round(performance.now() - start) : null;
}

/** True when it ran; false when ansible-inventory is not installed. */
function ansibleInventory(file: string, home: string): Promise<boolean> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_CONFIG: join(home, 'none.cfg'),
    ANSIBLE_INVENTORY_UNPARSED_FAILED: '1',
    ANSIBLE_INVENTORY_ENABLED: 'netbox.netbox.nb_inventory,yaml',
  };
  return new Promise((resolve, reject) => {
    execFile(
      'ansible-inventory',
      ['-i', file, '--list'],
      { env, timeout: 600_000, maxBuffer: 256 << 20 },
      (err, _out, errOut) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') resolve(false);
        else if (err) reject(new Error(`ansible-inventory failed: ${errOut || err.message}`));
        else resolve(true);
      },
    );
  });
}

/** The endpoints nb_inventory reads that nbsync's fake NetBox does not model (see the e2e test). */
function pluginShim(netbox: FakeNetBox): FakeApi {
  const reply = (body: unknown) =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const emptyLists = ['regions', 'site-groups', 'locations', 'racks', 'rack-groups'].map(
    (p) => `/api/dcim/${p}/`,
  );
  emptyLists.push('/api/ipam/services/');
  const parameters = [{ name: 'limit' }, { name: 'offset' }];
  const schema = {
    info: { version: '4.2.2' },
    paths: {
      '/api/dcim/devices/': { get: { parameters } },
      '/api/virtualization/virtual-machines/': { get: { parameters } },
    },
  };
  return {
    async handle(request) {
      const url = new URL(request.url);
      if (url.pathname === '/api/schema/') return reply(schema);
      if (emptyLists.includes(url.pathname))
        return reply({ count: 0, next: null, previous: null, results: [] });
      if (url.pathname === '/api/status') url.pathname = '/api/status/';
      url.searchParams.delete('exclude');
      const response = await netbox.handle(new Request(url, request));
      if (url.pathname !== '/api/dcim/sites/' || !response.ok) return response;
      const page = (await response.json()) as { results: Array<Record<string, unknown>> };
      for (const site of page.results) site.prefix_count ??= 0;
      return reply(page);
    },
  };
}
