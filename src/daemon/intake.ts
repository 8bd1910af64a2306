import type { Logger } from 'pino';
import type { Metrics } from '../server/metrics.js';
import type { EventInput, StoredEvent } from '../store/events.js';
import type { Store } from '../store/store.js';
import type { Debouncer } from './debounce.js';

/**
 * Event intake: commit to the store (synchronous, durable when it returns, before the webhook
 * answers 202), then hand to the debouncer. A redelivered payload is stored and queued once.
 */
export class Intake {
  constructor(
    private readonly store: Store,
    private readonly debouncer: Debouncer<StoredEvent>,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  accept(input: EventInput): { event: StoredEvent; duplicate: boolean } {
    const result = this.store.events.insert(input);
    if (!result.duplicate) this.debouncer.add(result.event);
    this.metrics.setPendingEvents(this.store.events.countPending());
    return result;
  }

  /** Queue the events a previous process stored and did not process (crash, kill -9, restart). */
  reloadPending(): number {
    const pending = this.store.events.pending();
    for (const event of pending) this.debouncer.add(event);
    if (pending.length > 0) this.log.info({ events: pending.length }, 'pending events reloaded');
    this.metrics.setPendingEvents(pending.length);
    return pending.length;
  }
}
