import type { FakeApi } from '../http.js';
import {
  DhcpState,
  type FakeLease,
  type FakeLeaseInput,
  type FakeReservationInput,
  type FakeScope,
  type FakeScopeInput,
} from './dhcp.js';
import { DnsApi } from './dns-api.js';
import {
  BUILT_IN_ZONES,
  DnsState,
  type FakeRecord,
  type FakeZoneType,
  type RecordInput,
} from './dns-state.js';
import { Params, TechnitiumApiError } from './params.js';

/** The token every fake accepts unless told otherwise (64 hex characters, like a real one). */
export const FAKE_TECHNITIUM_TOKEN = '5ab1e0c0ffee5ab1e0c0ffee5ab1e0c0ffee5ab1e0c0ffee5ab1e0c0ffee5ab1';

export interface FakeTechnitiumOptions {
  /** Valid API tokens (default: only FAKE_TECHNITIUM_TOKEN). */
  readonly tokens?: readonly string[];
  /** The `server` field of every envelope and the SOA/NS of new zones. */
  readonly serverDomain?: string;
  /** TTL used when a call gives none (the server default, 3600). */
  readonly defaultRecordTtl?: number;
  /** Start with Technitium's internal zones (localhost, 127.in-addr.arpa, …); default true. */
  readonly builtInZones?: boolean;
  readonly now?: () => Date;
}

/** One request the fake saw. `auth` says how the token came (never the token itself). */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly auth: 'bearer' | 'parameter' | 'none';
}

/** Make the next `times` requests to `path` fail: a bare HTTP status, or a 200 error envelope. */
export interface FailureRule {
  readonly path: string;
  readonly times?: number;
  readonly status?: number;
  readonly envelopeError?: string;
  /** Only requests whose parameters match (e.g. one zone). */
  readonly when?: (params: Readonly<Record<string, string>>) => boolean;
}

type Handler = (params: Params) => Record<string, unknown>;

/**
 * A stateful fake of the Technitium DNS Server HTTP API (v15.2), DNS zones/records and DHCP
 * scopes/leases, following ../shared/specs/technitium/TECHNITIUM-API.md: GET or POST, query or
 * form parameters, Bearer header or `token` parameter, always HTTP 200 with the
 * `{status, response, errorMessage, server}` envelope, a bare 404 for unknown paths.
 */
export class FakeTechnitium implements FakeApi {
  readonly requests: FakeRequest[] = [];
  private readonly tokens: Set<string>;
  private readonly serverDomain: string;
  private readonly defaultTtl: number;
  private readonly dns: DnsState;
  private readonly dnsApi: DnsApi;
  private readonly dhcp = new DhcpState();
  private readonly failures: { rule: FailureRule; left: number }[] = [];
  private readonly routes: ReadonlyMap<string, Handler>;

  constructor(options: FakeTechnitiumOptions = {}) {
    this.tokens = new Set(options.tokens ?? [FAKE_TECHNITIUM_TOKEN]);
    this.serverDomain = options.serverDomain ?? 'dns1.int.lavaduck.net';
    this.defaultTtl = options.defaultRecordTtl ?? 3600;
    this.dns = new DnsState(this.serverDomain, options.now ?? (() => new Date()));
    this.dnsApi = new DnsApi(this.dns, this.defaultTtl);
    if (options.builtInZones ?? true) {
      for (const zone of BUILT_IN_ZONES) this.dns.createZone(zone, { internal: true });
    }
    const dns = this.dnsApi;
    const dhcp = this.dhcp;
    this.routes = new Map<string, Handler>([
      ['/api/zones/list', (p) => dns.listZones(p)],
      ['/api/zones/create', (p) => dns.createZone(p)],
      ['/api/zones/delete', (p) => dns.deleteZone(p)],
      ['/api/zones/records/get', (p) => dns.getRecords(p)],
      ['/api/zones/records/add', (p) => dns.addRecord(p)],
      ['/api/zones/records/update', (p) => dns.updateRecord(p)],
      ['/api/zones/records/delete', (p) => dns.deleteRecord(p)],
      ['/api/dhcp/scopes/list', () => dhcp.listScopes()],
      ['/api/dhcp/scopes/get', (p) => dhcp.getScope(p)],
      ['/api/dhcp/scopes/addReservedLease', (p) => dhcp.addReservedLease(p)],
      ['/api/dhcp/scopes/removeReservedLease', (p) => dhcp.removeReservedLease(p)],
      ['/api/dhcp/leases/list', () => dhcp.listLeases()],
      ['/api/dhcp/leases/remove', (p) => dhcp.removeLease(p)],
    ]);
  }

