import type { StoredEvent } from '../store/events.js';
import type { Store } from '../store/store.js';

/**
 * Recognises events caused by nbsync's own writes to NetBox: by the request id NetBox answered
 * our write with (`X-Request-ID`, the same id as the webhook's `request.id`), kept in the store
 * so it survives a restart; or by the NetBox user of nbsync's token when it is known.
 */
export class EchoFilter {
  constructor(
    private readonly store: Store,
    private readonly username: string | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Remember a request id of one of our writes (call it with the `X-Request-ID` response header). */
  remember(requestId: string | null | undefined): void {
    if (requestId) this.store.state.rememberOwnRequest(requestId, this.now().toISOString());
  }

  isEcho(event: Pick<StoredEvent, 'requestId' | 'username'>): boolean {
    if (event.requestId && this.store.state.isOwnRequest(event.requestId)) return true;
    return this.username !== null && event.username === this.username;
  }
}
