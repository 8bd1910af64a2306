import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One certificate's expiry as a certificate sink reports it. */
export interface CertificateExpiryPoint {
  readonly name: string;
  readonly notAfter: Date;
}

export type WebhookResult =
  'accepted' | 'duplicate' | 'unauthorized' | 'malformed' | 'too_large' | 'rate_limited' | 'draining';

/**
 * nbsync's Prometheus metrics, on a registry of its own (several daemons in one process, as in
 * tests, do not collide). Served as text by `GET /metrics`.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly lastSuccess: Gauge<'sink'>;
  private readonly consecutiveErrors: Gauge<'sink'>;
  private readonly pending: Gauge<'sink'>;
  private readonly owned: Gauge<'sink'>;
  private readonly applied: Counter<'sink' | 'op' | 'outcome'>;
  private readonly runDuration: Histogram<'trigger' | 'status'>;
  private readonly webhooks: Counter<'result'>;
  private readonly pendingEvents: Gauge;
  private readonly certificateExpiry: Gauge<'sink' | 'name'>;
  /** Certificate names with a series, per sink, so names gone from a store lose theirs. */
  private readonly certificateNames = new Map<string, Set<string>>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.lastSuccess = new Gauge({
      name: 'nbsync_sink_last_success_timestamp_seconds',
      help: 'Unix time of the last run that planned and applied a sink without error',
      labelNames: ['sink'],
      registers,
    });
    this.consecutiveErrors = new Gauge({
      name: 'nbsync_sink_consecutive_errors',
      help: 'Runs in a row in which the sink failed (read error or failed change)',
      labelNames: ['sink'],
      registers,
    });
    this.pending = new Gauge({
      name: 'nbsync_sink_pending_changes',
      help: 'Changes planned for the sink and not applied (awaiting approval, refused or failed)',
      labelNames: ['sink'],
      registers,
    });
    this.owned = new Gauge({
      name: 'nbsync_sink_owned_objects',
      help: 'Objects in the sink carrying this instance owner mark',
      labelNames: ['sink'],
      registers,
    });
    this.applied = new Counter({
      name: 'nbsync_applied_changes_total',
      help: 'Changes nbsync tried to apply, by sink, operation and outcome',
      labelNames: ['sink', 'op', 'outcome'],
      registers,
    });
    this.runDuration = new Histogram({
      name: 'nbsync_run_duration_seconds',
      help: 'Duration of reconcile runs',
      labelNames: ['trigger', 'status'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 180, 600],
      registers,
    });
    this.webhooks = new Counter({
      name: 'nbsync_webhook_events_total',
      help: 'Webhook requests received, by result',
      labelNames: ['result'],
      registers,
    });
    this.pendingEvents = new Gauge({
      name: 'nbsync_pending_events',
      help: 'Stored NetBox events not processed yet',
      registers,
    });
    this.certificateExpiry = new Gauge({
      name: 'nbsync_certificate_expiry_timestamp_seconds',
      help: 'Unix time at which a certificate in a certificate sink store expires (its notAfter)',
      labelNames: ['sink', 'name'],
      registers,
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'nbsync_' });
  }

  webhook(result: WebhookResult): void {
    this.webhooks.inc({ result });
  }

  changeApplied(sink: string, op: string, outcome: string): void {
    this.applied.inc({ sink, op, outcome });
  }

  runFinished(trigger: string, status: string, seconds: number): void {
    this.runDuration.observe({ trigger, status }, seconds);
  }

  sinkSucceeded(sink: string, at: Date): void {
    this.lastSuccess.set({ sink }, at.getTime() / 1000);
    this.consecutiveErrors.set({ sink }, 0);
  }

  sinkErrors(sink: string, count: number): void {
    this.consecutiveErrors.set({ sink }, count);
  }

  sinkCounts(sink: string, counts: { owned?: number; pending?: number }): void {
    if (counts.owned !== undefined) this.owned.set({ sink }, counts.owned);
    if (counts.pending !== undefined) this.pending.set({ sink }, counts.pending);
  }

  /**
   * Replace the expiry series of one certificate sink with what its store holds now: a
   * certificate that left the store loses its series.
   */
  certificateExpiries(sink: string, expiries: readonly CertificateExpiryPoint[]): void {
    const current = new Set(expiries.map((e) => e.name));
    for (const name of this.certificateNames.get(sink) ?? []) {
      if (!current.has(name)) this.certificateExpiry.remove({ sink, name });
    }
    for (const e of expiries) this.certificateExpiry.set({ sink, name: e.name }, e.notAfter.getTime() / 1000);
    this.certificateNames.set(sink, current);
  }

  setPendingEvents(count: number): void {
    this.pendingEvents.set(count);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
