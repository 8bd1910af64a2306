import type { Logger } from 'pino';
import { SyncError, toSyncError } from '../model/errors.js';
import type { Inventory } from '../model/inventory.js';
import type { Plan } from '../model/plan.js';
import type { Controller } from '../reconcile/controller.js';
import { planToJson } from '../reconcile/plan-json.js';
import type { ApprovalRequest, ApprovalResult, Operations } from '../server/app.js';
import type { Metrics } from '../server/metrics.js';
import type { StoredEvent } from '../store/events.js';
import type { Store } from '../store/store.js';
import { InventoryIndex, classify, coalesce, reReadSet, scopeRefs } from './affected.js';
import type { EchoFilter } from './echo.js';
import { patchInventory } from './patch.js';
import type { DaemonNetBox } from './ports.js';
import type { RunWork } from './queue.js';
import { RunRecorder, type RunHandle } from './record.js';
import { writeBack } from './writeback.js';

export interface ReconcilerDeps {
  readonly controller: Controller;
  readonly store: Store;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => Date;
  readonly echo: EchoFilter;
  readonly instance: string;
  readonly sinkNames: readonly string[];
  readonly netbox?: DaemonNetBox;
  /** `netbox.writeBack: journal`. */
  readonly journal: boolean;
  readonly retentionDays: number;
  /** Aborted only when the daemon gives up waiting for the run in flight. */
  readonly signal: AbortSignal;
  /** Called after every full run, event batch and approval (re-reads certificate stores); must not throw. */
  readonly afterRun?: () => Promise<void>;
}

/**
 * The daemon's runs around the controller: full reconcile (keeps the inventory in memory),
 * targeted reconcile of an event batch (re-read the changed objects and their dependents, patch
 * the inventory, plan only their refs), approval by checksum, and the on-demand plan.
 * Full and event runs are serialised by the RunQueue; the controller serialises applies per sink.
 */
