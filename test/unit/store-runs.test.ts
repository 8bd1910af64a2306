import { describe, expect, it } from 'vitest';
import type { PlanJson } from '../../src/reconcile/plan-json.js';
import { Store } from '../../src/store/store.js';

const NOW = new Date('2026-09-30T00:00:00.000Z');

function plan(id: string, createdAt: string): PlanJson {
  return { id, checksum: `sha256:${id}`, createdAt, sinks: [] };
}

describe('store: runs, plans, state, retention', () => {
  it('records a run with its applied changes', () => {
    const store = Store.open(':memory:', { now: () => NOW });
    store.runs.start('run_1', 'event', '2026-09-29T10:00:00.000Z');

    store.runs.addChange('run_1', '2026-09-29T10:00:01.000Z', {
      sink: 'dns',
      op: 'create',
      kind: 'dns.record',
      key: 'a.example/A/10.0.0.1',
      source: 'ipam.ipaddress/1',
      outcome: 'applied',
    });
    store.runs.finish('run_1', {
      status: 'ok',
      finishedAt: '2026-09-29T10:00:02.000Z',
      planId: 'pln_1',
      checksum: 'sha256:x',
      summary: { sinks: [] },
    });

    expect(store.runs.get('run_1')).toMatchObject({ status: 'ok', trigger: 'event', planId: 'pln_1' });
    expect(store.runs.changes('run_1')).toEqual([
      expect.objectContaining({
        sink: 'dns',
        outcome: 'applied',
        source: 'ipam.ipaddress/1',
        errorCode: null,
      }),
    ]);
    store.close();
  });

  it('lists runs newest first and pages with before', () => {
    const store = Store.open(':memory:');
    for (const id of ['run_a', 'run_b', 'run_c']) store.runs.start(id, 'full', '2026-09-29T10:00:00.000Z');

    const page1 = store.runs.list({ limit: 2 });
    const page2 = store.runs.list({ limit: 2, before: 'run_b' });

    expect(page1.map((r) => r.id)).toEqual(['run_c', 'run_b']);
    expect(page2.map((r) => r.id)).toEqual(['run_a']);
    store.close();
  });

  it('marks runs left running by a crashed process as interrupted', () => {
    const store = Store.open(':memory:');
    store.runs.start('run_1', 'full', '2026-09-29T10:00:00.000Z');

    const count = store.runs.interruptStale('2026-09-29T11:00:00.000Z');

    expect(count).toBe(1);
    expect(store.runs.get('run_1')?.status).toBe('interrupted');
    store.close();
  });

  it('keeps the newest full plan apart from targeted ones', () => {
    const store = Store.open(':memory:');
    store.plans.save(plan('pln_1', '2026-09-29T10:00:00.000Z'), 'full');
    store.plans.save(plan('pln_2', '2026-09-29T11:00:00.000Z'), 'targeted');

    const latest = store.plans.latest('full');

    expect(latest?.id).toBe('pln_1');
    expect(store.plans.get('pln_2')?.scope).toBe('targeted');
    store.close();
  });

  it('counts consecutive errors per sink and resets them on success', () => {
    const store = Store.open(':memory:');
    const base = { runId: 'run_1', at: '2026-09-29T10:00:00.000Z', status: 'error' };

    store.state.recordSink('dns', { ...base, outcome: 'error', error: 'down' });
    const twice = store.state.recordSink('dns', { ...base, outcome: 'error' });
    const refused = store.state.recordSink('dns', { ...base, status: 'refused', outcome: 'neutral' });
    const ok = store.state.recordSink('dns', {
      ...base,
      status: 'applied',
      outcome: 'success',
      owned: 4,
      pending: 0,
    });

    expect(twice).toMatchObject({ consecutiveErrors: 2, lastError: 'down', lastSuccessAt: null });
    expect(refused.consecutiveErrors).toBe(2);
    expect(ok).toMatchObject({ consecutiveErrors: 0, lastError: null, owned: 4, lastSuccessAt: base.at });
    store.close();
  });

  it('claims a journal write once per run and source', () => {
    const store = Store.open(':memory:');

    const first = store.state.claimJournal('run_1', 'ipam.ipaddress/1', '2026-09-29T10:00:00.000Z');
    const second = store.state.claimJournal('run_1', 'ipam.ipaddress/1', '2026-09-29T10:00:00.000Z');
    store.state.finishJournal('run_1', 'ipam.ipaddress/1', 'written', 'req-1');

    expect([first, second]).toEqual([true, false]);
    expect(store.state.journalStatus('run_1', 'ipam.ipaddress/1')).toBe('written');
    store.close();
  });

  it('prunes what is older than the retention, keeping pending events and the newest full plan', () => {
    const store = Store.open(':memory:', { now: () => NOW });
    const old = '2026-08-01T00:00:00.000Z';
    const base = {
      origin: 'webhook',
      objectType: 'ipam.ipaddress',
      event: 'updated',
      requestId: null,
      username: null,
      related: [],
    } as const;
    const closed = store.events.insert({ ...base, receivedAt: old, objectId: 1, payloadHash: 'a' });
    store.events.insert({ ...base, receivedAt: old, objectId: 2, payloadHash: 'b' });
    store.events.mark([closed.event.id], 'processed', old);
    store.runs.start('run_old', 'full', old);
    store.runs.finish('run_old', { status: 'ok', finishedAt: old, summary: {} });
    store.runs.start('run_new', 'full', '2026-09-29T00:00:00.000Z');
    store.plans.save(plan('pln_old', old), 'targeted');
    store.plans.save(plan('pln_kept', old), 'full');
    store.state.rememberOwnRequest('req-old', old);

    const result = store.prune(30);

    expect(result).toEqual({ events: 1, runs: 1, plans: 1, other: 1 });
    expect(store.events.pending().map((e) => e.objectId)).toEqual([2]);
    expect(store.plans.latest('full')?.id).toBe('pln_kept');
    expect(store.runs.get('run_new')).toBeDefined();
    expect(store.state.isOwnRequest('req-old')).toBe(false);
    store.close();
  });
});
