import type { Logger } from 'pino';
import type { CertificateReport, SinkCertificates } from '../server/app.js';
import type { Metrics } from '../server/metrics.js';
import { isCertificateSink, type CertificateSink } from '../sinks/cert-common/cert-sink.js';
import type { Sink } from '../sinks/sink.js';

export interface CertificateWatchDeps {
  /** Every configured sink; only certificate sinks (step-ca, acme) are read. */
  readonly sinks: readonly Sink[];
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => Date;
}

/**
 * Reads the certificate stores of the certificate sinks after each run: the expiry gauge
 * (`nbsync_certificate_expiry_timestamp_seconds{sink,name}`) and what `GET /v1/status` shows.
 * A store that cannot be read keeps its last values (and is logged); it never fails a run.
 */
export class CertificateWatch implements CertificateReport {
  private readonly sinks: readonly CertificateSink[];
  private readonly last = new Map<string, SinkCertificates>();

  constructor(private readonly deps: CertificateWatchDeps) {
    this.sinks = deps.sinks.filter(isCertificateSink);
  }

  /** True when at least one sink holds certificates. */
  get watching(): boolean {
    return this.sinks.length > 0;
  }

  async refresh(): Promise<void> {
    await Promise.all(
      this.sinks.map(async (sink) => {
        try {
          const expiries = await sink.certificateExpiries();
          this.deps.metrics.certificateExpiries(sink.name, expiries);
          this.last.set(sink.name, { readAt: this.deps.now(), expiries });
        } catch (err) {
          this.deps.log.warn({ err, sink: sink.name }, 'certificate store read failed');
        }
      }),
    );
  }

  certificates(sink: string): SinkCertificates | null {
    return this.last.get(sink) ?? null;
  }
}
