import { SyncError } from '../../src/model/errors.js';
import { ip, ipInventory } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { sinkContract } from './sink-contract.js';

// The reference implementation: proves the suite itself can pass and fail on a trivial sink.
sinkContract('memory (reference)', async () => {
  const sink = new MemorySink();
  let failRead = false;
  let rejectWrite = false;
  const observe = sink.observe.bind(sink);
  sink.observe = async (ctx) => {
    if (failRead) {
      failRead = false;
      throw new SyncError('SINK_HTTP', 'page 2 failed');
    }
    return observe(ctx);
  };
  sink.failApply = () => {
    if (!rejectWrite) return null;
    rejectWrite = false;
    return new SyncError('SINK_REJECTED', 'rejected');
  };
  return {
    sink,
    inventory: ipInventory([
      ip(1, 'a.int.lavaduck.net', '10.0.0.1/24'),
      ip(2, 'b.int.lavaduck.net', '10.0.0.2/24'),
    ]),
    seedForeign: async () => {
      sink.target.set('a.int.lavaduck.net/10.0.0.1', { ttl: 60, comment: 'hand-made' });
      sink.target.set('z.int.lavaduck.net/10.0.0.9', { ttl: 60, comment: 'nbsync:other ipam.ipaddress/9' });
      return { unmarkedKey: 'a.int.lavaduck.net/10.0.0.1', foreignKey: 'z.int.lavaduck.net/10.0.0.9' };
    },
    failNextRead: () => {
      failRead = true;
    },
    rejectNextWrite: () => {
      rejectWrite = true;
    },
    teardown: async () => {},
  };
});
