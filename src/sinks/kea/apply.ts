import type { Logger } from 'pino';
import { blockerOf, parseReservationKey, RESERVATION_KIND } from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import type { Change } from '../../model/plan.js';
import type { ApplyResult } from '../sink.js';
import type { KeaClient } from './client.js';
import { configHash, editSubnet, readDhcp4, subnetsOf } from './kea-config.js';

export interface KeaApplyContext {
  readonly client: KeaClient;
  readonly instance: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

// One queue per Kea server: nbsync's own edits never interleave (each one rewrites the whole
// configuration), whichever sink or run makes them.
const queues = new Map<string, Promise<unknown>>();

function serialised<T>(server: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(server) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(server, settled);
  void settled.then(() => {
    if (queues.get(server) === settled) queues.delete(server);
  });
  return next;
}

/**
 * One reservation change, as a whole-configuration edit: config-get, edit the subnet's
 * `reservations` in a copy, config-test, config-get again and compare hashes (someone else
 * changed the configuration meanwhile → retryable SINK_REJECTED, nothing written), config-set,
 * config-write. The configuration file is rewritten by Kea from its running state (comments and
 * `<?include?>` are not kept). A change already in place is a no-op without any write.
 */
export function applyKeaChange(change: Change, ctx: KeaApplyContext): Promise<ApplyResult> {
  const target = change.op === 'delete' ? change.before : change.after;
  const key = parseReservationKey(target.key);
  if (target.kind !== RESERVATION_KIND || key === null) {
    return Promise.reject(new SyncError('INTERNAL', `kea cannot apply ${target.kind} ${target.key}`));
  }
  const { client, signal } = ctx;
  return serialised(client.identity, async () => {
    const original = readDhcp4(
      (await client.command('config-get', undefined, signal)).arguments,
      client.where,
    );
    const hash = configHash(original);
    const edited = structuredClone(original);
    const subnet = subnetsOf(edited, client.where).find((s) => s.cidr === key.scope);
    if (!subnet) {
      if (change.op === 'delete') return { outcome: 'noop' };
      throw new SyncError(
        'SINK_REJECTED',
        `subnet ${key.scope} is no longer in the configuration of ${client.where}`,
      );
    }
    if (!editSubnet(subnet, key, change, ctx.instance)) return { outcome: 'noop' };

    await client.command('config-test', { Dhcp4: edited }, signal);
    const current = readDhcp4(
      (await client.command('config-get', undefined, signal)).arguments,
      client.where,
    );
    if (configHash(current) !== hash) {
      throw new SyncError(
        'SINK_REJECTED',
        `the configuration of ${client.where} changed while nbsync was editing it (someone else wrote it); nothing was ` +
          'written, the next run tries again',
        { retryable: true },
      );
    }
    const blocker = change.op === 'update' ? blockerOf(change.before) : null;
    let note: string | undefined;
    if (blocker?.type === 'lease') {
      // adopt: the lease of another client on the address goes first (lease_cmds).
      const answer = await client.command('lease4-del', { 'ip-address': blocker.ip }, signal, {
        write: true,
      });
      if (answer.result === 0) note = `deleted the lease of ${blocker.mac} on ${blocker.ip}`;
    }
    await client.command('config-set', { Dhcp4: edited }, signal, { write: true });
    try {
      await client.command('config-write', {}, signal, { write: true });
    } catch (err) {
      throw new SyncError(
        'SINK_REJECTED',
        `${client.where} runs the new reservation but could not save its configuration (config-write: ` +
          `${err instanceof Error ? err.message : String(err)}); send config-write (e.g. with kea-shell) before kea-dhcp4 ` +
          'restarts, or the change is lost',
        { cause: err, retryable: true },
      );
    }
    ctx.log.debug({ key: target.key, op: change.op }, 'kea configuration written');
    return note === undefined ? { outcome: 'applied' } : { outcome: 'applied', note };
  });
}