export class Reconciler implements RunWork, Operations {
  private inventory: Inventory | null = null;
  private readonly recorder: RunRecorder;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: ReconcilerDeps) {
    this.recorder = new RunRecorder(deps);
  }

  /** Full reconcile of the sinks in mode `apply` (the others are planned and their plan stored). */
  async full(trigger: 'full' | 'manual' | 'event'): Promise<void> {
    try {
      await this.fullRun(trigger);
    } finally {
      await this.deps.afterRun?.();
    }
  }

  /** Returns whether NetBox was read completely (then events received before the start are covered). */
  private async fullRun(trigger: 'full' | 'manual' | 'event'): Promise<boolean> {
    const { controller, store, netbox, signal, now } = this.deps;
    const run = this.recorder.begin(trigger);
    let inventory: Inventory | undefined;
    if (netbox) {
      try {
        inventory = await netbox.load(signal);
      } catch (err) {
        this.recorder.fail(run, toSyncError(err), 'error', this.deps.sinkNames, { scope: 'full' });
        return false;
      }
    }
    const report = await controller.apply({ inventory, modes: ['apply'], signal, onOutcome: run.onOutcome });
    if (inventory) this.inventory = inventory;
    const loaded = inventory !== undefined || report.plan.sinks.some((s) => s.status !== 'error');
    const covered = loaded
      ? store.events.markCoveredBefore(run.startedAt.toISOString(), now().toISOString())
      : 0;
    this.recorder.finish(run, report, {
      planScope: 'full',
      complete: true,
      extra: { coveredEvents: covered },
    });
    await this.writeBack(run);
    const pruned = store.prune(this.deps.retentionDays);
    if (pruned.events + pruned.runs + pruned.plans > 0) run.log.info(pruned, 'store pruned');
    return loaded;
  }

  /** A debounced batch of events: drop echoes and unrelated types, then a targeted (or full) run. */
  async events(batch: StoredEvent[]): Promise<void> {
    try {
      await this.eventRun(batch);
    } finally {
      await this.deps.afterRun?.();
    }
  }

  private async eventRun(batch: StoredEvent[]): Promise<void> {
    const { store, echo, netbox, controller, signal, now } = this.deps;
    const pending = store.events.stillPending(batch.map((e) => e.id));
    const fresh = batch.filter((e) => pending.has(e.id));
    const echoes = fresh.filter((e) => echo.isEcho(e));
    store.events.mark(
      echoes.map((e) => e.id),
      'ignored',
      now().toISOString(),
      'echo of an nbsync write',
    );
    const rest = fresh.filter((e) => !echo.isEcho(e));
    const unrelated = rest.filter((e) => classify(e) === 'ignored');
    store.events.mark(
      unrelated.map((e) => e.id),
      'ignored',
      now().toISOString(),
      'object type not managed',
    );
    const events = rest.filter((e) => classify(e) !== 'ignored');
    if (events.length === 0) return;
    const ids = events.map((e) => e.id);

    const current = this.inventory;
    if (current === null || !netbox?.loadObjects || events.some((e) => classify(e) === 'full')) {
      if (await this.fullRun('event'))
        store.events.mark(ids, 'processed', now().toISOString(), 'full reconcile');
      return;
    }
    const run = this.recorder.begin('event');
    const targets = coalesce(events);
    const { reread, removed } = reReadSet(new InventoryIndex(current), targets);
    let inventory: Inventory;
    try {
      const patch = reread.length > 0 ? await netbox.loadObjects(reread, signal) : { missing: [] };
      inventory = patchInventory(current, patch, removed);
    } catch (err) {
      // Fail closed: nothing planned; the events stay pending and the next full sync covers them.
      this.recorder.fail(run, toSyncError(err), 'error', this.deps.sinkNames, {
        scope: 'targeted',
        events: ids.length,
      });
      return;
    }
    const scope = scopeRefs(new InventoryIndex(inventory), targets, reread, removed);
    // The inventory before the patch tells sinks that read single keys what to look at for
    // records made for these refs last time (moves and deletes), without a full read.
    const report = await controller.apply({
      inventory,
      previousInventory: current,
      scope,
      modes: ['apply'],
      signal,
      onOutcome: run.onOutcome,
    });
    this.inventory = inventory;
    store.events.mark(ids, 'processed', now().toISOString());
    const refs = [...scope].sort();
    this.recorder.finish(run, report, {
      planScope: 'targeted',
      complete: false,
      extra: { events: ids.length, objects: targets.length, refs: refs.slice(0, 200), refCount: refs.length },
    });
    await this.writeBack(run);
  }

  /** The dry-run diff, computed now (a fresh read). A plan of all sinks is stored for review. */
  async plan(request: { sinks?: readonly string[] }): Promise<Plan> {
    const sinks = this.checkSinks(request.sinks);
    const plan = await this.deps.controller.plan({ sinks, signal: this.deps.signal });
    if (sinks.length === 0) this.deps.store.plans.save(planToJson(plan), 'full');
    return plan;
  }

  /** Approval: apply (modes propose and apply) if the fresh plan still has the reviewed checksum. */
  async approve(request: ApprovalRequest): Promise<ApprovalResult> {
    const sinks = this.checkSinks(request.sinks);
    const work = this.approveNow(request, sinks);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
      await this.deps.afterRun?.();
    }
  }

  private async approveNow(request: ApprovalRequest, sinks: readonly string[]): Promise<ApprovalResult> {
    const run = this.recorder.begin('approval');
    let report;
    try {
      report = await this.deps.controller.apply({
        checksum: request.checksum,
        sinks,
        force: request.force ?? false,
        signal: this.deps.signal,
        onOutcome: run.onOutcome,
      });
    } catch (err) {
      const error = toSyncError(err);
      const status = error.code === 'PLAN_STALE' ? 'stale' : 'error';
      this.recorder.fail(run, error, status, [], { requested: request.checksum });
      throw error;
    }
    const runStatus = this.recorder.finish(run, report, {
      planScope: sinks.length === 0 ? 'full' : 'targeted',
      complete: true,
      extra: { requested: request.checksum, force: request.force ?? false },
    });
    await this.writeBack(run);
    return { runId: run.id, runStatus, report };
  }

  /** Resolves when no approval is in flight (full and event runs are awaited through the queue). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private checkSinks(names: readonly string[] | undefined): readonly string[] {
    const unknown = (names ?? []).filter((n) => !this.deps.sinkNames.includes(n));
    if (unknown.length > 0) {
      throw new SyncError(
        'BAD_REQUEST',
        `unknown sink ${unknown.join(', ')}; configured sinks: ${this.deps.sinkNames.join(', ')}`,
      );
    }
    return names ?? [];
  }

  private async writeBack(run: RunHandle): Promise<void> {
    const { netbox, journal } = this.deps;
    if (!journal || !netbox?.writeJournal || run.outcomes.length === 0) return;
    const writer = { writeJournal: netbox.writeJournal.bind(netbox) };
    const written = await writeBack({ ...this.deps, writer }, run.id, run.outcomes, this.deps.signal);
    if (written > 0) run.log.info({ entries: written }, 'journal written');
  }
}
