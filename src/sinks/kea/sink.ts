import {
  desiredReservations,
  type DhcpNetwork,
  observedReservations,
  RESERVATION_KIND,
  type SeenLease,
  type SeenReservation,
  type WantedReservation,
  wantedOf,
} from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import type { Change } from '../../model/plan.js';
import type { Desired, ResourceKind, Snapshot } from '../../model/resource.js';
import type { ApplyResult, RunContext, Sink, SinkSettings } from '../sink.js';
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
 * With `subnets` unset the managed networks come from the server: {@link prepare} reads them
 * before `desired` (as in the technitium-dhcp sink).
 */
export class KeaSink implements Sink {
  readonly type = 'kea';
  readonly manages: readonly ResourceKind[] = [RESERVATION_KIND];
  private networks: DhcpNetwork[] | null;
  private mappedWith: string | undefined;
  private wanted = new Map<string, WantedReservation>();
  private readonly now: () => number;

  constructor(
    readonly name: string,
    readonly settings: SinkSettings,
    private readonly config: KeaConfig,
    private readonly client: KeaClient,
    options: KeaSinkOptions = {},
  ) {
    this.networks = config.subnets ? config.subnets.map((cidr) => ({ scope: cidr, cidr })) : null;
    this.now = options.now ?? Date.now;
  }

  /** Read the server's subnets (only needed when `subnets` is unset). */
  async prepare(ctx: RunContext): Promise<void> {
    if (this.config.subnets) return;
    const dhcp4 = await this.readConfig(ctx.signal);
    this.networks = this.managed(subnetsOf(dhcp4, this.client.where)).map((s) => ({
      scope: s.cidr,
      cidr: s.cidr,
    }));
  }

  desired(inventory: Inventory): Desired {
    const networks = this.networks ?? [];
    const desired = desiredReservations(inventory, { networks, statuses: this.config.statuses });
    this.mappedWith = this.networks === null ? 'unknown' : signature(networks);
    this.wanted = wantedOf(desired.resources);
    return desired;
  }

  async observe(ctx: RunContext): Promise<Snapshot> {
    const commands = await this.listCommands(ctx.signal);
    const dhcp4 = await this.readConfig(ctx.signal);
    const subnets = this.managed(subnetsOf(dhcp4, this.client.where));
    const networks = subnets.map((s) => ({ scope: s.cidr, cidr: s.cidr }));
    if (!this.config.subnets) this.networks = networks;
    if (this.mappedWith !== undefined && this.mappedWith !== signature(networks)) {
      this.mappedWith = undefined;
      throw new SyncError(
        'PLAN_STALE',
        `sink "${this.name}": the inventory was mapped before the subnets of ${this.client.where} were read ` +
          '(first plan of this process) or the subnets changed meanwhile; nothing was planned for this sink, plan again',
        { retryable: true },
      );
    }
    const reservations: SeenReservation[] = subnets.flatMap((s) => seenReservations(s));
    const leases = await this.leasesInTheWay(reservations, subnets, commands, ctx);
    const observed = observedReservations({
      reservations,
      leases,
      wanted: this.wanted,
      instance: this.settings.instance,
      releaseLeases: false,
    });
    return { resources: observed.resources };
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
      if (!commands.lease4Get) {
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

  /** Addresses wanted but not yet reserved: what holds them now (lease_cmds only). */
  private async leasesInTheWay(
    reservations: readonly SeenReservation[],
    subnets: readonly KeaSubnet[],
    commands: LeaseCommands,
    ctx: RunContext,
  ): Promise<SeenLease[]> {
    const present = new Set(reservations.map((r) => `${r.scope}\u0000${r.mac ?? ''}\u0000${r.ip}`));
    const open = [...this.wanted.values()].filter(
      (w) => !present.has(`${w.scope}\u0000${w.mac}\u0000${w.ip}`),
    );
    if (open.length === 0 || !commands.lease4Get) return [];
    return activeLeases(this.client, open, subnets, commands, this.now(), ctx.signal);
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

function signature(networks: readonly DhcpNetwork[]): string {
  return networks
    .map((n) => `${n.scope}=${n.cidr}`)
    .sort()
    .join(',');
}
