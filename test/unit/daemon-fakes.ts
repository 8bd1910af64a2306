import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import type { Config, SinkConfig } from '../../src/config/load.js';
import { SecretResolver } from '../../src/config/secrets.js';
import type { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import { Controller } from '../../src/reconcile/controller.js';
import { startDaemon, type Daemon, type DaemonOptions } from '../../src/daemon/daemon.js';
import type { DaemonNetBox, InventoryPatch, JournalEntry, ObjectChange } from '../../src/daemon/ports.js';
import { COLLECTION_OF_TYPE, parseRef } from '../../src/daemon/refs.js';
import { signBody } from '../../src/server/auth.js';
import { Store } from '../../src/store/store.js';
import type { Sink } from '../../src/sinks/sink.js';

export const API_TOKEN = 'test-api-token-0123456789';
export const WEBHOOK_SECRET = 'test-webhook-secret-abcdef';

/** An in-memory NetBox for the daemon: the inventory it serves can be edited between calls. */
export class FakeNetBox implements DaemonNetBox {
  loads = 0;
  reads: string[][] = [];
  journal: JournalEntry[] = [];
  changes: ObjectChange[] = [];
  failReads: SyncError | null = null;
  username: string | null = null;
  private requests = 0;

  constructor(public inventory: Inventory) {}

  async load(): Promise<Inventory> {
    this.loads += 1;
    return this.inventory;
  }

  async loadObjects(refs: readonly string[]): Promise<InventoryPatch> {
    this.reads.push([...refs]);
    if (this.failReads) throw this.failReads;
    const patch: Record<string, unknown[]> = {};
    const missing: string[] = [];
    for (const r of refs) {
      const parsed = parseRef(r);
      const collection = parsed ? COLLECTION_OF_TYPE[parsed.type] : undefined;
      if (!parsed || !collection) continue;
      const found = (this.inventory[collection] as readonly { id: number }[]).find((o) => o.id === parsed.id);
      if (found) (patch[collection] ??= []).push(found);
      else missing.push(r);
    }
    return { ...patch, missing } as InventoryPatch;
  }

  async writeJournal(entry: JournalEntry): Promise<{ requestId: string }> {
    this.journal.push(entry);
    this.requests += 1;
    return { requestId: `00000000-0000-4000-8000-${String(this.requests).padStart(12, '0')}` };
  }

  async objectChanges(since: string): Promise<readonly ObjectChange[]> {
    return this.changes.filter((c) => Date.parse(c.time) >= Date.parse(since));
  }
}

/** A logger writing JSON lines into `lines` (to check what gets logged). */
export function memoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

function sinkConfig(sink: Sink): SinkConfig {
  return {
    name: sink.name,
    type: sink.type,
    common: { type: sink.type, ...sink.settings },
    own: {},
    factory: { type: sink.type, schema: z.strictObject({}), create: () => sink },
  };
}

export interface TestConfigOverrides {
  server?: Partial<Config['server']>;
  schedule?: Partial<Config['schedule']>;
  netbox?: Partial<Config['netbox']>;
}

export function testConfig(dir: string, sinks: readonly Sink[], overrides: TestConfigOverrides = {}): Config {
  return {
    instance: 'homelab',
    netbox: {
      url: 'http://netbox.test',
      token: { env: 'NETBOX_TOKEN' },
      webhookSecret: { env: 'NBSYNC_WEBHOOK_SECRET' },
      filters: {},
      writeBack: 'off',
      timeoutMs: 15_000,
      concurrency: 4,
      ...overrides.netbox,
    },
    server: {
      listen: '127.0.0.1:0',
      apiTokens: [{ env: 'NBSYNC_API_TOKEN' }],
      webhookSignatures: 'required',
      bodyLimit: 64 * 1024,
      ...overrides.server,
    },
    store: { path: join(dir, 'nbsync.sqlite'), retentionDays: 30 },
    // Nothing fires by itself during a test: no cron tick, and the debounce outlasts the test;
    // tests hand events over with daemon.settle().
    schedule: { fullSync: '0 0 1 1 *', debounceMs: 600_000, ...overrides.schedule },
    sinks: sinks.map(sinkConfig),
    baseDir: dir,
  };
}

export interface Harness {
  readonly daemon: Daemon;
  readonly store: Store;
  readonly netbox: FakeNetBox;
  readonly controller: Controller;
  readonly lines: string[];
  readonly dir: string;
  /** Close the daemon (if still open) and remove the temporary folder. */
  dispose(): Promise<void>;
}

export interface HarnessOptions extends TestConfigOverrides {
  readonly inventory: Inventory;
  readonly sinks: readonly Sink[];
  readonly dir?: string;
  readonly fake?: FakeNetBox;
  readonly withoutNetBox?: boolean;
  /** A real NetBox source (adapted) instead of the in-memory FakeNetBox. */
  readonly source?: DaemonNetBox;
  readonly extra?: Partial<DaemonOptions>;
}

/** Start a daemon on 127.0.0.1 (free port) with a temporary store, and wait for the first full sync. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'nbsync-daemon-'));
  const netbox = options.fake ?? new FakeNetBox(options.inventory);
  const { log, lines } = memoryLogger();
  const config = testConfig(dir, options.sinks, options);
  const source = options.source ?? netbox;
  const controller = new Controller({ source, sinks: options.sinks, log });
  const store = Store.open(config.store.path);
  const secrets = new SecretResolver(dir, {
    NBSYNC_API_TOKEN: API_TOKEN,
    NBSYNC_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  const daemon = await startDaemon({
    config,
    controller,
    store,
    log,
    secrets,
    ...(options.withoutNetBox ? {} : { netbox: source }),
    ...options.extra,
  });
  await daemon.settle();
  return {
    daemon,
    store,
    netbox,
    controller,
    lines,
    dir,
    dispose: async () => {
      await daemon.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A NetBox webhook body (4.6 shape) for one object. */
export function webhookBody(
  objectType: string,
  id: number,
  event: 'created' | 'updated' | 'deleted' = 'updated',
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    event,
    timestamp: '2026-08-20T08:00:01.123456+00:00',
    object_type: objectType,
    data: { id },
    request: {
      id: `5b0e7c52-2a1f-4f38-9d59-${String(id).padStart(12, '0')}`,
      method: 'PATCH',
      path: '/api/',
      user: 'alice',
    },
    ...extra,
  });
}

/** Inject a signed webhook. */
export function postWebhook(
  daemon: Daemon,
  body: string,
  signature: string | null = signBody(WEBHOOK_SECRET, body),
) {
  return daemon.app.inject({
    method: 'POST',
    url: '/webhooks/netbox',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-hook-signature': signature }),
    },
    payload: body,
  });
}

export const bearer = { authorization: `Bearer ${API_TOKEN}` };
