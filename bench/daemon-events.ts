import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signBody } from '../src/server/auth.js';
import { serveFake, type FakeApi, type ServedFake } from '../test/fakes/http.js';
import { FAKE_NETBOX_TOKEN_V2, FakeNetBox, type ChangeEvent } from '../test/fakes/netbox/index.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../test/fakes/technitium/index.js';
import { buildHomelab, buildLargeInventory } from '../test/fixtures/homelab.js';
import { addOwnedRecord, desiredDnsRecords } from './dns-seed.js';
import { median, percentile, type BenchResult } from './result.js';

const DEBOUNCE_MS = 200;
const EXTRA_IPS = 5_000;
const EXTRA_VMS = 250;
const EDITS = 200;
const BULK = 1_000;
const DOMAIN = 'int.lavaduck.net';
const REVERSE = ['10.10.10', '10.10.20', '100.10'].map((net) => `${net}.in-addr.arpa`);
const ZONES = [DOMAIN, ...REVERSE, '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa'];
const BIN = new URL('../src/cli/bin.js', import.meta.url).pathname;
const WEBHOOK_SECRET = 'bench-webhook-secret';
const API_TOKEN = 'bench-api-token-0123456789abcdef';
const WRITES = new Set(['/api/zones/records/add', '/api/zones/records/update', '/api/zones/records/delete']);

interface Run {
  readonly id: string;
  readonly trigger: string;
  readonly status: string;
  readonly finishedAt: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rejects after `ms` with `what` in the message. */
function within<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The Technitium fake with a hook on its writes: `when(name, ip)` resolves the moment an A
 * record `name → ip` has been added (or updated into place) and the fake answered `ok`. Counts
 * requests by path and the time the fake itself spent answering reads (the bench's own cost).
 */
class WatchedTechnitium implements FakeApi {
  readonly fake = new FakeTechnitium();
  writes = 0;
  readMs = 0;
  readonly paths: string[] = [];
  private readonly waiting = new Map<string, () => void>();

  when(name: string, ip: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(`${name} ${ip}`, resolve));
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    this.paths.push(url.pathname);
    if (!WRITES.has(url.pathname)) {
      const t0 = performance.now();
      const response = await this.fake.handle(request);
      this.readMs += performance.now() - t0;
      return response;
    }
    const params = new URLSearchParams(await request.clone().text());
    for (const [k, v] of url.searchParams) params.set(k, v);
    const response = await this.fake.handle(request);
    this.writes += 1;
    const ok = ((await response.clone().json()) as { status?: string }).status === 'ok';
    if (ok && params.get('type') === 'A' && !url.pathname.endsWith('/delete')) {
      const name = (params.get('newDomain') || params.get('domain') || '').replace(/\.$/, '');
      const ip = params.get('newIpAddress') || params.get('ipAddress') || '';
      const key = `${name} ${ip}`;
      this.waiting.get(key)?.();
      this.waiting.delete(key);
    }
    return response;
  }
}

/** Fill Technitium with exactly what the sink wants, owner-marked, so the daemon starts in sync. */
async function seedTechnitium(netbox: FakeNetBox, technitium: FakeTechnitium): Promise<number> {
  const desired = await desiredDnsRecords(netbox, technitium, ZONES);
  for (const resource of desired) addOwnedRecord(technitium, resource);
  netbox.resetRequests();
  return desired.length;
}

/** `nbsync serve` as its own process; resolves with its address once it listens. */
function startDaemon(config: string): Promise<{ child: ChildProcess; address: string }> {
  // NBSYNC_BENCH_PROFILE=DIR writes a CPU profile of the daemon there.
  const dir = process.env.NBSYNC_BENCH_PROFILE;
  const profile = dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
  const child = spawn(process.execPath, [...profile, BIN, 'serve', '--config', config], {
    env: {
      PATH: process.env.PATH,
      NETBOX_TOKEN: FAKE_NETBOX_TOKEN_V2,
      TECHNITIUM_TOKEN: FAKE_TECHNITIUM_TOKEN,
      WEBHOOK_SECRET,
      API_TOKEN,
      NBSYNC_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return within(
    'nbsync serve to listen',
    30_000,
    new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /is serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve({ child, address: match[1] });
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`nbsync serve exited ${code}: ${output.slice(-2000)}`)));
    }),
  );
}

