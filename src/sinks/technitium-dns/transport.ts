import { SyncError } from '../../model/errors.js';

// A deliberately small local stand-in for the shared retry wrapper (src/lib/http.ts) that was
// not in the tree when this sink was written; replace `callWithRetry` with it when it lands.

export interface RetryOptions {
  /** Per attempt. */
  readonly timeoutMs: number;
  /** Extra attempts after the first, for retryable SyncErrors only. */
  readonly retries: number;
  /** Delay before the first retry; doubles each time. */
  readonly retryDelayMs: number;
}

/** Run `attempt`, retrying retryable SyncErrors with exponential backoff until the signal aborts. */
export async function callWithRetry<T>(
  attempt: () => Promise<T>,
  options: RetryOptions,
  signal: AbortSignal,
): Promise<T> {
  for (let n = 0; ; n += 1) {
    try {
      return await attempt();
    } catch (err) {
      const retryable = err instanceof SyncError && err.retryable;
      if (!retryable || n >= options.retries || signal.aborted) throw err;
      await sleep(options.retryDelayMs * 2 ** n, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
