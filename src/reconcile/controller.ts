import type { Logger } from 'pino';
import { SyncError, toSyncError } from '../model/errors.js';
import type { Inventory } from '../model/inventory.js';
import type { Change, Plan, SinkMode, SinkPlan } from '../model/plan.js';
import type { Desired, Snapshot } from '../model/resource.js';
import { changeTarget } from '../model/plan.js';
import type { ResourceKey, Sink } from '../sinks/sink.js';
import { assemblePlan } from './plan-json.js';
import { planSink } from './planner.js';
import { countOwned, narrowToScope, ownedDelta, scopedKeys } from './targeted.js';

/** Where the inventory comes from (the NetBox source, or a fixture in tests). */
export interface InventorySource {
  load(signal: AbortSignal): Promise<Inventory>;
}

export interface ControllerOptions {
  readonly source: InventorySource;
  readonly sinks: readonly Sink[];
  readonly log: Logger;
  readonly now?: () => Date;
}

export interface PlanRequest {
  /** Sink names; all sinks when empty or absent. */
  readonly sinks?: readonly string[];
  readonly signal?: AbortSignal;
  /** Use this inventory instead of loading NetBox (the daemon's patched inventory). */
  readonly inventory?: Inventory;
  /**
   * Targeted reconcile: only resources whose NetBox source (desired) or owner-mark ref
   * (observed) is in this set are planned. Absent = everything.
   */
  readonly scope?: ReadonlySet<string>;
  /**
   * With `scope`: the inventory the previous plan of these refs was made from (the daemon's,
   * before patching in the re-read objects). Sinks that implement `observeKeys` then read only the
   * keys desired for the scoped refs in this inventory or the new one, so records moved or
   * removed since are found without a full read. Ignored without `scope`.
   */
  readonly previousInventory?: Inventory;
}

export interface ApplyRequest extends PlanRequest {
  /** Refuse (PLAN_STALE) unless the fresh plan has this checksum. */
  readonly checksum?: string;
  /** Apply refused sinks and forced changes too. */
  readonly force?: boolean;
  /** Which sink modes apply; default `propose` and `apply` (the CLI). The daemon passes `apply`. */
  readonly modes?: readonly SinkMode[];
  /** Called after each change, for progress output. */
  readonly onOutcome?: (outcome: ChangeOutcome) => void;
}

export interface ChangeOutcome {
  readonly sink: string;
  readonly op: Change['op'];
  readonly kind: string;
  readonly key: string;
  readonly source: string | null;
  readonly outcome: 'applied' | 'noop' | 'failed' | 'skipped';
  readonly reason?: string;
  readonly errorCode?: string;
  readonly note?: string;
}

export type SinkApplyStatus = 'applied' | 'nothing-to-do' | 'skipped' | 'refused' | 'error' | 'partial';

export interface SinkApplyReport {
  readonly sink: string;
  readonly status: SinkApplyStatus;
  readonly reason: string;
  readonly outcomes: readonly ChangeOutcome[];
}

export interface ApplyReport {
  readonly plan: Plan;
  readonly sinks: readonly SinkApplyReport[];
  /** False when any selected sink errored, was refused, or had a failed change. */
  readonly ok: boolean;
}

/**
 * Order of sinks when applying (DESIGN §2): DHCP and DNS before VMs start, DNS before
 * certificates are issued, VM destroys after DNS/DHCP/certificate clean-up, inventory last.
 */
const APPLY_ORDER: Readonly<Record<string, number>> = {
  'technitium-dhcp': 0,
  kea: 0,
  'technitium-dns': 1,
  rfc2136: 1,
  'step-ca': 2,
  acme: 2,
  proxmox: 3,
  'git-inventory': 4,
};

/**
 * The reconcile loop: load → desired/observe → plan → apply. Dry-run is simply not calling
 * `apply`. One apply per sink at a time; plans may run concurrently with each other.
 */
export class Controller {
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Per sink: objects it owned at its last full read, plus creates minus deletes applied since. */
  private readonly owned = new Map<string, number>();
  /** Per sink: the last inventory `desired` ran on and its result (`desired` is pure). */
  private readonly lastDesired = new Map<string, { inventory: Inventory; desired: Desired }>();

  constructor(private readonly options: ControllerOptions) {}

  /** Names of the configured sinks, in config order. */
  get sinkNames(): string[] {
    return this.options.sinks.map((s) => s.name);
  }

