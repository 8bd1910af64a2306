export interface DebouncerOptions<T> {
  /** Quiet time after the last item before flushing. */
  readonly delayMs: number;
  /** Flush at the latest this long after the first item, however busy (a steady stream still lands). */
  readonly maxWaitMs: number;
  readonly onFlush: (items: T[]) => void;
}

/**
 * Collects items and hands them over in one batch once no new item came for `delayMs`
 * (or `maxWaitMs` after the first). Coalescing by object happens in the batch's consumer.
 */
export class Debouncer<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private firstAt = 0;
  private stopped = false;

  constructor(
    private readonly options: DebouncerOptions<T>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    if (this.stopped) return;
    if (this.items.length === 0) this.firstAt = this.now();
    this.items.push(item);
    if (this.timer) clearTimeout(this.timer);
    const waited = this.now() - this.firstAt;
    const delay = Math.max(0, Math.min(this.options.delayMs, this.options.maxWaitMs - waited));
    this.timer = setTimeout(() => this.flush(), delay);
  }

  /** Hand over what is collected now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.options.onFlush(batch);
  }

  /** Stop without flushing (the items stay pending in the store for the next start). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
  }
}
