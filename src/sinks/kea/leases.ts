// Leases that hold an address a reservation wants, read through the lease_cmds hook library
// (lease4-get by address; lease4-get-all for the managed subnets when many addresses are open).
import { z } from 'zod';
import { normalizeMac, type SeenLease, type WantedReservation } from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import { KEA_EMPTY, type KeaClient } from './client.js';
import type { KeaSubnet } from './kea-config.js';

/** Above this many open addresses, one lease4-get-all replaces a lease4-get per address. */
export const LEASE_GET_ALL_THRESHOLD = 16;

const leaseSchema = z.looseObject({
  'ip-address': z.string(),
  'hw-address': z.string().optional(),
  'subnet-id': z.number().int(),
  hostname: z.string().optional(),
  state: z.number().int().optional(),
  cltt: z.number().optional(),
  'valid-lft': z.number().optional(),
});
const leaseListSchema = z.looseObject({ leases: z.array(leaseSchema) });
type KeaLease = z.infer<typeof leaseSchema>;

/** Which lease commands kea-dhcp4 offers (from list-commands). */
export interface LeaseCommands {
  readonly lease4Get: boolean;
  readonly lease4GetAll: boolean;
  readonly lease4Del: boolean;
}

export function leaseCommands(all: ReadonlySet<string>): LeaseCommands {
  return {
    lease4Get: all.has('lease4-get'),
    lease4GetAll: all.has('lease4-get-all'),
    lease4Del: all.has('lease4-del'),
  };
}

/**
 * The active leases (state default, not expired at `nowMs`) on the `open` addresses. A lease
 * with another state (declined, expired-reclaimed) or past its lifetime holds nothing.
 */
export async function activeLeases(
  client: KeaClient,
  open: readonly WantedReservation[],
  subnets: readonly KeaSubnet[],
  commands: LeaseCommands,
  nowMs: number,
  signal: AbortSignal,
): Promise<SeenLease[]> {
  const scopeById = new Map(subnets.map((s) => [s.id, s.cidr]));
  const wantedIps = new Set(open.map((w) => w.ip));
  let leases: KeaLease[];
  if (open.length > LEASE_GET_ALL_THRESHOLD && commands.lease4GetAll) {
    const ids = [
      ...new Set(
        open.map((w) => subnets.find((s) => s.cidr === w.scope)?.id).filter((id) => id !== undefined),
      ),
    ];
    const answer = await client.command('lease4-get-all', { subnets: ids }, signal);
    leases = parse(client, 'lease4-get-all', leaseListSchema, answer.arguments ?? { leases: [] }).leases;
  } else {
    leases = [];
    for (const ip of [...wantedIps].sort()) {
      const answer = await client.command('lease4-get', { 'ip-address': ip }, signal);
      if (answer.result === KEA_EMPTY) continue;
      leases.push(parse(client, `lease4-get ${ip}`, leaseSchema, answer.arguments));
    }
  }
  const seen: SeenLease[] = [];
  for (const lease of leases) {
    const scope = scopeById.get(lease['subnet-id']);
    if (scope === undefined || !wantedIps.has(lease['ip-address']) || !isActive(lease, nowMs)) continue;
    const mac = normalizeMac(lease['hw-address'] ?? '');
    seen.push({
      scope,
      mac: mac ?? (lease['hw-address'] ?? '').toLowerCase(),
      ip: lease['ip-address'],
      hostName: lease.hostname ?? '',
    });
  }
  return seen;
}

function isActive(lease: KeaLease, nowMs: number): boolean {
  if ((lease.state ?? 0) !== 0) return false;
  if (lease.cltt === undefined || lease['valid-lft'] === undefined) return true;
  return (lease.cltt + lease['valid-lft']) * 1000 > nowMs;
}

function parse<S extends z.ZodType>(client: KeaClient, what: string, schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SyncError(
    'SINK_PARSE',
    `${client.where} answered ${what} in an unexpected shape (at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'})`,
  );
}
