import type { Logger } from 'pino';
import type { SyncError } from '../model/errors.js';
import type { ApplyReport, ChangeOutcome, SinkApplyReport } from '../reconcile/controller.js';
import { newId, planToJson } from '../reconcile/plan-json.js';
import type { SinkPlan } from '../model/plan.js';
import type { Metrics } from '../server/metrics.js';
import type { PlanScope } from '../store/plans.js';
import type { RunStatus, RunTrigger } from '../store/runs.js';
import type { SinkOutcome } from '../store/state.js';
import type { Store } from '../store/store.js';

/** A run in progress: its id, its logger, and the callback that audits each change as it happens. */
export interface RunHandle {
  readonly id: string;
  readonly trigger: RunTrigger;
  readonly startedAt: Date;
  readonly log: Logger;
  readonly outcomes: ChangeOutcome[];
  onOutcome(outcome: ChangeOutcome): void;
}

export interface RecorderDeps {
  readonly store: Store;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => Date;
}

/** Writes runs, plans, audit rows and sink status to the store, and the matching metrics and logs. */
export class RunRecorder {
  constructor(private readonly deps: RecorderDeps) {}

  begin(trigger: RunTrigger): RunHandle {
    const { store, metrics, now } = this.deps;
    const startedAt = now();
    const id = newId('run', startedAt);
    store.runs.start(id, trigger, startedAt.toISOString());
    const log = this.deps.log.child({ run: id, trigger });
    const outcomes: ChangeOutcome[] = [];
    return {
      id,
      trigger,
      startedAt,
      log,
      outcomes,
      onOutcome: (o) => {
        outcomes.push(o);
        store.runs.addChange(id, now().toISOString(), { ...o, error: o.reason ?? null });
        metrics.changeApplied(o.sink, o.op, o.outcome);
      },
    };
  }

  /**
   * Close a run that produced a report. `complete`: every object of each sink was planned (not
   * a targeted run), so owned and pending counts can be updated; `planScope` labels the stored plan.
   */
  finish(
    run: RunHandle,
    report: ApplyReport,
    options: { planScope: PlanScope; complete: boolean; extra?: Record<string, unknown> },
  ): RunStatus {
    const { planScope, complete } = options;
    const { store, metrics } = this.deps;
    const at = this.deps.now();
    store.plans.save(planToJson(report.plan), planScope);
    const plans = new Map(report.plan.sinks.map((p) => [p.sink, p]));
    const sinks = report.sinks.map((sinkReport) => {
      const plan = plans.get(sinkReport.sink);
      const outcome = sinkOutcome(sinkReport, plan);
      const counts =
        complete && plan && plan.status !== 'error'
          ? { owned: plan.owned, pending: pendingOf(sinkReport, plan) }
          : {};
      const state = store.state.recordSink(sinkReport.sink, {
        runId: run.id,
        at: at.toISOString(),
        status: sinkReport.status,
        outcome,
        ...(outcome === 'success' ? {} : { error: sinkReport.reason || sinkReport.status }),
        ...counts,
      });
      if (outcome === 'success') metrics.sinkSucceeded(sinkReport.sink, at);
      else metrics.sinkErrors(sinkReport.sink, state.consecutiveErrors);
      metrics.sinkCounts(sinkReport.sink, counts);
      const tally = countOutcomes(sinkReport.outcomes);
      run.log.info(
        {
          sink: sinkReport.sink,
          status: sinkReport.status,
          reason: sinkReport.reason || undefined,
          ...plan?.counts,
          ...tally,
        },
        'sink done',
      );
      return {
        sink: sinkReport.sink,
        status: sinkReport.status,
        reason: sinkReport.reason,
        counts: plan?.counts,
        ...tally,
      };
    });
    const statuses = report.sinks.map((s) => s.status);
    const status: RunStatus = report.ok
      ? 'ok'
      : statuses.includes('refused') && !statuses.some((s) => s === 'error' || s === 'partial')
        ? 'refused'
        : 'error';
    this.close(
      run,
      status,
      at,
      { scope: planScope, ...options.extra, sinks },
      report.plan.id,
      report.plan.checksum,
    );
    return status;
  }

  /** Close a run that failed before it had a report (NetBox unreadable, stale checksum…). */
  fail(
    run: RunHandle,
    error: SyncError,
    status: 'error' | 'stale',
    failedSinks: readonly string[],
    extra: Record<string, unknown> = {},
  ): void {
    const at = this.deps.now();
    for (const sink of failedSinks) {
      const state = this.deps.store.state.recordSink(sink, {
        runId: run.id,
        at: at.toISOString(),
        status: 'error',
        outcome: 'error',
        error: error.message,
      });
      this.deps.metrics.sinkErrors(sink, state.consecutiveErrors);
    }
    run.log.warn({ code: error.code, err: error }, 'run failed');
    this.close(
      run,
      status,
      at,
      { ...extra, error: { code: error.code, message: error.message } },
      null,
      null,
    );
  }

  private close(
    run: RunHandle,
    status: Exclude<RunStatus, 'running'>,
    at: Date,
    summary: Record<string, unknown>,
    planId: string | null,
    checksum: string | null,
  ): void {
    const seconds = (at.getTime() - run.startedAt.getTime()) / 1000;
    this.deps.store.runs.finish(run.id, { status, finishedAt: at.toISOString(), planId, checksum, summary });
    this.deps.metrics.runFinished(run.trigger, status, seconds);
    run.log.info({ status, seconds, changes: run.outcomes.length }, 'run finished');
  }
}

function sinkOutcome(report: SinkApplyReport, plan: SinkPlan | undefined): SinkOutcome {
  if (report.status === 'error' || report.status === 'partial' || plan?.status === 'error') return 'error';
  if (report.status === 'refused') return 'neutral';
  return 'success';
}

/** Changes planned and not applied: all of them unless applied now, then those that failed or were skipped. */
function pendingOf(report: SinkApplyReport, plan: SinkPlan): number {
  if (report.status === 'applied' || report.status === 'partial') {
    return report.outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'skipped').length;
  }
  return plan.changes.length;
}

function countOutcomes(
  outcomes: readonly ChangeOutcome[],
): Record<'applied' | 'noop' | 'failed' | 'skipped', number> {
  const tally = { applied: 0, noop: 0, failed: 0, skipped: 0 };
  for (const o of outcomes) tally[o.outcome] += 1;
  return tally;
}
