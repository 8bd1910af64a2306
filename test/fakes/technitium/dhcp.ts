import ipaddr from 'ipaddr.js';
import { type Params, TechnitiumApiError } from './params.js';

/** A reservation as the API shows it (MAC upper case, hyphen separated). */
export interface FakeReservedLease {
  hostName: string | null;
  hardwareAddress: string;
  address: string;
  comments: string | null;
}

export interface FakeScope {
  name: string;
  enabled: boolean;
  startingAddress: string;
  endingAddress: string;
  subnetMask: string;
  interfaceAddress?: string;
  leaseTimeDays: number;
  leaseTimeHours: number;
  leaseTimeMinutes: number;
  domainName?: string;
  dnsUpdates: boolean;
  dnsTtl: number;
  routerAddress?: string;
  dnsServers: string[];
  exclusions: { startingAddress: string; endingAddress: string }[];
  reservedLeases: FakeReservedLease[];
  allowOnlyReservedLeases: boolean;
}

export type FakeReservationInput = Pick<FakeReservedLease, 'hardwareAddress' | 'address'> &
  Partial<Pick<FakeReservedLease, 'hostName' | 'comments'>>;

export type FakeScopeInput = Pick<FakeScope, 'name' | 'startingAddress' | 'endingAddress' | 'subnetMask'> &
  Partial<Omit<FakeScope, 'name' | 'startingAddress' | 'endingAddress' | 'subnetMask'>>;

/** An allocated lease, dynamic or reserved, as /api/dhcp/leases/list shows it. */
export interface FakeLease {
  scope: string;
  type: 'Dynamic' | 'Reserved';
  hardwareAddress: string;
  clientIdentifier: string;
  address: string;
  hostName: string | null;
  leaseObtained: string;
  leaseExpires: string;
}

export type FakeLeaseInput = Pick<FakeLease, 'scope' | 'hardwareAddress' | 'address'> & Partial<FakeLease>;

/**
 * DHCP scopes, reservations and leases, following WebServiceDhcpApi.cs and Dhcp/Scope.cs
 * (v15.2): one reservation per MAC per scope (add/remove, no update), leases listed per scope
 * sorted by address, and removing a reserved-type lease also drops its reservation.
 */
export class DhcpState {
  readonly scopes = new Map<string, FakeScope>();
  leases: FakeLease[] = [];

  addScope(input: FakeScopeInput): FakeScope {
    const scope: FakeScope = {
      enabled: true,
      leaseTimeDays: 7,
      leaseTimeHours: 0,
      leaseTimeMinutes: 0,
      dnsUpdates: true,
      dnsTtl: 900,
      dnsServers: [],
      exclusions: [],
      allowOnlyReservedLeases: false,
      ...input,
      reservedLeases: (input.reservedLeases ?? []).map((r) => ({
        ...r,
        hardwareAddress: normalizeMac(r.hardwareAddress),
      })),
    };
    this.scopes.set(scope.name, scope);
    return scope;
  }

  addLease(input: FakeLeaseInput): FakeLease {
    const mac = normalizeMac(input.hardwareAddress);
    const lease: FakeLease = {
      type: 'Dynamic',
      clientIdentifier: `1-${mac.replaceAll('-', '')}`,
      hostName: null,
      leaseObtained: '2026-11-25T08:00:00Z',
      leaseExpires: '2026-12-02T08:00:00Z',
      ...input,
      hardwareAddress: mac,
    };
    this.leases.push(lease);
    return lease;
  }

  /** Add a reservation to an existing scope directly (test hook; one per MAC, as in the API). */
  reserve(scopeName: string, input: FakeReservationInput): FakeReservedLease {
    const scope = this.scopes.get(scopeName);
    if (!scope) throw new Error(`fake: no DHCP scope ${scopeName}`);
    const hardwareAddress = normalizeMac(input.hardwareAddress);
    if (scope.reservedLeases.some((r) => r.hardwareAddress === hardwareAddress)) {
      throw new Error(`fake: ${hardwareAddress} is already reserved in ${scopeName}`);
    }
    const lease: FakeReservedLease = {
      hostName: input.hostName ?? null,
      hardwareAddress,
      address: input.address,
      comments: input.comments ?? null,
    };
    scope.reservedLeases.push(lease);
    return lease;
  }

  listScopes(): Record<string, unknown> {
    const scopes = [...this.scopes.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => {
        const { network, broadcast } = networkOf(s);
        const summary: Record<string, unknown> = {
          name: s.name,
          enabled: s.enabled,
          startingAddress: s.startingAddress,
          endingAddress: s.endingAddress,
          subnetMask: s.subnetMask,
          networkAddress: network,
          broadcastAddress: broadcast,
        };
        if (s.interfaceAddress) summary.interfaceAddress = s.interfaceAddress;
        return summary;
      });
    return { scopes };
  }

