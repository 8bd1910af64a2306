import type { Logger } from 'pino';
import {
  blockerOf,
  normalizeMac,
  parseReservationKey,
  RESERVATION_KIND,
  type ReservationKey,
} from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import { formatOwnerMark, parseOwnerMark } from '../../model/owner.js';
import type { Change } from '../../model/plan.js';
import type { Resource } from '../../model/resource.js';
import type { ApplyResult } from '../sink.js';
import { technitiumMessage } from '../technitium-common/api.js';
import { type ReservedLease, technitiumMac, type TechnitiumDhcpClient } from './client.js';

export interface ApplyContext {
  readonly client: TechnitiumDhcpClient;
  readonly instance: string;
  /** `releaseConflictingLeases`: free a dynamic lease of another MAC on the address first. */
  readonly releaseLeases: boolean;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

const NOOP: ApplyResult = { outcome: 'noop' };

/**
 * One reservation change. Technitium has no update call and `scopes/set` with `reservedLeases`
 * rewrites every reservation of the scope, so writes go one reservation at a time through
 * addReservedLease / removeReservedLease, and an update is a remove plus an add (the old
 * reservation is put back when the add fails). Every write first reads the scope, so applying the
 * same change twice is a no-op the second time.
 */
export async function applyReservation(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const target = change.op === 'delete' ? change.before : change.after;
  const key = parseReservationKey(target.key);
  if (target.kind !== RESERVATION_KIND || key === null) {
    throw new SyncError('INTERNAL', `technitium-dhcp cannot apply ${target.kind} ${target.key}`);
  }
  switch (change.op) {
    case 'create':
      return create(key, change.after, ctx);
    case 'update':
      return update(key, change.before, change.after, ctx);
    case 'delete':
      return remove(key, ctx);
  }
}

async function create(key: ReservationKey, after: Resource, ctx: ApplyContext): Promise<ApplyResult> {
  const want = specOf(after);
  const released = ctx.releaseLeases ? await releaseLeases(key, want.ip, ctx) : [];
  try {
    await add(key, after, ctx);
    return applied(released);
  } catch (err) {
    // The refusal text differs between versions ("…already exists…", "Failed to add reserved
    // lease…"): read the scope back instead of matching it.
    if (technitiumMessage(err) === undefined) throw err;
    const current = await find(key, ctx);
    if (!current) throw err;
    if (isOurs(current, ctx) && matches(current, want)) return NOOP;
    throw new SyncError(
      'SINK_REJECTED',
      `scope ${key.scope} already has a reservation for ${key.mac} that this nbsync instance did not write ` +
        `(${current?.address ?? 'unknown address'}); remove it, or set adopt: true to take it over`,
      { cause: err },
    );
  }
}

async function update(
  key: ReservationKey,
  before: Resource,
  after: Resource,
  ctx: ApplyContext,
): Promise<ApplyResult> {
  const want = specOf(after);
  const current = await find(key, ctx);
  if (current) {
    const owner = parseOwnerMark(current.comments);
    if (owner && owner.instance !== ctx.instance) {
      throw new SyncError(
        'SINK_REJECTED',
        `reservation ${key.mac} in ${key.scope} is now marked "${formatOwnerMark(owner)}"; not changing it`,
      );
    }
    if (!owner && before.meta.owner) {
      throw new SyncError(
        'SINK_REJECTED',
        `reservation ${key.mac} in ${key.scope} lost its owner mark since the plan; not changing it`,
      );
    }
    if (owner && matches(current, want)) return NOOP;
  }
  const blocker = blockerOf(before);
  let released: string[] = [];
  if (blocker?.type === 'reservation' && blocker.mac !== null) {
    // adopt: the unmarked reservation of another MAC holding the address goes.
    const other = await find({ scope: key.scope, mac: blocker.mac }, ctx);
    if (other && parseOwnerMark(other.comments) === null && other.address === blocker.ip) {
      await ctx.client.removeReservedLease(key.scope, other.hardwareAddress, ctx.signal);
      released.push(`removed the unmarked reservation of ${other.hardwareAddress} on ${blocker.ip}`);
    }
  } else if (blocker?.type === 'lease' || ctx.releaseLeases) {
    released = await releaseLeases(key, want.ip, ctx); // adopt of a lease, or releaseConflictingLeases
  }
  if (current) await ctx.client.removeReservedLease(key.scope, current.hardwareAddress, ctx.signal);
  try {
    await add(key, after, ctx);
  } catch (err) {
    if (current) await restore(key, current, ctx);
    throw err;
  }
  return applied(released);
}

async function remove(key: ReservationKey, ctx: ApplyContext): Promise<ApplyResult> {
  const current = await find(key, ctx);
  if (!current) return NOOP;
  const owner = parseOwnerMark(current.comments);
  if (owner?.instance !== ctx.instance) {
    const mark = owner ? `marked "${formatOwnerMark(owner)}"` : 'unmarked';
    throw new SyncError(
      'SINK_REJECTED',
      `reservation ${key.mac} in ${key.scope} is now ${mark}; not deleting it`,
    );
  }
  try {
    await ctx.client.removeReservedLease(key.scope, current.hardwareAddress, ctx.signal);
  } catch (err) {
    if (technitiumMessage(err) !== undefined && (await find(key, ctx)) === undefined) return NOOP; // gone meanwhile
    throw err;
  }
  return { outcome: 'applied' };
}

async function add(key: ReservationKey, after: Resource, ctx: ApplyContext): Promise<void> {
  const want = specOf(after);
  const comments = formatOwnerMark({ instance: ctx.instance, ref: after.meta.source ?? '' });
  await ctx.client.addReservedLease(
    {
      name: key.scope,
      hardwareAddress: technitiumMac(key.mac),
      ipAddress: want.ip,
      ...(want.hostName ? { hostName: want.hostName } : {}),
      comments,
    },
    ctx.signal,
  );
}

/** Put back a reservation removed for an update whose add failed; a failure here is logged only. */
async function restore(key: ReservationKey, old: ReservedLease, ctx: ApplyContext): Promise<void> {
  try {
    await ctx.client.addReservedLease(
      {
        name: key.scope,
        hardwareAddress: old.hardwareAddress,
        ipAddress: old.address,
        ...(old.hostName ? { hostName: old.hostName } : {}),
        ...(old.comments ? { comments: old.comments } : {}),
      },
      ctx.signal,
    );
  } catch (err) {
    ctx.log.error(
      { err, scope: key.scope, mac: key.mac },
      'could not restore a reservation after a failed update',
    );
  }
}

/**
 * Free dynamic leases holding `ip` in the scope for another MAC (`releaseConflictingLeases`, or
 * adopt), read fresh from leases/list so a lease that ended meanwhile is left alone.
 */
async function releaseLeases(key: ReservationKey, ip: string, ctx: ApplyContext): Promise<string[]> {
  const notes: string[] = [];
  const leases = await ctx.client.listLeases(ctx.signal);
  for (const lease of leases) {
    if (lease.scope !== key.scope || lease.address !== ip || lease.type.toLowerCase() !== 'dynamic') continue;
    if (normalizeMac(lease.hardwareAddress) === key.mac) continue;
    try {
      await ctx.client.removeLease(key.scope, lease.hardwareAddress, ctx.signal);
    } catch (err) {
      if (technitiumMessage(err) === undefined) throw err;
      const still = (await ctx.client.listLeases(ctx.signal)).some(
        (l) => l.scope === key.scope && l.address === ip && l.hardwareAddress === lease.hardwareAddress,
      );
      if (still) throw err;
      continue; // ended meanwhile
    }
    ctx.log.info(
      { scope: key.scope, ip, leaseMac: lease.hardwareAddress },
      'released a conflicting dynamic lease',
    );
    notes.push(`released the dynamic lease of ${lease.hardwareAddress} on ${ip}`);
  }
  return notes;
}

async function find(key: ReservationKey, ctx: ApplyContext): Promise<ReservedLease | undefined> {
  const scope = await ctx.client.getScope(key.scope, ctx.signal);
  return scope.reservedLeases.find((r) => normalizeMac(r.hardwareAddress) === key.mac);
}

function isOurs(lease: ReservedLease, ctx: ApplyContext): boolean {
  return parseOwnerMark(lease.comments)?.instance === ctx.instance;
}

function matches(lease: ReservedLease, want: { ip: string; hostName: string }): boolean {
  return lease.address === want.ip && (lease.hostName ?? '') === want.hostName;
}

function specOf(resource: Resource): { ip: string; hostName: string } {
  const { ip, hostName } = resource.spec;
  if (typeof ip !== 'string' || typeof hostName !== 'string') {
    throw new SyncError('INTERNAL', `reservation ${resource.key} has no ip/hostName in its spec`);
  }
  return { ip, hostName };
}

function applied(notes: readonly string[]): ApplyResult {
  return notes.length > 0 ? { outcome: 'applied', note: notes.join('; ') } : { outcome: 'applied' };
}