  /**
   * Compute the plan now: a complete, fresh read of NetBox and every selected sink. The sinks
   * are observed once the inventory is loaded, not during the load: on two cores the overlap
   * saved no time and raised peak memory (measured with `npm run bench -- dns`). A failed
   * NetBox load reads no sink at all.
   *
   * Targeted plans (`scope`) on a sink with `observeKeys` read only the affected keys instead:
   * the keys `desired` gives for the scoped refs in the inventory and in `previousInventory`
   * (so that deletes and moves are seen), read after the inventory is known. Their safety
   * threshold is judged against the sink's owned count remembered from its last full read,
   * kept current by the applies since.
   */
  async plan(request: PlanRequest = {}): Promise<Plan> {
    const sinks = this.select(request.sinks);
    const signal = request.signal ?? new AbortController().signal;
    const { scope } = request;
    const log = this.options.log;
    const keyed = (sink: Sink): boolean => scope !== undefined && sink.observeKeys !== undefined;
    let inventory: Inventory;
    try {
      inventory = request.inventory ?? (await this.options.source.load(signal));
    } catch (err) {
      const error = toSyncError(err);
      log.error({ err: error, code: error.code }, 'netbox load failed');
      return assemblePlan(
        sinks.map((sink) => errorPlan(sink, error)),
        this.now(),
      );
    }
    const observations = sinks.map((sink) => (keyed(sink) ? null : this.observe(sink, signal)));
    const plans = await Promise.all(
      sinks.map(async (sink, i) => {
        const full = observations[i];
        if (full) {
          const observation = await full;
          return this.planOne(sink, () => this.desiredOf(sink, inventory), observation, scope, true);
        }
        return this.planKeys(sink, inventory, request.previousInventory, scope ?? new Set(), signal);
      }),
    );
    return assemblePlan(plans, this.now());
  }

  /** Plan, check the checksum, then apply what the modes, statuses and force allow. */
  async apply(request: ApplyRequest = {}): Promise<ApplyReport> {
    const plan = await this.plan(request);
    if (request.checksum !== undefined && request.checksum !== plan.checksum) {
      throw new SyncError(
        'PLAN_STALE',
        `the plan changed since it was reviewed (now ${plan.checksum}); review the fresh plan`,
        {
          details: { plan },
        },
      );
    }
    const modes = request.modes ?? ['propose', 'apply'];
    const bySink = new Map(this.options.sinks.map((s) => [s.name, s]));
    const ordered = [...plan.sinks].sort((a, b) => (APPLY_ORDER[a.type] ?? 2) - (APPLY_ORDER[b.type] ?? 2));
    const reports: SinkApplyReport[] = [];
    for (const sinkPlan of ordered) {
      const sink = bySink.get(sinkPlan.sink);
      if (!sink) continue;
      const report = await this.withLock(sink.name, () => this.applyOne(sink, sinkPlan, request, modes));
      this.countApplied(sink.name, sinkPlan, report);
      reports.push(report);
    }
    const ok = reports.every((r) => r.status !== 'error' && r.status !== 'refused' && r.status !== 'partial');
    return { plan, sinks: reports, ok };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private select(names: readonly string[] | undefined): Sink[] {
    if (!names || names.length === 0) return [...this.options.sinks];
    const known = new Set(this.sinkNames);
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new SyncError(
        'BAD_REQUEST',
        `unknown sink ${unknown.join(', ')}; configured sinks: ${this.sinkNames.join(', ')}`,
      );
    }
    return this.options.sinks.filter((s) => names.includes(s.name));
  }

  /**
   * Observe one sink, fully or only `keys`; never rejects (the failure is carried to planning).
   */
  private async observe(
    sink: Sink,
    signal: AbortSignal,
    keys?: readonly ResourceKey[],
  ): Promise<Observation> {
    const ctx = { log: this.options.log.child({ sink: sink.name }), signal };
    try {
      const snapshot = keys && sink.observeKeys ? await sink.observeKeys(keys, ctx) : await sink.observe(ctx);
      return { ok: true, snapshot };
    } catch (err) {
      return { ok: false, error: toSyncError(err) };
    }
  }

  /**
   * `sink.desired(inventory)`, remembered for the next plan (the daemon's next targeted plan
   * passes this inventory as `previousInventory`); `reuse` returns the remembered result when it
   * was computed from this very inventory object.
   */
  private desiredOf(sink: Sink, inventory: Inventory, reuse = false): Desired {
    const last = this.lastDesired.get(sink.name);
    if (reuse && last?.inventory === inventory) return last.desired;
    const desired = sink.desired(inventory);
    this.lastDesired.set(sink.name, { inventory, desired });
    return desired;
  }

  /** A targeted plan on a sink that reads single keys: desired first, then only those keys. */
  private async planKeys(
    sink: Sink,
    inventory: Inventory,
    previous: Inventory | undefined,
    scope: ReadonlySet<string>,
    signal: AbortSignal,
  ): Promise<SinkPlan> {
    let mapped: Desired;
    let keys: ResourceKey[];
    try {
      // The previous inventory first: usually the one the last plan remembered.
      const before = previous ? this.desiredOf(sink, previous, true).resources : [];
      mapped = this.desiredOf(sink, inventory);
      keys = scopedKeys([before, mapped.resources], scope);
    } catch (err) {
      return this.failed(sink, toSyncError(err));
    }
    const observation = await this.observe(sink, signal, keys);
    return this.planOne(sink, () => mapped, observation, scope, false);
  }

