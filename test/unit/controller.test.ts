import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import { parseOwnerMark } from '../../src/model/owner.js';
import type { Snapshot } from '../../src/model/resource.js';
import { Controller } from '../../src/reconcile/controller.js';
import type { ResourceKey, RunContext } from '../../src/sinks/sink.js';
import { ip, ipInventory, manyIps } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';

const log = pino({ level: 'silent' });

function setup(inventory: Inventory, sinks = [new MemorySink()]) {
  const state = { inventory, loads: 0, fail: null as SyncError | null };
  const source = {
    load: async () => {
      state.loads += 1;
      if (state.fail) throw state.fail;
      return state.inventory;
    },
  };
  return { state, sinks, controller: new Controller({ source, sinks, log }) };
}

describe('Controller', () => {
  it('plans creates on an empty target, applies them, then plans nothing (convergence)', async () => {
    const { controller, sinks } = setup(ipInventory(manyIps(3)));

    const first = await controller.plan();
    const report = await controller.apply();
    const second = await controller.plan();

    expect(first.sinks[0]?.counts.create).toBe(3);
    expect(report.ok).toBe(true);
    expect(report.sinks[0]?.outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(sinks[0]?.target.get('host-1.int.lavaduck.net/10.10.0.2')?.comment).toBe(
      'nbsync:homelab ipam.ipaddress/1',
    );
    expect(second.sinks[0]?.changes).toEqual([]);
    expect(second.checksum).not.toBe(first.checksum);
  });

  it('gives the same checksum for the same situation', async () => {
    const { controller } = setup(ipInventory(manyIps(5)));

    const a = await controller.plan();
    const b = await controller.plan();

    expect(a.checksum).toBe(b.checksum);
    expect(a.id).not.toBe(b.id);
  });

  it('refuses a stale checksum with PLAN_STALE and applies nothing', async () => {
    const { controller, state, sinks } = setup(ipInventory(manyIps(2)));
    const reviewed = await controller.plan();
    state.inventory = ipInventory(manyIps(3));

    const attempt = controller.apply({ checksum: reviewed.checksum });

    await expect(attempt).rejects.toMatchObject({ code: 'PLAN_STALE' });
    expect(sinks[0]?.applied).toEqual([]);
  });

  it('applies when the checksum matches the fresh plan', async () => {
    const { controller } = setup(ipInventory(manyIps(2)));
    const reviewed = await controller.plan();

    const report = await controller.apply({ checksum: reviewed.checksum });

    expect(report.ok).toBe(true);
    expect(report.plan.checksum).toBe(reviewed.checksum);
  });

  it('fails closed: a NetBox load error gives every sink an error plan and deletes nothing', async () => {
    const { controller, state, sinks } = setup(ipInventory(manyIps(2)));
    await controller.apply();
    state.fail = new SyncError('NETBOX_HTTP', 'NetBox answered 500 on page 3', { retryable: true });

    const report = await controller.apply({ force: true });

    expect(report.ok).toBe(false);
    expect(report.plan.sinks[0]).toMatchObject({ status: 'error', errorCode: 'NETBOX_HTTP', changes: [] });
    expect(sinks[0]?.target.size).toBe(2);
  });

  it('fails closed per sink: one sink’s read error does not block another', async () => {
    const broken = new MemorySink('broken');
    broken.failObserve = new SyncError('SINK_HTTP', 'zone list failed');
    const { controller } = setup(ipInventory(manyIps(1)), [new MemorySink('good'), broken]);

    const report = await controller.apply();

    expect(report.sinks.find((s) => s.sink === 'good')?.status).toBe('applied');
    expect(report.sinks.find((s) => s.sink === 'broken')).toMatchObject({
      status: 'error',
      reason: 'zone list failed',
    });
  });

  it('refuses a mass delete by the safety threshold and applies it with force', async () => {
    const { controller, state, sinks } = setup(ipInventory(manyIps(20)));
    await controller.apply();
    state.inventory = ipInventory(manyIps(2));

    const refused = await controller.apply();
    const forced = await controller.apply({ force: true });

    expect(refused.sinks[0]?.status).toBe('refused');
    expect(sinks[0]?.target.size).toBe(2);
    expect(forced.sinks[0]?.status).toBe('applied');
    expect(forced.plan.sinks[0]?.counts.delete).toBe(18);
    expect(sinks[0]?.target.size).toBe(2);
  });

  it('skips sinks in observe mode and, when asked, in propose mode', async () => {
    const observe = new MemorySink('obs', { mode: 'observe' });
    const propose = new MemorySink('prop', { mode: 'propose' });
    const { controller } = setup(ipInventory(manyIps(1)), [observe, propose]);

    const daemonLike = await controller.apply({ modes: ['apply'] });
    const cliLike = await controller.apply();

    expect(daemonLike.sinks.map((s) => s.status)).toEqual(['skipped', 'skipped']);
    expect(cliLike.sinks.find((s) => s.sink === 'prop')?.status).toBe('applied');
    expect(observe.applied).toEqual([]);
  });

  it('reports a rejected write as a failed change and goes on with the others', async () => {
    const sink = new MemorySink();
    sink.failApply = (c) =>
      c.op === 'create' && c.after.key.startsWith('host-2.') ? new SyncError('SINK_REJECTED', 'no') : null;
    const { controller } = setup(ipInventory(manyIps(3)), [sink]);

    const report = await controller.apply();

    expect(report.ok).toBe(false);
    expect(report.sinks[0]?.status).toBe('partial');
    expect(report.sinks[0]?.outcomes.map((o) => o.outcome)).toEqual(['applied', 'failed', 'applied']);
    expect(report.sinks[0]?.outcomes[1]).toMatchObject({ errorCode: 'SINK_REJECTED', reason: 'no' });
  });

  it('plans only the scoped refs in a targeted reconcile', async () => {
    const { controller, state } = setup(ipInventory(manyIps(3)));
    await controller.apply();
    state.inventory = ipInventory([
      ip(1, 'renamed.int.lavaduck.net', '10.10.0.2/24'),
      ...manyIps(2, 2).map((x) => ({ ...x, customFields: { dns_ttl: 60 } })),
    ]);

    const plan = await controller.plan({ scope: new Set(['ipam.ipaddress/1']) });

    expect(plan.sinks[0]?.changes.map((c) => c.op)).toEqual(['delete', 'create']);
    expect(plan.sinks[0]?.owned).toBe(3);
  });

  it('rejects an unknown sink name with the configured ones', async () => {
    const { controller } = setup(ipInventory([]));

    await expect(controller.plan({ sinks: ['nope'] })).rejects.toThrow(
      'unknown sink nope; configured sinks: mem',
    );
  });

  it('serialises applies per sink', async () => {
    const sink = new MemorySink();
    let running = 0;
    let maxRunning = 0;
    const original = sink.apply.bind(sink);
    sink.apply = async (change, ctx) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      return original(change, ctx);
    };
    const { controller } = setup(ipInventory(manyIps(3)), [sink]);

    await Promise.all([controller.apply(), controller.apply(), controller.apply()]);

    expect(maxRunning).toBe(1);
    expect(sink.target.size).toBe(3);
  });
});

