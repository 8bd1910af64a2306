import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitOnSignals } from '../../src/daemon/lifecycle.js';
import { SyncError } from '../../src/model/errors.js';
import type { Change } from '../../src/model/plan.js';
import type { ApplyResult, RunContext } from '../../src/sinks/sink.js';
import { Store } from '../../src/store/store.js';
import { ipInventory, manyIps } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import {
  FakeNetBox,
  memoryLogger,
  postWebhook,
  startHarness,
  webhookBody,
  type Harness,
} from './daemon-fakes.js';

/** A memory sink whose applies wait until the test opens the gate. */
class GatedSink extends MemorySink {
  private release: (() => void) | null = null;
  private gate: Promise<void> | null = null;
  private signalEntered: () => void = () => undefined;
  /** Resolves when the first apply started. */
  readonly entered = new Promise<void>((resolve) => {
    this.signalEntered = resolve;
  });

  close(): void {
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release?.();
    this.gate = null;
  }

  override async apply(change: Change, ctx: RunContext): Promise<ApplyResult> {
    this.signalEntered();
    if (this.gate) await this.gate;
    return super.apply(change, ctx);
  }
}

describe('daemon: lifecycle', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function track(harness: Promise<Harness>): Promise<Harness> {
    const h = await harness;
    cleanups.push(() => h.dispose());
    return h;
  }

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'nbsync-life-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  it('drains: 503 on webhooks and /readyz, the apply in flight finishes, then the store closes', async () => {
    const sink = new GatedSink('dns');
    const h = await track(startHarness({ inventory: ipInventory([]), sinks: [sink] }));
    h.netbox.inventory = ipInventory(manyIps(2));
    sink.close();
    const sync = h.daemon.syncNow();
    await sink.entered;

    const closing = h.daemon.close();
    const ready = await h.daemon.app.inject({ method: 'GET', url: '/readyz' });
    const webhook = await postWebhook(h.daemon, webhookBody('ipam.ipaddress', 1));
    const openWhileDraining = h.store.isOpen;
    sink.open();
    await closing;
    await sync;

    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ error: { code: 'SHUTTING_DOWN' } });
    expect(webhook.statusCode).toBe(503);
    expect(openWhileDraining).toBe(true);
    expect(h.store.isOpen).toBe(false);
    expect(sink.target.size).toBe(2);
    const reopened = Store.open(join(h.dir, 'nbsync.sqlite'));
    expect(reopened.runs.list({ limit: 1 })[0]).toMatchObject({ trigger: 'manual', status: 'ok' });
    reopened.close();
  });

  it('keeps an accepted event across a stop before processing, and processes it after the restart', async () => {
    const dir = tempDir();
    const first = await startHarness({
      inventory: ipInventory(manyIps(2)),
      sinks: [new MemorySink('dns')],
      dir,
    });
    const accepted = await postWebhook(first.daemon, webhookBody('ipam.ipaddress', 1));
    await first.dispose();
    const between = Store.open(join(dir, 'nbsync.sqlite'));
    const pendingBetween = between.events.pending().map((e) => e.objectId);
    between.close();

    const second = await track(
      startHarness({ inventory: ipInventory(manyIps(2)), sinks: [new MemorySink('dns')], dir }),
    );

    expect(accepted.statusCode).toBe(202);
    expect(pendingBetween).toEqual([1]);
    expect(second.store.events.countPending()).toBe(0);
    expect(second.store.events.get(accepted.json<{ event: number }>().event)?.status).toBe('processed');
  });

  it('marks runs cut short by a crash as interrupted at the next start', async () => {
    const dir = tempDir();
    const crashed = Store.open(join(dir, 'nbsync.sqlite'));
    crashed.runs.start('run_01JD0000000000000000000000', 'full', new Date().toISOString());
    crashed.close();

    const h = await track(startHarness({ inventory: ipInventory([]), sinks: [new MemorySink('dns')], dir }));

    expect(h.store.runs.get('run_01JD0000000000000000000000')?.status).toBe('interrupted');
  });

  it('writes one journal entry per source object after an apply, saying what changed where', async () => {
    const sink = new MemorySink('dns');
    sink.failApply = (change) =>
      change.op === 'create' && change.after.key.startsWith('host-2')
        ? new SyncError('SINK_REJECTED', 'refused by server')
        : null;

    const h = await track(
      startHarness({ inventory: ipInventory(manyIps(2)), sinks: [sink], netbox: { writeBack: 'journal' } }),
    );

    expect(h.netbox.journal).toEqual([
      expect.objectContaining({
        ref: 'ipam.ipaddress/1',
        kind: 'success',
        comments: expect.stringMatching(/dns: created dns.record `host-1/),
      }),
      expect.objectContaining({
        ref: 'ipam.ipaddress/2',
        kind: 'danger',
        comments: expect.stringMatching(/dns: \*\*failed\*\* to create/),
      }),
    ]);
  });

  it('drops the echo of its own journal writes (request id) and of its token user', async () => {
    const fake = new FakeNetBox(ipInventory(manyIps(1)));
    fake.username = 'nbsync-bot';
    const h = await track(
      startHarness({
        inventory: fake.inventory,
        fake,
        sinks: [new MemorySink('dns')],
        netbox: { writeBack: 'journal' },
      }),
    );
    const ownRequest = '00000000-0000-4000-8000-000000000001';
    const apply = vi.spyOn(h.controller, 'apply');

    const byRequest = await postWebhook(
      h.daemon,
      webhookBody('ipam.ipaddress', 1, 'updated', { request: { id: ownRequest, user: 'alice' } }),
    );
    const byUser = await postWebhook(
      h.daemon,
      webhookBody('ipam.ipaddress', 1, 'updated', { request: { id: 'other', user: 'nbsync-bot' } }),
    );
    await h.daemon.settle();

    expect(h.netbox.journal).toHaveLength(1);
    for (const response of [byRequest, byUser]) {
      expect(h.store.events.get(response.json<{ event: number }>().event)).toMatchObject({
        status: 'ignored',
        note: 'echo of an nbsync write',
      });
    }
    expect(apply).not.toHaveBeenCalled();
  });

  it('exits 0 after draining on SIGTERM, and 1 at once on a second signal', async () => {
    const source = new EventEmitter();
    const exit = vi.fn();
    let finish: () => void = () => undefined;
    const daemon = { close: () => new Promise<void>((resolve) => (finish = resolve)) };
    const remove = exitOnSignals(daemon, memoryLogger().log, { exit, source });

    source.emit('SIGTERM', 'SIGTERM');
    const beforeDrained = [...exit.mock.calls];
    finish();
    await Promise.resolve();
    await Promise.resolve();
    source.emit('SIGINT', 'SIGINT');
    remove();

    expect(beforeDrained).toEqual([]);
    expect(exit.mock.calls).toEqual([[0], [1]]);
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });
});
