import {
  alignReservations,
  dhcpSnapshot,
  RESERVATION_KIND,
  reservationCandidates,
  type SeenReservation,
} from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import type { Change } from '../../model/plan.js';
import type { Desired, ResourceKind, Snapshot } from '../../model/resource.js';
import type { Aligned, ApplyResult, RunContext, Sink, SinkSettings } from '../sink.js';
import { applyKeaChange } from './apply.js';
import type { KeaClient } from './client.js';
import type { KeaConfig } from './config.js';
import { readDhcp4, seenReservations, type KeaSubnet, subnetsOf } from './kea-config.js';
import { activeLeases, leaseCommands, type LeaseCommands } from './leases.js';

export interface KeaSinkOptions {
  /** Clock for lease expiry, in ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
}

/** Commands the sink cannot work without (built into kea-dhcp4 since 1.x). */
export const REQUIRED_COMMANDS = ['config-get', 'config-test', 'config-set', 'config-write'] as const;

/**
 * Host reservations in ISC Kea DHCPv4 subnets, through the Kea Control Agent (DESIGN §6 "DHCP
 * reservations"), one resource per `<subnet CIDR>/<mac>`, owner mark in the reservation's
 * `user-context` (`{"nbsync": "nbsync:<instance> <ref>"}`). Kea without the `host_cmds` hook
 * (Debian's packages) has no reservation calls, so every change edits the whole configuration:
 * config-get → edit → config-test → config-get again (unchanged?) → config-set → config-write,
 * serialised per server (see apply.ts). Lease conflicts need the `lease_cmds` hook; without it
 * they are not detected.
 *
 * `desired` maps the inventory alone to subnet-less candidates; `observe` reads the managed
 * subnets (those listed in `subnets`, else every IPv4 subnet of the server) into its snapshot,
 * and `align` (pure) places each candidate into the longest subnet holding it. The sink keeps
 * no state between calls.
 */
export class KeaSink implements Sink {
  readonly type = 'kea';
  readonly manages: readonly ResourceKind[] = [RESERVATION_KIND];
  private readonly now: () => number;

  constructor(
    readonly name: string,
    readonly settings: SinkSettings,
    private readonly config: KeaConfig,
    private readonly client: KeaClient,
    options: KeaSinkOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  desired(inventory: Inventory): Desired {
    return reservationCandidates(inventory, this.config.statuses);
  }

  async observe(ctx: RunContext): Promise<Snapshot> {
    const commands = await this.listCommands(ctx.signal);
    const subnets = this.managed(subnetsOf(await this.readConfig(ctx.signal), this.client.where));
    const reservations: SeenReservation[] = subnets.flatMap((s) => seenReservations(s));
    const leases = await activeLeases(this.client, subnets, commands, this.now(), ctx.signal);
    const networks = subnets.map((s) => ({ scope: s.cidr, cidr: s.cidr }));
    return dhcpSnapshot({ networks, reservations, leases }, this.settings.instance);
  }

  align(desired: Desired, observed: Snapshot): Aligned {
    return alignReservations(desired, observed, { instance: this.settings.instance, releaseLeases: false });
  }

  apply(change: Change, ctx: RunContext): Promise<ApplyResult> {
    return applyKeaChange(change, {
      client: this.client,
      instance: this.settings.instance,
      log: ctx.log,
      signal: ctx.signal,
    });
  }

  async check(ctx: RunContext): Promise<readonly string[]> {
    try {
      const commands = await this.listCommands(ctx.signal);
      const problems = REQUIRED_COMMANDS.filter((c) => !commands.all.has(c)).map(
        (c) => `${this.client.where} does not offer ${c} for dhcp4; nbsync needs it to change reservations`,
      );
      const subnets = this.managed(subnetsOf(await this.readConfig(ctx.signal), this.client.where));
      if (subnets.length === 0)
        problems.push(`${this.client.where} has no IPv4 subnet for sink "${this.name}" to manage`);
      if (!commands.lease4GetAll) {
        ctx.log.warn(
          { sink: this.name },
          'kea-dhcp4 has no lease_cmds hook: leases holding reserved addresses are not detected',
        );
      }
      return problems;
    } catch (err) {
      return [err instanceof Error ? err.message : String(err)];
    }
  }

  private async listCommands(signal: AbortSignal): Promise<LeaseCommands & { all: Set<string> }> {
    const answer = await this.client.command('list-commands', undefined, signal);
    const all = new Set(
      Array.isArray(answer.arguments)
        ? answer.arguments.filter((c): c is string => typeof c === 'string')
        : [],
    );
    return { ...leaseCommands(all), all };
  }

  private async readConfig(signal: AbortSignal): Promise<Record<string, unknown>> {
    const answer = await this.client.command('config-get', undefined, signal);
    return readDhcp4(answer.arguments, this.client.where);
  }

  private managed(subnets: readonly KeaSubnet[]): KeaSubnet[] {
    const wanted = this.config.subnets;
    if (wanted === undefined) return [...subnets].sort((a, b) => a.id - b.id);
    const missing = wanted.filter((cidr) => !subnets.some((s) => s.cidr === cidr));
    if (missing.length > 0) {
      throw new SyncError(
        'CONFIG_INVALID',
        `sinks.${this.name}.subnets: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not a subnet4 of ` +
          `${this.client.where} (subnets there: ${subnets.map((s) => s.cidr).join(', ') || 'none'}); fix the list or add the subnets to Kea`,
      );
    }
    return subnets.filter((s) => wanted.includes(s.cidr)).sort((a, b) => a.id - b.id);
  }
}