function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return within('nbsync to drain', 15_000, exited).catch(() => {
    child.kill('SIGKILL');
  });
}

class Client {
  constructor(private readonly address: string) {}

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.address}${path}`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  async runs(limit = 1): Promise<Run[]> {
    return (await this.get<{ runs: Run[] }>(`/v1/runs?limit=${limit}`)).runs;
  }

  async pending(): Promise<number> {
    return (await this.get<{ pendingEvents: number }>('/v1/status')).pendingEvents;
  }

  /** Resolves once no event is pending and the newest run has finished; returns that run. */
  async idle(after: string | undefined, ms = 30_000): Promise<Run> {
    for (const deadline = performance.now() + ms; performance.now() < deadline; await sleep(5)) {
      const [latest] = await this.runs();
      if (latest && latest.id !== after && latest.finishedAt && (await this.pending()) === 0) return latest;
    }
    throw new Error(`the daemon was not idle within ${ms} ms`);
  }

  async webhook(event: ChangeEvent): Promise<number> {
    const body = JSON.stringify(event);
    const response = await fetch(`${this.address}/webhooks/netbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': signBody(WEBHOOK_SECRET, body) },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  }
}

function writeConfig(dir: string, netboxUrl: string, technitiumUrl: string): string {
  const config = join(dir, 'nbsync.yaml');
  const lines = [
    'instance: homelab',
    `netbox: {url: "${netboxUrl}", token: {env: NETBOX_TOKEN}, webhookSecret: {env: WEBHOOK_SECRET}}`,
    'server: {listen: "127.0.0.1:0", apiTokens: [{env: API_TOKEN}]}',
    `store: {path: "${join(dir, 'state.sqlite')}"}`,
    `schedule: {fullSync: "0 0 1 1 *", debounceMs: ${DEBOUNCE_MS}}`,
    `sinks: {dns: {type: technitium-dns, mode: apply, url: "${technitiumUrl}", ttl: 300,`,
    `  token: {env: TECHNITIUM_TOKEN}, zones: [${ZONES.join(', ')}]}}`,
  ];
  writeFileSync(config, `${lines.join('\n')}\n`);
  return config;
}

