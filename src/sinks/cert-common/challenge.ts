import type { RunContext, Sink } from '../sink.js';

/**
 * What a DNS sink offers so that ACME dns-01 can go through it (DESIGN §5 `acme.challenge.
 * dnsSink`): publish and remove one TXT record, outside its reconcile plan. A DNS sink that
 * implements these two methods can be named as `dnsSink`.
 *
 * Invariants: `publishTxt` returns once the record is served by the sink's server (not just
 * queued); publishing the same name and value twice is a no-op; `removeTxt` removes only that
 * value and succeeds when it is already gone.
 */
export interface TxtRecordPublisher {
  /** Publish `value` as a TXT record at `fqdn` (e.g. `_acme-challenge.app1.example.net`). */
  publishTxt(fqdn: string, value: string, ctx: RunContext): Promise<void>;
  /** Remove that TXT value again. */
  removeTxt(fqdn: string, value: string, ctx: RunContext): Promise<void>;
}

/** True when `sink` can publish ACME dns-01 TXT records. */
export function isTxtRecordPublisher(sink: Sink | undefined): sink is Sink & TxtRecordPublisher {
  if (sink === undefined) return false;
  const candidate = sink as Partial<TxtRecordPublisher>;
  return typeof candidate.publishTxt === 'function' && typeof candidate.removeTxt === 'function';
}
