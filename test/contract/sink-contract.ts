import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import type { Change } from '../../src/model/plan.js';
import type { Snapshot } from '../../src/model/resource.js';
import { planSink } from '../../src/reconcile/planner.js';
import type { RunContext, Sink } from '../../src/sinks/sink.js';

/** What a sink's test gives the contract suite: a fresh sink on a fresh target per test. */
export interface ContractTarget {
  readonly sink: Sink;
  /** An inventory that maps to at least two resources of this sink. */
  readonly inventory: Inventory;
  /**
   * Put on the target one unmarked object with the key of a desired resource, and one object
   * marked by another instance (`nbsync:other`). Returns their keys.
   */
  seedForeign(): Promise<{ unmarkedKey: string; foreignKey: string }>;
  /** Make the next observe fail part-way (e.g. the second of several reads answers 500). */
  failNextRead(): void;
  /** Make the target reject the next write. */
  rejectNextWrite(): void;
  teardown(): Promise<void>;
}

const ctx = (): RunContext => ({ log: pino({ level: 'silent' }), signal: new AbortController().signal });

/** Observe, map and align as the controller does. */
async function aligned(target: ContractTarget) {
  const observed = await target.sink.observe(ctx());
  const desired = target.sink.desired(target.inventory);
  return target.sink.align ? target.sink.align(desired, observed) : { desired, observed };
}

async function observeAligned(target: ContractTarget): Promise<Snapshot> {
  return (await aligned(target)).observed;
}

async function planOf(target: ContractTarget) {
  const { desired, observed } = await aligned(target);
  return { plan: planSink(target.sink, desired, observed), observed, desired };
}

async function applyAll(target: ContractTarget, changes: readonly Change[]) {
  const outcomes = [];
  for (const change of changes) outcomes.push(await target.sink.apply(change, ctx()));
  return outcomes;
}

function byKey(snapshot: Snapshot) {
  return new Map(snapshot.resources.map((r) => [r.key, r]));
}

/** The shared sink contract (STYLE.md "Tests"): every sink passes it. */
export function sinkContract(name: string, makeTarget: () => Promise<ContractTarget>): void {
  describe(`sink contract: ${name}`, () => {
    const withTarget = (fn: (t: ContractTarget) => Promise<void>) => async () => {
      const target = await makeTarget();
      try {
        await fn(target);
      } finally {
        await target.teardown();
      }
    };

    it(
      'plans only creates on an empty target',
      withTarget(async (t) => {
        const { plan, desired } = await planOf(t);

        expect(desired.resources.length).toBeGreaterThanOrEqual(2);
        expect(plan.changes.length).toBe(desired.resources.length);
        expect(plan.changes.every((c) => c.op === 'create')).toBe(true);
      }),
    );

    it(
      'converges: the plan after an apply is empty',
      withTarget(async (t) => {
        const { plan } = await planOf(t);
        await applyAll(t, plan.changes);

        const { plan: next } = await planOf(t);

        expect(next.changes).toEqual([]);
        expect(next.conflicts).toEqual([]);
      }),
    );

    it(
      'stamps this instance’s owner mark on everything it creates',
      withTarget(async (t) => {
        const { plan } = await planOf(t);
        await applyAll(t, plan.changes);

        const observed = await observeAligned(t);

        const created = plan.changes.map((c) => (c.op === 'create' ? c.after.key : ''));
        const marks = byKey(observed);
        for (const key of created)
          expect(marks.get(key)?.meta.owner?.instance, key).toBe(t.sink.settings.instance);
      }),
    );

    it(
      'never touches unmarked objects or objects of another instance',
      withTarget(async (t) => {
        const { unmarkedKey, foreignKey } = await t.seedForeign();
        const before = byKey(await observeAligned(t));

        const { plan } = await planOf(t);
        await applyAll(t, plan.changes);
        const after = byKey(await observeAligned(t));

        const touched = plan.changes.map((c) => (c.op === 'delete' ? c.before.key : c.after.key));
        expect(touched).not.toContain(unmarkedKey);
        expect(touched).not.toContain(foreignKey);
        expect(plan.conflicts.map((c) => c.key)).toContain(unmarkedKey);
        expect(after.get(unmarkedKey)?.spec).toEqual(before.get(unmarkedKey)?.spec);
        expect(after.get(unmarkedKey)?.meta.owner ?? null).toBeNull();
        expect(after.get(foreignKey)?.meta.owner?.instance).toBe('other');
      }),
    );

    it(
      'fails the whole observe when one read fails',
      withTarget(async (t) => {
        const { plan } = await planOf(t);
        await applyAll(t, plan.changes);
        t.failNextRead();

        const attempt = t.sink.observe(ctx());

        await expect(attempt).rejects.toBeInstanceOf(SyncError);
      }),
    );

    it(
      'reports a rejected write as a SyncError',
      withTarget(async (t) => {
        const { plan } = await planOf(t);
        t.rejectNextWrite();

        const attempt = t.sink.apply(plan.changes[0] as Change, ctx());

        await expect(attempt).rejects.toBeInstanceOf(SyncError);
      }),
    );

    it(
      'is idempotent: applying the same changes again changes nothing',
      withTarget(async (t) => {
        const { plan } = await planOf(t);
        await applyAll(t, plan.changes);
        const first = await observeAligned(t);

        const again = await applyAll(t, plan.changes);
        const second = await observeAligned(t);

        expect(again.every((r) => r.outcome === 'noop')).toBe(true);
        expect(second.resources.map((r) => [r.key, r.spec])).toEqual(
          first.resources.map((r) => [r.key, r.spec]),
        );
      }),
    );
  });
}