/**
 * A MemorySink that also reads single keys: every record at the name of an asked key (keys are
 * `name/address`), marked or not, like the DNS sink reads every record at an affected name.
 */
class KeyedSink extends MemorySink {
  readonly asked: string[][] = [];
  failKeys: SyncError | null = null;

  async observeKeys(keys: readonly ResourceKey[], _ctx: RunContext): Promise<Snapshot> {
    this.asked.push(keys.map((k) => k.key).sort());
    if (this.failKeys) throw this.failKeys;
    const names = new Set(keys.map((k) => k.key.split('/')[0]));
    return {
      resources: [...this.target.entries()]
        .filter(([key]) => names.has(key.split('/')[0]))
        .map(([key, record]) => ({
          kind: 'dns.record' as const,
          key,
          spec: { ttl: record.ttl },
          meta: { owner: parseOwnerMark(record.comment) },
        })),
    };
  }
}

const refs = (...ids: number[]) => new Set(ids.map((id) => `ipam.ipaddress/${id}`));
const without = (inventory: Inventory, ...ids: number[]) =>
  ipInventory(inventory.ipAddresses.filter((a) => !ids.includes(a.id)));

describe('Controller: targeted plans on a sink that reads single keys', () => {
  const before = ipInventory(manyIps(3));
  it.each([
    {
      name: 'a move (rename) deletes the old key and creates the new one',
      after: ipInventory([ip(1, 'renamed.int.lavaduck.net', '10.10.0.2/24'), ...manyIps(2, 2)]),
      scope: refs(1),
      ops: ['delete host-1.int.lavaduck.net/10.10.0.2', 'create renamed.int.lavaduck.net/10.10.0.2'],
      asked: ['host-1.int.lavaduck.net/10.10.0.2', 'renamed.int.lavaduck.net/10.10.0.2'],
    },
    {
      name: 'a deleted object has its key deleted (found through the previous inventory)',
      after: without(before, 2),
      scope: refs(2),
      ops: ['delete host-2.int.lavaduck.net/10.10.0.3'],
      asked: ['host-2.int.lavaduck.net/10.10.0.3'],
    },
    {
      name: 'a new object has its key created',
      after: ipInventory([...manyIps(3), ip(9, 'new.int.lavaduck.net', '10.10.0.9/24')]),
      scope: refs(9),
      ops: ['create new.int.lavaduck.net/10.10.0.9'],
      asked: ['new.int.lavaduck.net/10.10.0.9'],
    },
    {
      name: 'an unchanged object in scope plans nothing',
      after: before,
      scope: refs(3),
      ops: [],
      asked: ['host-3.int.lavaduck.net/10.10.0.4'],
    },
  ])('$name', async ({ after, scope, ops, asked }) => {
    const sink = new KeyedSink();
    const { controller } = setup(before, [sink]);
    await controller.apply();
    const fullReads = sink.observeCount;

    const plan = await controller.plan({ inventory: after, previousInventory: before, scope });

    const changes = plan.sinks[0]?.changes ?? [];
    expect(changes.map((c) => `${c.op} ${c.op === 'delete' ? c.before.key : c.after.key}`)).toEqual(ops);
    expect(sink.asked).toEqual([asked]);
    expect(sink.observeCount).toBe(fullReads);
    expect(plan.sinks[0]?.owned).toBe(3);
  });

  it('reports an unmarked record at an affected name as a conflict, and leaves it', async () => {
    const sink = new KeyedSink();
    const { controller } = setup(before, [sink]);
    await controller.apply();
    sink.target.set('taken.int.lavaduck.net/10.10.0.2', { ttl: 60, comment: '' });
    const after = ipInventory([ip(1, 'taken.int.lavaduck.net', '10.10.0.2/24'), ...manyIps(2, 2)]);

    const report = await controller.apply({ inventory: after, previousInventory: before, scope: refs(1) });

    expect(report.plan.sinks[0]?.conflicts).toEqual([
      expect.objectContaining({
        key: 'taken.int.lavaduck.net/10.10.0.2',
        reason: 'exists without owner mark',
      }),
    ]);
    expect(sink.target.get('taken.int.lavaduck.net/10.10.0.2')).toEqual({ ttl: 60, comment: '' });
  });

  it('leaves records of out-of-scope refs at an affected name alone', async () => {
    const sink = new KeyedSink();
    const shared = ipInventory([
      ip(1, 'rr.int.lavaduck.net', '10.10.0.2/24'),
      ip(2, 'rr.int.lavaduck.net', '10.10.0.3/24'),
    ]);
    const { controller } = setup(shared, [sink]);
    await controller.apply();
    const after = ipInventory([
      ip(1, 'rr.int.lavaduck.net', '10.10.0.2/24', { customFields: { dns_ttl: 60 } }),
      ip(2, 'rr.int.lavaduck.net', '10.10.0.3/24'),
    ]);

    const plan = await controller.plan({ inventory: after, previousInventory: shared, scope: refs(1) });

    expect(plan.sinks[0]?.changes.map((c) => c.op)).toEqual(['update']);
  });

  it.each([
    { name: 'refuses a bulk delete of 1,000 of 1,000 owned', owned: 1000, deleted: 1000, status: 'refused' },
    { name: 'refuses 400 deletes of 1,000 owned (40% > 30%)', owned: 1000, deleted: 400, status: 'refused' },
    {
      name: 'allows 100 deletes of 1,000 owned, though it saw only those 100',
      owned: 1000,
      deleted: 100,
      status: 'ok',
    },
  ])('safety against the owned count of the last full read: $name', async ({ owned, deleted, status }) => {
    const sink = new KeyedSink();
    const all = ipInventory(manyIps(owned));
    const { controller } = setup(all, [sink]);
    await controller.apply();
    const ids = Array.from({ length: deleted }, (_, i) => i + 1);

    const report = await controller.apply({
      inventory: without(all, ...ids),
      previousInventory: all,
      scope: refs(...ids),
    });

    expect(report.plan.sinks[0]).toMatchObject({ status, owned, counts: { delete: deleted } });
    expect(sink.target.size).toBe(status === 'ok' ? owned - deleted : owned);
  });

  it('keeps the remembered owned count current with what targeted applies created', async () => {
    const sink = new KeyedSink();
    const first = ipInventory(manyIps(20));
    const { controller } = setup(first, [sink]);
    await controller.apply();
    const grown = ipInventory(manyIps(100));
    const created = Array.from({ length: 80 }, (_, i) => i + 21);
    await controller.apply({ inventory: grown, previousInventory: first, scope: refs(...created) });
    const gone = Array.from({ length: 25 }, (_, i) => i + 1);

    const report = await controller.apply({
      inventory: without(grown, ...gone),
      previousInventory: grown,
      scope: refs(...gone),
    });

    expect(report.plan.sinks[0]).toMatchObject({ status: 'ok', owned: 100, counts: { delete: 25 } });
    expect(sink.target.size).toBe(75);
  });

  it('without a full read before, judges safety by what the targeted read saw', async () => {
    const sink = new KeyedSink();
    const all = ipInventory(manyIps(40));
    await setup(all, [sink]).controller.apply();
    const { controller } = setup(all, [sink]);
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);

    const plan = await controller.plan({
      inventory: without(all, ...ids),
      previousInventory: all,
      scope: refs(...ids),
    });

    expect(plan.sinks[0]).toMatchObject({ status: 'refused', owned: 20 });
  });

  it('observes fully the sinks without observeKeys, and every sink when there is no scope', async () => {
    const keyed = new KeyedSink('keyed');
    const plain = new MemorySink('plain');
    const { controller } = setup(before, [keyed, plain]);
    await controller.apply();
    const after = ipInventory([ip(1, 'renamed.int.lavaduck.net', '10.10.0.2/24'), ...manyIps(2, 2)]);

    const targeted = await controller.plan({ inventory: after, previousInventory: before, scope: refs(1) });
    const full = await controller.plan({ inventory: after, previousInventory: before });

    expect(targeted.sinks.map((s) => s.counts)).toEqual([
      { create: 1, update: 0, delete: 1, conflict: 0 },
      { create: 1, update: 0, delete: 1, conflict: 0 },
    ]);
    expect(keyed.asked).toHaveLength(1);
    expect([keyed.observeCount, plain.observeCount]).toEqual([2, 3]);
    expect(full.sinks.map((s) => s.counts.delete)).toEqual([1, 1]);
  });

  it('fails closed when the targeted read fails: error plan, nothing applied', async () => {
    const sink = new KeyedSink();
    const { controller } = setup(before, [sink]);
    await controller.apply();
    sink.failKeys = new SyncError('SINK_HTTP', 'records/get answered 502', { retryable: true });

    const report = await controller.apply({
      inventory: without(before, 1),
      previousInventory: before,
      scope: refs(1),
    });

    expect(report.plan.sinks[0]).toMatchObject({ status: 'error', errorCode: 'SINK_HTTP', changes: [] });
    expect(sink.target.size).toBe(3);
  });

  it('without a previous inventory, reads only the keys desired now', async () => {
    const sink = new KeyedSink();
    const { controller } = setup(before, [sink]);
    await controller.apply();

    const plan = await controller.plan({ inventory: without(before, 2), scope: refs(2) });

    expect(sink.asked).toEqual([[]]);
    expect(plan.sinks[0]?.changes).toEqual([]);
  });
});

describe('Controller and self-proposing sinks', () => {
  it('runs a self-proposing sink in mode propose where only mode apply runs (the daemon)', async () => {
    const proposing = Object.assign(new MemorySink('inventory', { mode: 'propose' }), {
      proposesItself: true,
    });
    const waiting = new MemorySink('dns', { mode: 'propose' });
    const controller = new Controller({
      source: { load: async () => ipInventory(manyIps(1)) },
      sinks: [proposing, waiting],
      log,
    });

    const report = await controller.apply({ modes: ['apply'] });

    expect(report.sinks.find((s) => s.sink === 'inventory')?.status).toBe('applied');
    expect(report.sinks.find((s) => s.sink === 'dns')).toMatchObject({
      status: 'skipped',
      reason: 'mode propose',
    });
  });
});
