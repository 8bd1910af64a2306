import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import DatabaseConstructor from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { EventInput } from '../../src/store/events.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { Store, openStore } from '../../src/store/store.js';

function event(overrides: Partial<EventInput> = {}): EventInput {
  return {
    receivedAt: '2026-08-20T08:00:01.000Z',
    origin: 'webhook',
    objectType: 'ipam.ipaddress',
    objectId: 812,
    event: 'updated',
    requestId: '5b0e7c52-2a1f-4f38-9d59-1c7c3e1d2a10',
    username: 'alice',
    payloadHash: 'sha256:aaa',
    related: ['virtualization.vminterface/57'],
    ...overrides,
  };
}

describe('store: events', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nbsync-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps pending events across a close without processing and a reopen', () => {
    const path = join(dir, 'sub', 'nbsync.sqlite');
    const first = Store.open(path);
    first.events.insert(event());
    first.events.insert(event({ objectId: 813, payloadHash: 'sha256:bbb' }));
    first.close();

    const second = Store.open(path);
    const pending = second.events.pending();
    second.close();

    expect(pending.map((e) => e.objectId)).toEqual([812, 813]);
    expect(pending[0]).toMatchObject({ status: 'pending', related: ['virtualization.vminterface/57'] });
  });

  it('opens in WAL mode at the latest schema version', () => {
    const path = join(dir, 'nbsync.sqlite');

    const store = Store.open(path);
    const version = store.version;
    store.close();
    const raw = new DatabaseConstructor(path, { readonly: true });
    const mode = raw.pragma('journal_mode', { simple: true });
    raw.close();

    expect(version).toBe(MIGRATIONS.length);
    expect(mode).toBe('wal');
  });

  it('refuses a store written by a newer schema', () => {
    const path = join(dir, 'nbsync.sqlite');
    const raw = new DatabaseConstructor(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();

    const open = (): Store => Store.open(path);

    expect(open).toThrow(SyncError);
    expect(open).toThrow(/newer than this nbsync/);
  });

  it('stores a redelivered identical payload once', () => {
    const store = Store.open(':memory:');

    const first = store.events.insert(event());
    const again = store.events.insert(event());

    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.event.id).toBe(first.event.id);
    expect(store.events.countPending()).toBe(1);
    store.close();
  });

  it('closes events with a status and a note, only once', () => {
    const store = Store.open(':memory:');
    const { event: stored } = store.events.insert(event());

    store.events.mark([stored.id], 'ignored', '2026-08-20T08:00:02.000Z', 'echo');
    store.events.mark([stored.id], 'processed', '2026-08-20T08:00:03.000Z');

    expect(store.events.get(stored.id)).toMatchObject({
      status: 'ignored',
      note: 'echo',
      processedAt: '2026-08-20T08:00:02.000Z',
    });
    expect(store.events.stillPending([stored.id]).size).toBe(0);
    store.close();
  });

  it('marks events received before a full sync as covered by it', () => {
    const store = Store.open(':memory:');
    store.events.insert(event({ receivedAt: '2026-08-20T08:00:00.000Z', payloadHash: 'a' }));
    const late = store.events.insert(event({ receivedAt: '2026-08-20T08:05:00.000Z', payloadHash: 'b' }));

    const covered = store.events.markCoveredBefore('2026-08-20T08:01:00.000Z', '2026-08-20T08:02:00.000Z');

    expect(covered).toBe(1);
    expect(store.events.pending().map((e) => e.id)).toEqual([late.event.id]);
    store.close();
  });

  it('resolves a relative store path against the config folder', () => {
    const store = openStore({ store: { path: 'data/x.sqlite' }, baseDir: dir });

    const path = store.path;
    store.close();

    expect(path).toBe(join(dir, 'data', 'x.sqlite'));
  });

  it('reports an unusable path as STORE_UNAVAILABLE', () => {
    const path = join(dir, 'file');
    const blocker = Store.open(path);
    blocker.close();

    const open = (): Store => Store.open(join(path, 'below-a-file.sqlite'));

    expect(open).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }) as Error);
  });
});
