import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import { Controller } from '../../src/reconcile/controller.js';
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
