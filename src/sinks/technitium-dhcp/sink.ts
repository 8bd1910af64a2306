import {
  alignReservations,
  cidrFromMask,
  dhcpSnapshot,
  type DhcpNetwork,
  normalizeMac,
  RESERVATION_KIND,
  reservationCandidates,
  type SeenLease,
  type SeenReservation,
} from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { parseOwnerMark } from '../../model/owner.js';
import type { Change } from '../../model/plan.js';
import type { Desired, ResourceKind, Snapshot } from '../../model/resource.js';
import type { Aligned, ApplyResult, RunContext, Sink, SinkSettings } from '../sink.js';
import { applyReservation } from './apply.js';
import type { DhcpScopeSummary, TechnitiumDhcpClient } from './client.js';
import type { TechnitiumDhcpConfig } from './config.js';

/**
 * Reserved leases in Technitium DHCP scopes (DESIGN §6 "DHCP reservations"), one resource per
 * `<scope name>/<mac>`, owner mark in the reservation's `comments`.
 *
 * Scopes are matched by network, which only the server knows: `desired` maps the inventory
 * alone to scope-less candidates, `observe` reads the managed scopes' networks into its
 * snapshot, and `align` (pure) places the candidates into the longest scope holding them and
 * keys addresses held by someone else (an unmarked reservation, a dynamic lease) under the
 * reservation that wants them. The sink keeps no state between calls.
 */
export class TechnitiumDhcpSink implements Sink {
  readonly type = 'technitium-dhcp';
  readonly manages: readonly ResourceKind[] = [RESERVATION_KIND];

  constructor(
    readonly name: string,
    readonly settings: SinkSettings,
    private readonly config: TechnitiumDhcpConfig,
    private readonly client: TechnitiumDhcpClient,
  ) {}

  desired(inventory: Inventory): Desired {
    return reservationCandidates(inventory, this.config.statuses);
  }

  async observe(ctx: RunContext): Promise<Snapshot> {
    const networks = await this.loadNetworks(ctx.signal);
    const reservations: SeenReservation[] = [];
    for (const network of networks) {
      const scope = await this.client.getScope(network.scope, ctx.signal);
      for (const lease of scope.reservedLeases) {
        const mac = normalizeMac(lease.hardwareAddress);
        if (mac === null) {
          throw new SyncError(
            'SINK_PARSE',
            `${this.client.where}: reserved lease "${lease.hardwareAddress}" in scope ${network.scope} has no readable MAC`,
          );
        }
        reservations.push({
          scope: network.scope,
          mac,
          ip: lease.address,
          hostName: lease.hostName ?? '',
          owner: parseOwnerMark(lease.comments),
          extra: { hardwareAddress: lease.hardwareAddress },
        });
      }
    }
    const leases = networks.length > 0 ? await this.dynamicLeases(networks, ctx.signal) : [];
    return dhcpSnapshot({ networks, reservations, leases }, this.settings.instance);
  }

  align(desired: Desired, observed: Snapshot): Aligned {
    return alignReservations(desired, observed, {
      instance: this.settings.instance,
      releaseLeases: this.config.releaseConflictingLeases,
    });
  }

  apply(change: Change, ctx: RunContext): Promise<ApplyResult> {
    return applyReservation(change, {
      client: this.client,
      instance: this.settings.instance,
      releaseLeases: this.config.releaseConflictingLeases,
      log: ctx.log,
      signal: ctx.signal,
    });
  }

  async check(ctx: RunContext): Promise<readonly string[]> {
    try {
      await this.client.session(ctx.signal);
      const networks = await this.loadNetworks(ctx.signal);
      if (networks.length === 0)
        return [`${this.client.where} has no DHCP scope for sink "${this.name}" to manage`];
      for (const network of networks) await this.client.getScope(network.scope, ctx.signal);
      if (this.config.releaseConflictingLeases) await this.client.listLeases(ctx.signal);
      return [];
    } catch (err) {
      return [err instanceof Error ? err.message : String(err)];
    }
  }

  private async dynamicLeases(networks: readonly DhcpNetwork[], signal: AbortSignal): Promise<SeenLease[]> {
    const managed = new Set(networks.map((n) => n.scope));
    return (await this.client.listLeases(signal))
      .filter((l) => managed.has(l.scope) && l.type.toLowerCase() === 'dynamic')
      .map((l) => ({
        scope: l.scope,
        mac: normalizeMac(l.hardwareAddress) ?? l.hardwareAddress.toLowerCase(),
        ip: l.address,
        hostName: l.hostName ?? '',
      }));
  }

  private async loadNetworks(signal: AbortSignal): Promise<DhcpNetwork[]> {
    const scopes = await this.client.listScopes(signal);
    const wanted = this.config.scopes;
    if (wanted !== undefined) {
      const missing = wanted.filter((name) => !scopes.some((s) => s.name === name));
      if (missing.length > 0) {
        throw new SyncError(
          'CONFIG_INVALID',
          `sinks.${this.name}.scopes: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not a DHCP scope ` +
            `on ${this.client.where} (scopes there: ${scopes.map((s) => s.name).join(', ') || 'none'}); ` +
            'fix the names or create the scopes',
        );
      }
    }
    return scopes
      .filter((s) => wanted === undefined || wanted.includes(s.name))
      .map((s) => ({ scope: s.name, cidr: this.networkOf(s) }))
      .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  }

  private networkOf(scope: DhcpScopeSummary): string {
    const cidr = cidrFromMask(scope.networkAddress ?? scope.startingAddress, scope.subnetMask);
    if (cidr === null) {
      throw new SyncError(
        'SINK_PARSE',
        `${this.client.where}: scope ${scope.name} has no readable network (${scope.startingAddress} mask ${scope.subnetMask})`,
      );
    }
    return cidr;
  }
}
