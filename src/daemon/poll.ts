import type { Logger } from 'pino';
import type { EventInput } from '../store/events.js';
import type { Store } from '../store/store.js';
import type { ChangeFeed, ObjectChange } from './ports.js';

const CURSOR = 'poll.cursor';
const EVENT_OF_ACTION: Record<ObjectChange['action'], string> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
};

export interface PollDeps {
  readonly feed: ChangeFeed;
  readonly store: Store;
  readonly accept: (input: EventInput) => unknown;
  readonly log: Logger;
  readonly now: () => Date;
}

/**
 * `schedule.pollChanges`: read NetBox's change log since the stored cursor and take each row
 * in as an event (deletions included), exactly like a webhook. Rows are keyed by their change id,
 * so an overlapping window stores nothing twice. The first poll starts from now: the full sync
 * at start covers what came before.
 */
export async function pollChanges(deps: PollDeps, signal: AbortSignal): Promise<number> {
  const { store, now } = deps;
  const since = store.state.getMeta(CURSOR);
  if (since === undefined) {
    store.state.setMeta(CURSOR, now().toISOString());
    return 0;
  }
  const changes = await deps.feed.objectChanges(since, signal);
  let cursor = since;
  for (const change of changes) {
    deps.accept({
      receivedAt: now().toISOString(),
      origin: 'poll',
      objectType: change.objectType,
      objectId: change.objectId,
      event: EVENT_OF_ACTION[change.action],
      requestId: change.requestId,
      username: change.username,
      payloadHash: `objectchange:${change.id}`,
      related: [],
    });
    if (Date.parse(change.time) > Date.parse(cursor)) cursor = change.time;
  }
  store.state.setMeta(CURSOR, cursor);
  if (changes.length > 0) deps.log.info({ changes: changes.length, since }, 'change log polled');
  return changes.length;
}
