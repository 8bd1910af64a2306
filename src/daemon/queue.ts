import type { Logger } from 'pino';
import type { StoredEvent } from '../store/events.js';
import type { RunTrigger } from '../store/runs.js';

export interface RunWork {
  full(trigger: Extract<RunTrigger, 'full' | 'manual' | 'event'>): Promise<void>;
  events(batch: StoredEvent[]): Promise<void>;
}

/**
 * Runs one reconcile at a time, in order. Work that is queued and not started yet is merged:
 * event batches join the waiting batch (a bulk edit lands as a few applies, not one per object),
 * and a second full sync request joins the waiting one.
 */
export class RunQueue {
  private tail: Promise<void> = Promise.resolve();
  private waitingEvents: StoredEvent[] | null = null;
  private waitingFull: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly work: RunWork,
    private readonly log: Logger,
  ) {}

  full(trigger: Extract<RunTrigger, 'full' | 'manual' | 'event'>): Promise<void> {
    if (this.waitingFull) return this.waitingFull;
    const queued = this.enqueue(async () => {
      this.waitingFull = null;
      await this.work.full(trigger);
    });
    this.waitingFull = queued;
    return queued;
  }

  events(batch: readonly StoredEvent[]): void {
    if (batch.length === 0) return;
    if (this.waitingEvents) {
      this.waitingEvents.push(...batch);
      return;
    }
    this.waitingEvents = [...batch];
    void this.enqueue(async () => {
      const events = this.waitingEvents ?? [];
      this.waitingEvents = null;
      if (events.length > 0) await this.work.events(events);
    });
  }

  /** Resolves when nothing is running or waiting. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }

  /** Drop waiting work (its events stay pending in the store); the run in flight finishes. */
  stop(): void {
    this.stopped = true;
    this.waitingEvents = null;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.tail.then(async () => {
      if (this.stopped) return;
      try {
        await task();
      } catch (err) {
        this.log.error({ err }, 'run crashed');
      }
    });
    this.tail = run;
    return run;
  }
}
