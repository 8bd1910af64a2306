import { afterEach, describe, expect, it, vi } from 'vitest';
import { Debouncer } from '../../src/daemon/debounce.js';
import { EchoFilter } from '../../src/daemon/echo.js';
import { pollChanges } from '../../src/daemon/poll.js';
import type { JournalEntry, ObjectChange } from '../../src/daemon/ports.js';
import { RunQueue } from '../../src/daemon/queue.js';
import { writeBack } from '../../src/daemon/writeback.js';
import type { ChangeOutcome } from '../../src/reconcile/controller.js';
import type { StoredEvent } from '../../src/store/events.js';
import { Store } from '../../src/store/store.js';
import { memoryLogger } from './daemon-fakes.js';

const log = memoryLogger().log;

function stored(id: number): StoredEvent {
  return {
    id,
    receivedAt: '2026-08-20T08:00:00.000Z',
    origin: 'webhook',
    objectType: 'ipam.ipaddress',
    objectId: id,
    event: 'updated',
    requestId: null,
    username: null,
    payloadHash: `h${id}`,
    related: [],
    status: 'pending',
    note: null,
    processedAt: null,
  };
}

describe('Debouncer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flushes once, after the quiet time following the last item', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const debouncer = new Debouncer<number>(
      { delayMs: 100, maxWaitMs: 10_000, onFlush: (b) => batches.push(b) },
      () => Date.now(),
    );

    debouncer.add(1);
    vi.advanceTimersByTime(80);
    debouncer.add(2);
    vi.advanceTimersByTime(80);
    const beforeQuiet = batches.length;
    vi.advanceTimersByTime(30);

    expect(beforeQuiet).toBe(0);
    expect(batches).toEqual([[1, 2]]);
  });

  it('flushes after maxWait even when items keep coming', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const debouncer = new Debouncer<number>(
      { delayMs: 100, maxWaitMs: 250, onFlush: (b) => batches.push(b) },
      () => Date.now(),
    );

    for (let i = 0; i < 10; i += 1) {
      debouncer.add(i);
      vi.advanceTimersByTime(50);
    }

    expect(batches[0]).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops what it holds when stopped, and takes nothing after', () => {
    vi.useFakeTimers();
    const onFlush = vi.fn();
    const debouncer = new Debouncer<number>({ delayMs: 10, maxWaitMs: 100, onFlush });
    debouncer.add(1);

    debouncer.stop();
    debouncer.add(2);
    vi.advanceTimersByTime(1000);

    expect(onFlush).not.toHaveBeenCalled();
    expect(debouncer.size).toBe(0);
  });
});

describe('RunQueue', () => {
  it('runs one at a time and merges event batches that wait behind a run', async () => {
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (release = resolve));
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const calls: string[] = [];
    const queue = new RunQueue(
      {
        full: async (trigger) => {
          calls.push(`full:${trigger}`);
          started();
          await running;
        },
        events: async (batch) => {
          calls.push(`events:${batch.map((e) => e.id).join(',')}`);
        },
      },
      log,
    );

    const first = queue.full('full');
    await firstStarted;
    queue.events([stored(1), stored(2)]);
    queue.events([stored(3)]);
    const again = queue.full('manual');
    const sameAsWaiting = queue.full('full');
    release();
    await queue.idle();

    expect(calls).toEqual(['full:full', 'events:1,2,3', 'full:manual']);
    expect(sameAsWaiting).toBe(again);
    expect(again).not.toBe(first);
  });

  it('keeps going after a run throws', async () => {
    const calls: string[] = [];
    const queue = new RunQueue(
      {
        full: async () => {
          calls.push('full');
          throw new Error('boom');
        },
        events: async () => {
          calls.push('events');
        },
      },
      log,
    );

    void queue.full('full');
    queue.events([stored(1)]);
    await queue.idle();

    expect(calls).toEqual(['full', 'events']);
  });
});

describe('pollChanges', () => {
  const change = (id: number, time: string, action: ObjectChange['action']): ObjectChange => ({
    id,
    time,
    action,
    objectType: 'ipam.ipaddress',
    objectId: 40 + id,
    requestId: null,
    username: 'alice',
  });

  it('starts from now, then takes each change log row in as an event once, deletions included', async () => {
    const store = Store.open(':memory:');
    const rows = [change(1, '2026-08-20T08:00:01Z', 'update'), change(2, '2026-08-20T08:00:02Z', 'delete')];
    const feed = { objectChanges: vi.fn(async (_since: string) => rows) };
    const deps = {
      feed,
      store,
      accept: (e: Parameters<typeof store.events.insert>[0]) => store.events.insert(e),
      log,
      now: () => new Date('2026-08-20T08:00:00Z'),
    };

    const first = await pollChanges(deps, new AbortController().signal);
    const second = await pollChanges(deps, new AbortController().signal);
    const third = await pollChanges(deps, new AbortController().signal);

    expect([first, second, third]).toEqual([0, 2, 2]);
    expect(feed.objectChanges.mock.calls.map((c) => c[0])).toEqual([
      '2026-08-20T08:00:00.000Z',
      '2026-08-20T08:00:02Z',
    ]);
    expect(store.events.pending().map((e) => [e.objectId, e.event, e.origin])).toEqual([
      [41, 'updated', 'poll'],
      [42, 'deleted', 'poll'],
    ]);
    store.close();
  });
});

describe('writeBack', () => {
  const outcome = (source: string | null, result: ChangeOutcome['outcome']): ChangeOutcome => ({
    sink: 'dns',
    op: 'create',
    kind: 'dns.record',
    key: `k-${source ?? 'none'}`,
    source,
    outcome: result,
  });

  it('writes once per run and object, skipping noop, skipped and sourceless changes, and remembers the request id', async () => {
    const store = Store.open(':memory:');
    const writer = { writeJournal: vi.fn(async (_entry: JournalEntry) => ({ requestId: 'req-7' })) };
    const echo = new EchoFilter(store, null);
    const deps = { writer, store, echo, log, instance: 'homelab', now: () => new Date() };
    const outcomes = [
      outcome('ipam.ipaddress/1', 'applied'),
      outcome('ipam.ipaddress/1', 'failed'),
      outcome('ipam.ipaddress/2', 'noop'),
      outcome('ipam.ipaddress/3', 'skipped'),
      outcome(null, 'applied'),
    ];

    const first = await writeBack(deps, 'run_1', outcomes, new AbortController().signal);
    const again = await writeBack(deps, 'run_1', outcomes, new AbortController().signal);

    expect([first, again]).toEqual([1, 0]);
    expect(writer.writeJournal).toHaveBeenCalledTimes(1);
    expect(writer.writeJournal.mock.calls[0]?.[0]).toMatchObject({ ref: 'ipam.ipaddress/1', kind: 'danger' });
    expect(echo.isEcho({ requestId: 'req-7', username: null })).toBe(true);
    store.close();
  });

  it('logs a failed journal write and does not throw', async () => {
    const store = Store.open(':memory:');
    const writer = { writeJournal: vi.fn(async () => Promise.reject(new Error('403'))) };
    const deps = {
      writer,
      store,
      echo: new EchoFilter(store, null),
      log,
      instance: 'homelab',
      now: () => new Date(),
    };

    const written = await writeBack(
      deps,
      'run_1',
      [outcome('ipam.ipaddress/1', 'applied')],
      new AbortController().signal,
    );

    expect(written).toBe(0);
    expect(store.state.journalStatus('run_1', 'ipam.ipaddress/1')).toBe('failed');
    store.close();
  });
});
