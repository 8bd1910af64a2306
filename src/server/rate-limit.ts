/** Bucket size and refill rate of the per-IP limit on the webhook route. */
export interface RateLimitOptions {
  /** Requests allowed in a burst (a NetBox bulk edit sends one webhook per object). */
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** Generous by default: a lost webhook costs a wait until the next full sync. */
export const DEFAULT_WEBHOOK_RATE_LIMIT: RateLimitOptions = { capacity: 2000, refillPerSecond: 200 };

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per client address. Full buckets are forgotten so the map stays small. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Take one token; returns `0` when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.refillPerSecond));
  }

  private refill(key: string, now: number): Bucket {
    const existing = this.buckets.get(key);
    const { capacity, refillPerSecond } = this.options;
    const bucket = existing ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    if (!existing) {
      if (this.buckets.size >= 10_000) this.sweep();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.at) / 1000) * this.options.refillPerSecond;
      if (tokens >= this.options.capacity) this.buckets.delete(key);
    }
  }
}