  private planOne(
    sink: Sink,
    desiredNow: () => Desired,
    observation: Observation,
    scope: ReadonlySet<string> | undefined,
    complete: boolean,
  ): SinkPlan {
    const log = this.options.log.child({ sink: sink.name });
    try {
      if (!observation.ok) throw observation.error;
      const seen = countOwned(observation.snapshot, sink.settings.instance);
      if (complete) this.owned.set(sink.name, seen);
      const mapped = desiredNow();
      const { desired, observed } = sink.align
        ? sink.align(mapped, observation.snapshot)
        : { desired: mapped, observed: observation.snapshot };
      const plan = scope
        ? planSink(sink, ...narrowToScope(desired, observed, scope), {
            ownedTotal: complete ? seen : Math.max(this.owned.get(sink.name) ?? 0, seen),
          })
        : planSink(sink, desired, observed);
      log.info(
        { status: plan.status, ...plan.counts, owned: plan.owned, observed: complete ? 'full' : 'keys' },
        'sink planned',
      );
      return plan;
    } catch (err) {
      return this.failed(sink, toSyncError(err));
    }
  }

  private failed(sink: Sink, error: SyncError): SinkPlan {
    const log = this.options.log.child({ sink: sink.name });
    log.error({ err: error, code: error.code, retryable: error.retryable }, 'sink read failed');
    return errorPlan(sink, error);
  }

  /** Keep the remembered owned count current with what was applied. */
  private countApplied(sink: string, plan: SinkPlan, report: SinkApplyReport): void {
    const owned = this.owned.get(sink);
    if (owned !== undefined)
      this.owned.set(sink, Math.max(0, owned + ownedDelta(plan.changes, report.outcomes)));
  }

  private async applyOne(
    sink: Sink,
    plan: SinkPlan,
    request: ApplyRequest,
    modes: readonly SinkMode[],
  ): Promise<SinkApplyReport> {
    const report = (
      status: SinkApplyStatus,
      reason: string,
      outcomes: ChangeOutcome[] = [],
    ): SinkApplyReport => ({
      sink: sink.name,
      status,
      reason,
      outcomes,
    });
    if (plan.status === 'error') return report('error', plan.reason);
    // A self-proposing sink in mode propose only opens a pull request: it runs like mode apply.
    const mode = plan.mode === 'propose' && sink.proposesItself ? 'apply' : plan.mode;
    if (!modes.includes(mode)) return report('skipped', `mode ${plan.mode}`);
    if (plan.status === 'refused' && !request.force) return report('refused', plan.reason);
    if (plan.changes.length === 0) return report('nothing-to-do', '');

    const log = this.options.log.child({ sink: sink.name });
    const signal = request.signal ?? new AbortController().signal;
    const outcomes: ChangeOutcome[] = [];
    for (const change of plan.changes) {
      const target = changeTarget(change);
      const base = {
        sink: sink.name,
        op: change.op,
        kind: target.kind,
        key: target.key,
        source: sourceOf(change),
      };
      let outcome: ChangeOutcome;
      if (change.forced && !request.force) {
        outcome = {
          ...base,
          outcome: 'skipped',
          reason: 'forced change: needs --force or approval with force',
        };
      } else {
        try {
          const result = await sink.apply(change, { log, signal });
          outcome = { ...base, outcome: result.outcome, ...(result.note ? { note: result.note } : {}) };
          log.info(
            { op: change.op, kind: target.kind, key: target.key, outcome: result.outcome },
            'change applied',
          );
        } catch (err) {
          const error = toSyncError(err);
          outcome = { ...base, outcome: 'failed', reason: error.message, errorCode: error.code };
          log.warn({ err: error, op: change.op, kind: target.kind, key: target.key }, 'change failed');
        }
      }
      outcomes.push(outcome);
      request.onOutcome?.(outcome);
    }
    const failed = outcomes.filter((o) => o.outcome === 'failed').length;
    return failed > 0
      ? report('partial', `${failed} change(s) failed`, outcomes)
      : report('applied', '', outcomes);
  }

  private async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.locks.set(
      name,
      next.catch(() => undefined),
    );
    return next;
  }
}

type Observation =
  { readonly ok: true; readonly snapshot: Snapshot } | { readonly ok: false; readonly error: SyncError };

function sourceOf(change: Change): string | null {
  const resource = change.op === 'delete' ? change.before : change.after;
  return resource.meta.source ?? resource.meta.owner?.ref ?? null;
}

function errorPlan(sink: Sink, error: SyncError): SinkPlan {
  return {
    sink: sink.name,
    type: sink.type,
    mode: sink.settings.mode,
    status: 'error',
    reason: error.message,
    errorCode: error.code,
    counts: { create: 0, update: 0, delete: 0, conflict: 0 },
    changes: [],
    conflicts: [],
    skipped: [],
    unmanaged: [],
    owned: 0,
  };
}
