/** A fault to inject into matching requests. */
export interface FaultRule {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** A string matches the path exactly (query ignored); a RegExp is tested on path + query. */
  path: RegExp | string;
  /**
   * Status to answer. `'network-error'` makes fetch reject (a `Response.error()`; over
   * `serveFake` that shows as a 500). Omit it with `delayMs` to only slow the request down.
   */
  status?: number | 'network-error';
  /** How many matching requests fail (default: all). */
  times?: number;
  /** Let this many matching requests through first (so `after: 2` fails the third). */
  after?: number;
  /** Body to answer (JSON); default NetBox's error shape for the status. */
  body?: unknown;
  /** Wait this long before answering (the request's abort signal cuts it short). */
  delayMs?: number;
}

/** What the fake does for one request. */
export interface FaultAction {
  readonly status?: number | 'network-error';
  readonly body?: unknown;
  readonly delayMs?: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
}

/** Fault injection: rules are checked in the order they were added; the first one that fires wins. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** Add a rule; returns a function that removes it. */
  failOn(rule: FaultRule): () => void {
    const active: ActiveRule = { rule, seen: 0, fired: 0 };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any rule fires (counts are updated). */
  match(method: string, url: URL): FaultAction | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const matches =
        typeof rule.path === 'string'
          ? url.pathname === rule.path
          : rule.path.test(url.pathname + url.search);
      if (!matches) continue;
      active.seen++;
      if (active.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      active.fired++;
      return { status: rule.status, body: rule.body, delayMs: rule.delayMs };
    }
    return undefined;
  }
}

/** Resolve after `ms`, or early when the request is aborted. */
export function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
