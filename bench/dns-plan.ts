import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Resource } from '../src/model/resource.js';
import { serveFake } from '../test/fakes/http.js';
import { FAKE_NETBOX_TOKEN_V2, FakeNetBox } from '../test/fakes/netbox/index.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../test/fakes/technitium/index.js';
import { buildLargeInventory } from '../test/fixtures/homelab.js';
import { addOwnedRecord, desiredDnsRecords } from './dns-seed.js';
import { median, type BenchResult } from './result.js';

const ZONES = ['int.lavaduck.net', '100.10.in-addr.arpa', '101.10.in-addr.arpa', '102.10.in-addr.arpa'];
const BIN = new URL('../src/cli/bin.js', import.meta.url).pathname;
const PROBE = new URL('./rss-probe.js', import.meta.url).href;
/** The first run warms the replay caches and is not counted. */
const RUNS = 6;

/** Fill Technitium with the desired records, minus 10 % drift: 4 % missing, 3 % wrong TTL, 3 % stale. */
function seed(
  technitium: FakeTechnitium,
  desired: readonly Resource[],
): { create: number; update: number; delete: number } {
  const drift = { create: 0, update: 0, delete: 0 };
  desired.forEach((resource, i) => {
    const bucket = i % 100;
    if (bucket < 4) {
      drift.create += 1;
      return;
    }
    if (bucket < 7) drift.update += 1;
    addOwnedRecord(technitium, resource, bucket < 7 ? 60 : undefined);
    if (bucket >= 7 && bucket < 10) {
      drift.delete += 1;
      technitium.addRecord('int.lavaduck.net', {
        name: `stale-${i}.int.lavaduck.net`,
        type: 'A',
        rData: { ipAddress: `10.200.${(i >> 8) & 255}.${i & 255}` },
        ttl: 300,
        comments: `nbsync:homelab ipam.ipaddress/${900000 + i}`,
      });
    }
  });
  return drift;
}

/**
 * Serves a fake's GET answers from memory after the first time, so the measured CLI waits on
 * loopback I/O only, not on the fake building 20,000 JSON objects (a real NetBox would be slower
 * still, and the point is nbsync's own cost). Counts every request it sees.
 */
class Replay {
  private readonly cache = new Map<
    string,
    { status: number; headers: [string, string][]; body: ArrayBuffer }
  >();
  paths: string[] = [];

  constructor(private readonly fake: { handle(r: Request): Promise<Response> }) {}

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    this.paths.push(url.pathname);
    const body = request.method === 'GET' ? '' : await request.clone().text();
    const key = `${request.method} ${url.pathname}${url.search} ${body}`;
    let hit =
      request.method === 'GET' || url.pathname.includes('/get') || url.pathname.includes('/list')
        ? this.cache.get(key)
        : undefined;
    if (!hit) {
      const response = await this.fake.handle(request);
      hit = {
        status: response.status,
        headers: [...response.headers.entries()],
        body: await response.arrayBuffer(),
      };
      this.cache.set(key, hit);
    }
    return new Response(hit.body.slice(0), { status: hit.status, headers: hit.headers });
  }
}

function runPlan(
  config: string,
): Promise<{ ms: number; rssKb: number; code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    // NBSYNC_BENCH_PROFILE=DIR writes a CPU profile of each run there.
    const dir = process.env.NBSYNC_BENCH_PROFILE;
    const profile = dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
    const child = spawn(
      process.execPath,
      [...profile, '--import', PROBE, BIN, 'plan', '--format', 'json', '--config', config],
      {
        env: {
          PATH: process.env.PATH,
          NETBOX_TOKEN: FAKE_NETBOX_TOKEN_V2,
          TECHNITIUM_TOKEN: FAKE_TECHNITIUM_TOKEN,
          NBSYNC_LOG_LEVEL: 'error',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(stderr);
      resolve({ ms: performance.now() - start, rssKb: rss ? Number(rss[1]) : NaN, code, stdout });
    });
  });
}

export interface DnsBenchWorld {
  readonly config: string;
  readonly env: NodeJS.ProcessEnv;
  readonly desired: number;
  readonly drift: { create: number; update: number; delete: number };
  readonly replays: readonly [Replay, Replay];
  close(): Promise<void>;
}

