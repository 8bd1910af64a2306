import {
  cidrFromMask,
  desiredReservations,
  type DhcpNetwork,
  normalizeMac,
  observedReservations,
  RESERVATION_KIND,
  type SeenLease,
  type SeenReservation,
  type WantedReservation,
  wantedOf,
} from '../../lib/dhcp.js';
import { SyncError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { parseOwnerMark } from '../../model/owner.js';
import type { Change } from '../../model/plan.js';
import type { Desired, ResourceKind, Snapshot } from '../../model/resource.js';
import type { ApplyResult, RunContext, Sink, SinkSettings } from '../sink.js';
import { applyReservation } from './apply.js';
import type { DhcpScopeSummary, TechnitiumDhcpClient } from './client.js';
import type { TechnitiumDhcpConfig } from './config.js';

/**
 * Reserved leases in Technitium DHCP scopes (DESIGN §6 "DHCP reservations"), one resource per
 * `<scope name>/<mac>`, owner mark in the reservation's `comments`. Scopes are matched by
 * network, so the mapping needs the scopes' networks from the server: {@link prepare} reads them
 * (the controller calls it right before `desired`); `desired` stays pure given those networks.
 * `desired` also remembers what it asked for, so `observe` can key an address held by someone
 * else (an unmarked reservation, a dynamic lease) under the reservation that wants it.
 */
export class TechnitiumDhcpSink implements Sink {
  readonly type = 'technitium-dhcp';
  readonly manages: readonly ResourceKind[] = [RESERVATION_KIND];
  private networks: DhcpNetwork[] | null = null;
  /** The networks were read by `prepare` and not yet used by an `observe`. */
  private fresh = false;
  /** Networks the last mapping used (JSON), `undefined` before the first mapping. */
  private mappedWith: string | undefined;
  private wanted = new Map<string, WantedReservation>();
  private releasable = new Map<string, SeenLease>();

  constructor(
    readonly name: string,
    readonly settings: SinkSettings,
    private readonly config: TechnitiumDhcpConfig,
    private readonly client: TechnitiumDhcpClient,
  ) {}

  /** Read the managed scopes' networks, which `desired` maps addresses into. */
  async prepare(ctx: RunContext): Promise<void> {
    this.networks = await this.loadNetworks(ctx.signal);
    this.fresh = true;
  }

  desired(inventory: Inventory): Desired {
    const networks = this.networks ?? [];
    const desired = desiredReservations(inventory, { networks, statuses: this.config.statuses });
    this.mappedWith = this.networks === null ? 'unknown' : JSON.stringify(networks);
    this.wanted = wantedOf(desired.resources);
    return desired;
  }

  async observe(ctx: RunContext): Promise<Snapshot> {
    const networks = this.fresh && this.networks ? this.networks : await this.loadNetworks(ctx.signal);
    this.networks = networks;
    this.fresh = false;
    if (this.mappedWith !== undefined && this.mappedWith !== JSON.stringify(networks)) {
      this.mappedWith = undefined;
      throw new SyncError(
        'PLAN_STALE',
        `sink "${this.name}": the inventory was mapped before the DHCP scopes of ${this.client.where} were ` +
          'read (first plan of this process) or the scopes changed meanwhile; nothing was planned for this ' +
          'sink, plan again',
        { retryable: true },
      );
    }
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
    const leases = this.needsLeases(reservations) ? await this.dynamicLeases(networks, ctx.signal) : [];
    const observed = observedReservations({
      reservations,
      leases,
      wanted: this.wanted,
      instance: this.settings.instance,
      releaseLeases: this.config.releaseConflictingLeases,
    });
    this.releasable = observed.releasable;
    for (const [key, lease] of observed.releasable) {
      ctx.log.info(
        { sink: this.name, key, ip: lease.ip, leaseMac: lease.mac },
        'dynamic lease to release before reserving',
      );
    }
    return { resources: observed.resources };
  }

  apply(change: Change, ctx: RunContext): Promise<ApplyResult> {
    return applyReservation(change, {
      client: this.client,
      instance: this.settings.instance,
      releasable: this.releasable,
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

  /** Leases matter only while some wanted reservation is not in place. */
  private needsLeases(reservations: readonly SeenReservation[]): boolean {
    const present = new Set(reservations.map((r) => `${r.scope}\u0000${r.mac}\u0000${r.ip}`));
    return [...this.wanted.values()].some((w) => !present.has(`${w.scope}\u0000${w.mac}\u0000${w.ip}`));
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
