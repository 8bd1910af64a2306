import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/resource.js';
import { planSink } from '../../src/reconcile/planner.js';
import type { SinkSettings } from '../../src/sinks/sink.js';
import { have, settings, want } from '../helpers/resources.js';

function plan(desired: Resource[], observed: Resource[], overrides: Partial<SinkSettings> = {}) {
  const sink = {
    name: 'dns',
    type: 'technitium-dns',
    manages: ['dns.zone', 'dns.record'] as const,
    settings: settings(overrides),
  };
  return planSink(sink, { resources: desired, skipped: [] }, { resources: observed });
}

const ops = (p: ReturnType<typeof plan>) =>
  p.changes.map((c) => `${c.op}:${c.op === 'delete' ? c.before.key : c.after.key}`);

describe('planSink', () => {
  it.each([
    { name: 'empty target → create', desired: [want('a')], observed: [], expected: ['create:a'] },
    { name: 'equal → nothing', desired: [want('a')], observed: [have('a')], expected: [] },
    {
      name: 'spec differs → update',
      desired: [want('a', { ttl: 600 })],
      observed: [have('a')],
      expected: ['update:a'],
    },
    { name: 'owned, not desired → delete', desired: [], observed: [have('a')], expected: ['delete:a'] },
    {
      name: 'unmarked, not desired → untouched',
      desired: [],
      observed: [have('a', { ttl: 1 }, null)],
      expected: [],
    },
    {
      name: 'foreign, not desired → untouched',
      desired: [],
      observed: [have('a', { ttl: 1 }, 'other')],
      expected: [],
    },
    {
      name: 'unmarked collision → no change',
      desired: [want('a')],
      observed: [have('a', { ttl: 1 }, null)],
      expected: [],
    },
    {
      name: 'deletes first, then creates, by key',
      desired: [want('c'), want('b')],
      observed: [have('z'), have('y')],
      expected: ['delete:y', 'delete:z', 'create:b', 'create:c'],
    },
  ])('$name', ({ desired, observed, expected }) => {
    const result = plan(desired, observed);

    expect(ops(result)).toEqual(expected);
  });

  it('reports a conflict for an unmarked object and for another instance’s object', () => {
    const result = plan(
      [want('a'), want('b')],
      [have('a', { ttl: 300 }, null), have('b', { ttl: 300 }, 'lab2')],
    );

    expect(result.changes).toEqual([]);
    expect(result.conflicts.map((c) => [c.key, c.reason])).toEqual([
      ['a', 'exists without owner mark'],
      ['b', 'owned by another nbsync instance (nbsync:lab2 ipam.ipaddress/b)'],
    ]);
    expect(result.counts.conflict).toBe(2);
  });

  it('adopts an unmarked object with an update that stamps the mark when adopt is set', () => {
    const result = plan([want('a')], [have('a', { ttl: 300 }, null)], { adopt: true });

    expect(ops(result)).toEqual(['update:a']);
    const change = result.changes[0];
    expect(change?.op === 'update' && change.diff).toEqual([
      { field: 'owner', from: null, to: 'nbsync:homelab ipam.ipaddress/a' },
    ]);
  });

  it('never adopts another instance’s object, even with adopt', () => {
    const result = plan([want('a')], [have('a', { ttl: 1 }, 'lab2')], { adopt: true });

    expect(result.changes).toEqual([]);
    expect(result.conflicts).toHaveLength(1);
  });

  it.each([
    { policy: 'sync' as const, expected: ['delete:old', 'create:new', 'update:upd'] },
    { policy: 'upsert-only' as const, expected: ['create:new', 'update:upd'] },
    { policy: 'create-only' as const, expected: ['create:new'] },
  ])('policy $policy', ({ policy, expected }) => {
    const result = plan([want('new'), want('upd', { ttl: 1 })], [have('old'), have('upd')], { policy });

    expect(ops(result)).toEqual(expected);
  });

  it('sorts parents first for creates and children first for deletes', () => {
    const zone = (key: string, owner?: string): Resource => ({
      kind: 'dns.zone',
      key,
      spec: {},
      meta: owner ? { owner: { instance: owner, ref: '' } } : { source: 'config' },
    });

    const result = plan([zone('new.zone'), want('r1')], [zone('old.zone', 'homelab'), have('r0')]);

    expect(result.changes.map((c) => `${c.op}:${c.op === 'delete' ? c.before.kind : c.after.kind}`)).toEqual([
      'delete:dns.record',
      'delete:dns.zone',
      'create:dns.zone',
      'create:dns.record',
    ]);
    expect(result.changes[1]?.forced).toBe(true);
  });

  it('counts owned objects and carries skipped and unmanaged through', () => {
    const sink = { name: 'dns', type: 't', manages: ['dns.record'] as const, settings: settings() };

    const result = planSink(
      sink,
      { resources: [], skipped: [{ source: 'ipam.ipaddress/9', reason: 'out of scope' }] },
      {
        resources: [have('a'), have('b', {}, null)],
        unmanaged: [{ kind: 'dns.record', key: 'x', reason: 'r' }],
      },
    );

    expect(result.owned).toBe(1);
    expect(result.skipped).toHaveLength(1);
    expect(result.unmanaged).toHaveLength(1);
  });
});

describe('planSink safety', () => {
  const owned = (n: number) => Array.from({ length: n }, (_, i) => have(`k${String(i).padStart(3, '0')}`));
  const keep = (n: number) => owned(n).map((r) => want(r.key));

  it.each([
    { name: 'below minExisting: never refused', owned: 9, kept: 0, status: 'ok' },
    { name: '30% exactly: ok', owned: 10, kept: 7, status: 'ok' },
    { name: 'over 30%: refused', owned: 10, kept: 6, status: 'refused' },
    { name: '90% fewer: refused', owned: 100, kept: 10, status: 'refused' },
  ])('$name', ({ owned: n, kept, status }) => {
    const result = plan(keep(kept), owned(n));

    expect(result.status).toBe(status);
  });

  it('explains a refusal with numbers and the way out', () => {
    const result = plan([], owned(20));

    expect(result.reason).toBe(
      'would update or delete 20 of 20 owned objects (100.0% > 30%); review the plan, then apply with --force (or approve with force)',
    );
    expect(result.changes).toHaveLength(20);
  });

  it('creates never count toward the threshold', () => {
    const result = plan([...keep(10), ...Array.from({ length: 50 }, (_, i) => want(`n${i}`))], owned(10));

    expect(result.status).toBe('ok');
    expect(result.counts.create).toBe(50);
  });

  it('judges a targeted plan against the total owned', () => {
    const sink = { name: 'dns', type: 't', manages: ['dns.record'] as const, settings: settings() };

    const result = planSink(
      sink,
      { resources: [], skipped: [] },
      { resources: owned(3) },
      { ownedTotal: 100 },
    );

    expect(result.status).toBe('ok');
    expect(result.owned).toBe(100);
  });
});
