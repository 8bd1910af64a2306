// The parts of a kea-dhcp4 configuration (as config-get returns it) the sink reads and edits:
// `subnet4[]` and `shared-networks[].subnet4[]`, and their `reservations[]`. Everything else is
// carried through untouched. Pure functions; the sink does the I/O.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  blockerOf,
  normalizeCidr,
  normalizeMac,
  type ReservationKey,
  type SeenReservation,
} from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import { formatOwnerMark, parseOwnerMark } from '../../model/owner.js';
import type { Change } from '../../model/plan.js';
import type { Resource } from '../../model/resource.js';

/** The key of our owner mark inside a reservation's `user-context`. */
export const USER_CONTEXT_KEY = 'nbsync';

type JsonObject = Record<string, unknown>;

const reservationSchema = z.looseObject({
  'hw-address': z.string().optional(),
  'ip-address': z.string().optional(),
  hostname: z.string().optional(),
  'user-context': z.record(z.string(), z.unknown()).optional(),
});
const subnetSchema = z.looseObject({
  id: z.number().int(),
  subnet: z.string(),
  reservations: z.array(reservationSchema).optional(),
});
const dhcp4Schema = z.looseObject({
  subnet4: z.array(subnetSchema).optional(),
  'shared-networks': z
    .array(z.looseObject({ name: z.string().optional(), subnet4: z.array(subnetSchema).optional() }))
    .optional(),
});

/** A `subnet4` entry: its id, normalised CIDR, and the object itself (edits go into it). */
export interface KeaSubnet {
  readonly id: number;
  readonly cidr: string;
  readonly node: JsonObject;
}

/** Check the shape nbsync relies on; throws SINK_PARSE naming the first problem. */
export function readDhcp4(value: unknown, where: string): JsonObject {
  const root = z.looseObject({ Dhcp4: dhcp4Schema }).safeParse(value);
  if (!root.success) {
    const issue = root.error.issues[0];
    throw new SyncError(
      'SINK_PARSE',
      `${where} answered config-get with a configuration nbsync cannot read (at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'})`,
    );
  }
  return root.data.Dhcp4 as JsonObject;
}

/** Every IPv4 subnet, top-level and inside shared networks, in configuration order. */
export function subnetsOf(dhcp4: JsonObject, where: string): KeaSubnet[] {
  const nodes: JsonObject[] = [...asObjects(dhcp4.subnet4)];
  for (const network of asObjects(dhcp4['shared-networks'])) nodes.push(...asObjects(network.subnet4));
  return nodes.map((node) => {
    const cidr = typeof node.subnet === 'string' ? normalizeCidr(node.subnet) : null;
    if (cidr === null || typeof node.id !== 'number') {
      throw new SyncError(
        'SINK_PARSE',
        `${where}: subnet4 entry ${JSON.stringify(node.subnet)} has no readable subnet or id`,
      );
    }
    return { id: node.id, cidr, node };
  });
}

/** A subnet's reservations as the shared mapping reads them; non-MAC ones get `mac: null`. */
export function seenReservations(subnet: KeaSubnet): SeenReservation[] {
  return asObjects(subnet.node.reservations).map((r) => {
    const hw = typeof r['hw-address'] === 'string' ? normalizeMac(r['hw-address']) : null;
    return {
      scope: subnet.cidr,
      mac: hw,
      ip: typeof r['ip-address'] === 'string' ? r['ip-address'] : '',
      hostName: typeof r.hostname === 'string' ? r.hostname : '',
      owner: ownerOf(r),
    };
  });
}

/** SHA-256 over the canonical JSON of the Dhcp4 object: equal configurations, equal hashes. */
export function configHash(dhcp4: JsonObject): string {
  return createHash('sha256').update(canonical(dhcp4)).digest('hex');
}

/**
 * Apply one reservation change to a subnet object in place. Returns `false` when the subnet
 * already is as wanted (nothing to write). Throws SINK_REJECTED when the reservation there is
 * not this instance's to change.
 */
export function editSubnet(
  subnet: KeaSubnet,
  key: ReservationKey,
  change: Change,
  instance: string,
): boolean {
  const list = asObjects(subnet.node.reservations);
  subnet.node.reservations = list;
  const index = list.findIndex(
    (r) => typeof r['hw-address'] === 'string' && normalizeMac(r['hw-address']) === key.mac,
  );
  const current = index === -1 ? undefined : list[index];
  const owner = current ? ownerOf(current) : null;
  const where = `reservation ${key.mac} in subnet ${key.scope}`;

  if (change.op === 'delete') {
    if (!current) return false;
    if (owner?.instance !== instance) {
      throw new SyncError(
        'SINK_REJECTED',
        `${where} is now ${owner ? `marked "${formatOwnerMark(owner)}"` : 'unmarked'}; not deleting it`,
      );
    }
    list.splice(index, 1);
    return true;
  }

  const want = specOf(change.after);
  const mark = formatOwnerMark({ instance, ref: change.after.meta.source ?? '' });
  if (current) {
    if (owner && owner.instance !== instance) {
      throw new SyncError('SINK_REJECTED', `${where} is marked "${formatOwnerMark(owner)}"; not changing it`);
    }
    const adopting = change.op === 'update' && !change.before.meta.owner;
    if (!owner && !adopting) {
      throw new SyncError(
        'SINK_REJECTED',
        `${where} exists without this nbsync instance's mark (${String(current['ip-address'] ?? 'no address')}); remove it, or set adopt: true to take it over`,
      );
    }
    if (owner && matches(current, want)) return false;
  }
  if (change.op === 'update') removeBlocker(list, change.before, key, instance);
  const entry: JsonObject = current ?? { 'hw-address': key.mac };
  entry['ip-address'] = want.ip;
  if (want.hostName) entry.hostname = want.hostName;
  else delete entry.hostname;
  entry['user-context'] = { ...asObject(entry['user-context']), [USER_CONTEXT_KEY]: mark };
  if (!current) list.push(entry);
  return true;
}

/** With adopt, an unmarked reservation of another client holding the address goes. */
function removeBlocker(list: JsonObject[], before: Resource, key: ReservationKey, instance: string): void {
  const blocker = blockerOf(before);
  if (blocker?.type !== 'reservation') return;
  const index = list.findIndex((r) => {
    const mac = typeof r['hw-address'] === 'string' ? normalizeMac(r['hw-address']) : null;
    return (
      r['ip-address'] === blocker.ip &&
      mac !== key.mac &&
      mac === blocker.mac &&
      ownerOf(r)?.instance !== instance
    );
  });
  if (index !== -1 && ownerOf(list[index] as JsonObject) === null) list.splice(index, 1);
}

function ownerOf(reservation: JsonObject): ReturnType<typeof parseOwnerMark> {
  const mark = asObject(reservation['user-context'])[USER_CONTEXT_KEY];
  return typeof mark === 'string' ? parseOwnerMark(mark) : null;
}

function matches(r: JsonObject, want: { ip: string; hostName: string }): boolean {
  return r['ip-address'] === want.ip && (typeof r.hostname === 'string' ? r.hostname : '') === want.hostName;
}

function specOf(resource: Resource): { ip: string; hostName: string } {
  const { ip, hostName } = resource.spec;
  if (typeof ip !== 'string' || typeof hostName !== 'string') {
    throw new SyncError('INTERNAL', `reservation ${resource.key} has no ip/hostName in its spec`);
  }
  return { ip, hostName };
}

function asObjects(value: unknown): JsonObject[] {
  return Array.isArray(value)
    ? value.filter((v): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v))
    : [];
}

function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as JsonObject).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