/** `path=n` words, `/api/` left out. */
function byPath(paths: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const path of paths.map((p) => p.replace(/^\/api\//, '')))
    counts.set(path, (counts.get(path) ?? 0) + 1);
  return [...counts].map(([p, n]) => `${p}=${n}`).join(' ');
}

const netboxPaths = (netbox: FakeNetBox, from: number) =>
  netbox.requests.slice(from).map((r) => new URL(r.url).pathname);

/** How many `edits` hold in Technitium: new A present, old name gone, PTR renamed. */
function present(technitium: FakeTechnitium, edits: readonly Edit[]): number {
  const byName = (zone: string, type: string, field: string) =>
    new Map(
      technitium
        .records(zone)
        .filter((r) => r.type === type)
        .map((r) => [r.name, String(r.rData[field])]),
    );
  const a = byName(DOMAIN, 'A', 'ipAddress');
  const ptr = byName(REVERSE[2]!, 'PTR', 'ptrName');
  return edits.filter((e) => {
    const reverse = `${e.ip.split('.').reverse().join('.')}.in-addr.arpa`;
    return a.get(e.to) === e.ip && !a.has(e.from) && ptr.get(reverse) === e.to;
  }).length;
}

interface Edit {
  readonly id: number;
  readonly ip: string;
  readonly from: string;
  readonly to: string;
}

interface World {
  readonly netbox: FakeNetBox;
  readonly technitium: WatchedTechnitium;
  readonly client: Client;
  readonly events: ChangeEvent[];
  lastRun: string;
}

const fig = (name: string, value: number, unit: string, note = ''): BenchResult => ({
  ...{ name: `daemon: ${name}`, value, unit },
  ...(note ? { note } : {}),
});

/** (a) One rename at a time: webhook → new A record written, then wait for the run to end. */
async function singleEdits(w: World, edits: readonly Edit[]): Promise<BenchResult[]> {
  const { netbox, technitium, client, events } = w;
  const latencies: number[] = [];
  const perEvent: number[] = [];
  const fakeMs: number[] = [];
  const samples = { netbox: '', technitium: '' };
  for (const edit of edits) {
    const before = { netbox: netbox.requests.length, technitium: technitium.paths.length };
    const readMsBefore = technitium.readMs;
    const written = technitium.when(edit.to, edit.ip);
    netbox.update('ipam.ipaddress', edit.id, { dns_name: edit.to });
    const event = events.shift();
    if (!event || events.length > 0) throw new Error('expected exactly one change event per edit');
    const t0 = performance.now();
    const status = await client.webhook(event);
    if (status !== 202) throw new Error(`webhook answered ${status}`);
    await within(`the A record of ${edit.to}`, 10_000, written);
    latencies.push(performance.now() - t0);
    fakeMs.push(technitium.readMs - readMsBefore);
    w.lastRun = (await client.idle(w.lastRun)).id;
    perEvent.push(netbox.requests.length - before.netbox);
    samples.netbox ||= byPath(netboxPaths(netbox, before.netbox));
    samples.technitium ||= byPath(technitium.paths.slice(before.technitium));
  }
  const [p50, p99] = [percentile(latencies, 50), percentile(latencies, 99)];
  const halves = [latencies.slice(0, 50), latencies.slice(-50)].map((l) => Math.round(median(l)));
  const over = (ms: number) => `debounce + ${Math.round(ms - DEBOUNCE_MS)} ms`;
  const n = edits.length;
  const p50Note = `${over(p50)}; target ≤ debounce + 50 ms; median of first/last 50: ${halves.join('/')} ms`;
  const requestsNote = `min ${Math.min(...perEvent)} max ${Math.max(...perEvent)}; ${samples.netbox}; target constant`;
  const fakeNote = `inside the latency; Technitium requests per event: ${samples.technitium}`;
  const p99Note = `${over(p99)}; target ≤ debounce + 250 ms`;
  return [
    fig(`webhook→A record, p50 of ${n} single edits`, Math.round(p50), 'ms', p50Note),
    fig(`webhook→A record, p99 of ${n} single edits`, Math.round(p99), 'ms', p99Note),
    fig('NetBox requests per single event (median)', median(perEvent), 'requests', requestsNote),
    fig('fake Technitium busy answering reads, per event', Math.round(median(fakeMs)), 'ms', fakeNote),
    fig('single edits fully applied (A, old A gone, PTR)', present(technitium.fake, edits), `of ${n}`),
  ];
}

/** (b) One bulk edit: NetBox commits all, then sends one webhook each (32 posted at a time). */
async function bulkEdit(w: World, edits: readonly Edit[]): Promise<BenchResult[]> {
  const { netbox, technitium, client, events } = w;
  const [readsBefore, writesBefore] = [netbox.requests.length, technitium.writes];
  const runsBefore = new Set((await client.runs(500)).map((r) => r.id));
  const allWritten = Promise.all(edits.map((e) => technitium.when(e.to, e.ip)));
  for (const edit of edits) netbox.update('ipam.ipaddress', edit.id, { dns_name: edit.to });
  const hooks = events.splice(0);
  const t0 = performance.now();
  const statuses: number[] = [];
  const senders = Array.from({ length: 32 }, async () => {
    for (let event = hooks.shift(); event; event = hooks.shift()) statuses.push(await client.webhook(event));
  });
  await Promise.all(senders);
  const postedMs = Math.round(performance.now() - t0);
  await within(`the ${edits.length} bulk records`, 180_000, allWritten);
  const totalMs = Math.round(performance.now() - t0);
  await client.idle(w.lastRun);
  const runs = (await client.runs(500)).filter((r) => !runsBefore.has(r.id));
  const reads = netboxPaths(netbox, readsBefore);
  const n = edits.length;
  const accepted = statuses.filter((s) => s === 202).length;
  const runsNote = runs.map((r) => `${r.trigger}:${r.status}`).join(' ');
  const writes = `${technitium.writes - writesBefore} Technitium writes`;
  const ok = present(technitium.fake, edits);
  return [
    fig(`bulk ${n}: webhooks accepted (202)`, accepted, `of ${n}`, `all posted in ${postedMs} ms`),
    fig(`bulk ${n}: apply runs`, runs.length, 'runs', runsNote),
    fig(`bulk ${n}: changes present (A, old A gone, PTR)`, ok, `of ${n}`, writes),
    fig(`bulk ${n}: first webhook → last A record`, totalMs, 'ms'),
    fig(`bulk ${n}: NetBox requests`, reads.length, 'requests', byPath(reads)),
  ];
}

/**
 * The daemon's event path: `nbsync serve` (built CLI, own process) against a fake NetBox with the
 * homelab plus 5,000 IPs and a fake Technitium already in sync, both on loopback. (a) 200
 * sequential single-IP renames, each a signed webhook, timed until the new A record is written;
 * (b) one bulk edit of 1,000 IPs, its 1,000 webhooks posted at once.
 */
export async function benchDaemonEvents(): Promise<BenchResult[]> {
  const netbox = new FakeNetBox();
  buildHomelab(netbox);
  const large = buildLargeInventory(netbox, { ips: EXTRA_IPS, vms: EXTRA_VMS });
  const technitium = new WatchedTechnitium();
  for (const zone of ZONES) technitium.fake.addZone(zone);
  const records = await seedTechnitium(netbox, technitium.fake);
  const events: ChangeEvent[] = [];
  netbox.onChange((event) => events.push(event));
  const hosts = large.ipIds.slice(EXTRA_VMS).map((id) => {
    const ip = netbox.get('ipam.ipaddress', id)!;
    return { id, ip: String(ip['address']).split('/')[0]!, from: String(ip['dns_name']) };
  });
  if (hosts.length < EDITS + BULK) throw new Error(`only ${hosts.length} plain IPs to edit`);
  const rename = (prefix: string) => (h: Omit<Edit, 'to'>, i: number) => ({
    ...h,
    to: `${prefix}-${i}.${DOMAIN}`,
  });

  const served: ServedFake[] = [await serveFake(netbox), await serveFake(technitium)];
  const dir = mkdtempSync(join(tmpdir(), 'nbsync-bench-daemon-'));
  let daemon: ChildProcess | undefined;
  try {
    const startedAt = performance.now();
    const started = await startDaemon(writeConfig(dir, served[0]!.url, served[1]!.url));
    daemon = started.child;
    const client = new Client(started.address);
    const startup = await client.idle(undefined, 60_000);
    if (startup.status !== 'ok') throw new Error(`startup full sync ended ${startup.status}`);
    const startupMs = Math.round(performance.now() - startedAt);
    const startupNote = `${netbox.requests.length} NetBox requests, ${technitium.writes} Technitium writes`;
    const inventoryNote = `${records} DNS records; debounceMs ${DEBOUNCE_MS}; nbsync serve as its own process`;
    const world: World = { netbox, technitium, client, events, lastRun: startup.id };
    return [
      fig('inventory', netbox.count('ipam.ipaddress'), 'IPs', inventoryNote),
      fig('start to first full sync done', startupMs, 'ms', `${startupNote} (Technitium seeded in sync)`),
      ...(await singleEdits(world, hosts.slice(0, EDITS).map(rename('edited')))),
      ...(await bulkEdit(world, hosts.slice(EDITS, EDITS + BULK).map(rename('bulk')))),
    ];
  } finally {
    if (daemon) await stopDaemon(daemon);
    await Promise.all(served.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}