/** 20,000 IPs and 2,000 VMs in NetBox; Technitium holding their records with 10 % drift; served on loopback. */
export async function startDnsBenchWorld(): Promise<DnsBenchWorld> {
  const netbox = new FakeNetBox();
  buildLargeInventory(netbox, { ips: 20_000, vms: 2_000 });
  const technitium = new FakeTechnitium();
  for (const zone of ZONES) technitium.addZone(zone);

  const desired = await desiredDnsRecords(netbox, technitium, ZONES);
  const drift = seed(technitium, desired);

  const replays = [new Replay(netbox), new Replay(technitium)] as const;
  const served = [await serveFake(replays[0]), await serveFake(replays[1])];
  const dir = mkdtempSync(join(tmpdir(), 'nbsync-bench-'));
  const config = join(dir, 'nbsync.yaml');
  writeFileSync(
    config,
    [
      'instance: homelab',
      `netbox: {url: "${served[0]?.url}", token: {env: NETBOX_TOKEN}}`,
      'sinks:',
      '  dns:',
      '    type: technitium-dns',
      '    mode: apply',
      `    url: ${served[1]?.url}`,
      '    token: {env: TECHNITIUM_TOKEN}',
      `    zones: [${ZONES.join(', ')}]`,
      '    ttl: 300',
      '',
    ].join('\n'),
  );

  return {
    config,
    env: { NETBOX_TOKEN: FAKE_NETBOX_TOKEN_V2, TECHNITIUM_TOKEN: FAKE_TECHNITIUM_TOKEN },
    desired: desired.length,
    drift,
    replays,
    close: async () => {
      await Promise.all(served.map((s) => s.close()));
    },
  };
}

/** Issue 2's target: a full `plan` of 20,000 IPs and 2,000 VMs against a Technitium with 10 % drift. */
export async function benchDnsPlan(): Promise<BenchResult[]> {
  const world = await startDnsBenchWorld();
  const { config, drift, replays } = world;
  const times: number[] = [];
  const rss: number[] = [];
  let netboxRequests: Record<string, number> = {};
  let technitiumRequests = 0;
  try {
    for (let run = 0; run < RUNS; run += 1) {
      replays[0].paths = [];
      replays[1].paths = [];
      const result = await runPlan(config);
      if (result.code !== 2) throw new Error(`plan exited ${result.code}, expected 2 (changes pending)`);
      const plan = JSON.parse(result.stdout) as {
        sinks: { counts: { create: number; update: number; delete: number } }[];
      };
      const counts = plan.sinks[0]?.counts;
      if (
        counts?.create !== drift.create ||
        counts.update !== drift.update ||
        counts.delete !== drift.delete
      ) {
        throw new Error(`plan found ${JSON.stringify(counts)}, seeded ${JSON.stringify(drift)}`);
      }
      if (run > 0) times.push(result.ms);
      if (run > 0) rss.push(result.rssKb / 1024);
      netboxRequests = {};
      for (const path of replays[0].paths) netboxRequests[path] = (netboxRequests[path] ?? 0) + 1;
      technitiumRequests = replays[1].paths.length;
    }
  } finally {
    await world.close();
  }
  const totalNetbox = Object.values(netboxRequests).reduce((a, b) => a + b, 0);
  const perEndpoint = Object.entries(netboxRequests)
    .map(([path, n]) => `${path.replace(/^\/api\//, '')}=${n}`)
    .join(' ');
  return [
    {
      name: 'dns plan: desired records',
      value: world.desired,
      unit: 'records',
      note: `drift ${JSON.stringify(drift)}`,
    },
    {
      name: 'dns plan: wall time (median of 5, whole CLI process)',
      value: Math.round(median(times)),
      unit: 'ms',
      note: 'target ≤ 2000 ms',
    },
    {
      name: 'dns plan: peak RSS (median of 5)',
      value: Math.round(median(rss)),
      unit: 'MB',
      note: 'target ≤ 200 MB',
    },
    { name: 'dns plan: NetBox requests', value: totalNetbox, unit: 'requests', note: perEndpoint },
    {
      name: 'dns plan: Technitium requests',
      value: technitiumRequests,
      unit: 'requests',
      note: 'zones/list + one records/get per zone',
    },
  ];
}
