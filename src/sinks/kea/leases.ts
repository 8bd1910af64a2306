// Active leases of the managed subnets, read through the lease_cmds hook library. Observe runs
// before NetBox is mapped, so it cannot ask for the wanted addresses one by one (lease4-get):
// one lease4-get-all for the managed subnets gives every lease that could be in the way.
import { z } from 'zod';
import { normalizeMac, type SeenLease } from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import type { KeaClient } from './client.js';
import type { KeaSubnet } from './kea-config.js';

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
  readonly lease4GetAll: boolean;
  readonly lease4Del: boolean;
}

export function leaseCommands(all: ReadonlySet<string>): LeaseCommands {
  return {
    lease4GetAll: all.has('lease4-get-all'),
    lease4Del: all.has('lease4-del'),
  };
}

/**
 * The active leases (state default, not expired at `nowMs`) of `subnets`; empty when kea-dhcp4
 * has no lease_cmds. A lease with another state (declined, expired-reclaimed) or past its
 * lifetime holds nothing.
 */
export async function activeLeases(
  client: KeaClient,
  subnets: readonly KeaSubnet[],
  commands: LeaseCommands,
  nowMs: number,
  signal: AbortSignal,
): Promise<SeenLease[]> {
  if (!commands.lease4GetAll || subnets.length === 0) return [];
  const scopeById = new Map(subnets.map((s) => [s.id, s.cidr]));
  const answer = await client.command('lease4-get-all', { subnets: subnets.map((s) => s.id) }, signal);
  const leases = parse(client, 'lease4-get-all', leaseListSchema, answer.arguments ?? { leases: [] }).leases;
  const seen: SeenLease[] = [];
  for (const lease of leases) {
    const scope = scopeById.get(lease['subnet-id']);
    if (scope === undefined || !isActive(lease, nowMs)) continue;
    const hw = lease['hw-address'] ?? '';
    seen.push({
      scope,
      mac: normalizeMac(hw) ?? hw.toLowerCase(),
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