  getScope(p: Params): Record<string, unknown> {
    const name = p.required('name');
    const scope = this.scopes.get(name);
    if (!scope) throw new TechnitiumApiError(`DHCP scope was not found: ${name}`);
    return structuredClone(scope) as unknown as Record<string, unknown>;
  }

  addReservedLease(p: Params): Record<string, unknown> {
    const scope = this.existingScope(p, 'No such scope exists: ');
    const hardwareAddress = normalizeMac(p.required('hardwareAddress'));
    const address = p.required('ipAddress');
    if (!ipaddr.IPv4.isValidFourPartDecimal(address))
      throw new TechnitiumApiError('An invalid IP address was specified.');
    if (scope.reservedLeases.some((r) => r.hardwareAddress === hardwareAddress)) {
      throw new TechnitiumApiError(
        `A reserved lease with same hardware address already exists in scope: ${scope.name}`,
      );
    }
    scope.reservedLeases.push({
      hostName: p.raw('hostName') ?? null,
      hardwareAddress,
      address,
      comments: p.raw('comments') ?? null,
    });
    return {};
  }

  removeReservedLease(p: Params): Record<string, unknown> {
    const scope = this.existingScope(p, 'No such scope exists: ');
    const hardwareAddress = normalizeMac(p.required('hardwareAddress'));
    const before = scope.reservedLeases.length;
    scope.reservedLeases = scope.reservedLeases.filter((r) => r.hardwareAddress !== hardwareAddress);
    if (scope.reservedLeases.length === before) {
      throw new TechnitiumApiError(`No such reserved lease was found in scope: ${scope.name}`);
    }
    return {};
  }

  listLeases(): Record<string, unknown> {
    const order = (a: FakeLease, b: FakeLease): number =>
      a.scope.localeCompare(b.scope) || compareAddresses(a.address, b.address);
    return { leases: [...this.leases].sort(order).map((l) => ({ ...l })) };
  }

  removeLease(p: Params): Record<string, unknown> {
    const scope = this.existingScope(p, 'DHCP scope does not exists: ');
    const clientIdentifier = p.optional('clientIdentifier');
    const hardwareAddress = p.optional('hardwareAddress');
    let index: number;
    if (clientIdentifier !== undefined) {
      index = this.leases.findIndex((l) => l.scope === scope.name && l.clientIdentifier === clientIdentifier);
      if (index === -1)
        throw new TechnitiumApiError(`No lease was found for client identifier: ${clientIdentifier}`);
    } else if (hardwareAddress !== undefined) {
      const mac = normalizeMac(hardwareAddress);
      index = this.leases.findIndex((l) => l.scope === scope.name && l.hardwareAddress === mac);
      if (index === -1)
        throw new TechnitiumApiError(`No lease was found for hardware address: ${hardwareAddress}`);
    } else {
      throw new TechnitiumApiError(
        "Parameter 'hardwareAddress' or 'clientIdentifier' missing. At least one of them must be specified.",
      );
    }
    const [removed] = this.leases.splice(index, 1);
    if (removed?.type === 'Reserved') {
      // Freeing a reserved-type lease also drops the reservation when the addresses match.
      scope.reservedLeases = scope.reservedLeases.filter(
        (r) => !(r.hardwareAddress === removed.hardwareAddress && r.address === removed.address),
      );
    }
    return {};
  }

  private existingScope(p: Params, message: string): FakeScope {
    const name = p.required('name');
    const scope = this.scopes.get(name);
    if (!scope) throw new TechnitiumApiError(`${message}${name}`);
    return scope;
  }
}

/** `bc:24:11:aa:bb:cc`, `BC-24-11-AA-BB-CC` or `bc2411aabbcc` → `BC-24-11-AA-BB-CC`. */
export function normalizeMac(value: string): string {
  const hex = value.trim().replace(/[-:.]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) throw new TechnitiumApiError(`Invalid hardware address: ${value}`);
  return (hex.toUpperCase().match(/../g) ?? []).join('-');
}

function networkOf(scope: FakeScope): { network: string; broadcast: string } {
  const start = ipaddr.IPv4.parse(scope.startingAddress).toByteArray();
  const mask = ipaddr.IPv4.parse(scope.subnetMask).toByteArray();
  const network = start.map((b, i) => b & (mask[i] ?? 0));
  const broadcast = network.map((b, i) => b | (~(mask[i] ?? 0) & 0xff));
  return { network: network.join('.'), broadcast: broadcast.join('.') };
}

function compareAddresses(a: string, b: string): number {
  const x = ipaddr.parse(a).toByteArray();
  const y = ipaddr.parse(b).toByteArray();
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