  async handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const params = await Params.from(request);
    const bearer = bearerToken(request);
    const auth =
      bearer !== undefined ? 'bearer' : params.optional('token') !== undefined ? 'parameter' : 'none';
    this.requests.push({ method: request.method, path, params: params.all(), auth });

    const known = path === '/api/user/session/get' || this.routes.has(path);
    if (!known) return new Response(null, { status: 404 });
    if (request.method !== 'GET' && request.method !== 'POST') return new Response(null, { status: 405 });
    const failure = this.takeFailure(path, params.all());
    if (failure?.status !== undefined) return new Response(null, { status: failure.status });
    if (failure?.envelopeError !== undefined)
      return this.envelope({ status: 'error', errorMessage: failure.envelopeError });

    const token = bearer ?? params.optional('token');
    if (token === undefined || !this.tokens.has(token)) {
      return this.envelope({ status: 'invalid-token', errorMessage: 'Invalid token or session expired.' });
    }
    if (path === '/api/user/session/get') return this.envelope({ status: 'ok', ...this.session(token) });
    try {
      const response = (this.routes.get(path) as Handler)(params);
      return this.envelope({ status: 'ok', response });
    } catch (err) {
      if (!(err instanceof TechnitiumApiError)) throw err;
      return this.envelope({ status: 'error', errorMessage: err.message });
    }
  }

  // --- test hooks -------------------------------------------------------------------------

  addToken(token: string): void {
    this.tokens.add(token);
  }

  /** From now on `token` is answered with `invalid-token`, as after a session timeout. */
  expireToken(token: string): void {
    this.tokens.delete(token);
  }

  /** Create a zone directly (no auth, no log); returns its name. */
  addZone(name: string, options: { type?: FakeZoneType; internal?: boolean } = {}): string {
    return this.dns.createZone(name, options).name;
  }

  /** Add a record directly, with the API's rules (duplicates and CNAME clashes throw). */
  addRecord(zone: string, record: RecordInput): void {
    const target = this.dns.zones.get(zone);
    if (!target) throw new Error(`fake: no zone ${zone}`);
    if (!this.dns.addRecord(target, { ttl: this.defaultTtl, ...record })) {
      throw new Error(`fake: record exists: ${record.name} ${record.type}`);
    }
  }

  zoneNames(): string[] {
    return [...this.dns.zones.keys()].sort();
  }

  /** A copy of a zone's records (SOA and NS included), sorted by name, type, data. */
  records(zone: string): FakeRecord[] {
    const target = this.dns.zones.get(zone);
    if (!target) throw new Error(`fake: no zone ${zone}`);
    return structuredClone(target.records).sort(
      (a, b) =>
        a.name.localeCompare(b.name) ||
        a.type.localeCompare(b.type) ||
        JSON.stringify(a.rData).localeCompare(JSON.stringify(b.rData)),
    );
  }

  addScope(scope: FakeScopeInput): void {
    this.dhcp.addScope(scope);
  }

  scope(name: string): FakeScope | undefined {
    const scope = this.dhcp.scopes.get(name);
    return scope === undefined ? undefined : structuredClone(scope);
  }

  /** Add a reservation to an existing scope directly (no auth, no log). */
  addReservation(scope: string, reservation: FakeReservationInput): void {
    this.dhcp.reserve(scope, reservation);
  }

  addLease(lease: FakeLeaseInput): void {
    this.dhcp.addLease(lease);
  }

  leases(): FakeLease[] {
    return structuredClone(this.dhcp.leases);
  }

  failOn(rule: FailureRule): void {
    if (rule.status === undefined && rule.envelopeError === undefined) {
      throw new Error('fake: failOn needs status or envelopeError');
    }
    this.failures.push({ rule, left: rule.times ?? 1 });
  }

  // --- internals ----------------------------------------------------------------------------

  private takeFailure(path: string, params: Readonly<Record<string, string>>): FailureRule | undefined {
    const entry = this.failures.find(
      (f) => f.left > 0 && f.rule.path === path && (f.rule.when?.(params) ?? true),
    );
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.rule;
  }

  private session(token: string): Record<string, unknown> {
    return {
      username: 'nbsync',
      tokenName: 'nbsync',
      token,
      info: {
        version: '15.2',
        dnsServerDomain: this.serverDomain,
        defaultRecordTtl: this.defaultTtl,
      },
    };
  }

  private envelope(body: Record<string, unknown>): Response {
    return new Response(JSON.stringify({ ...body, server: this.serverDomain }), {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (!header || !/^bearer /i.test(header)) return undefined;
  const token = header.slice(7).trim();
  return token.length > 0 ? token : undefined;
}
