import { z } from 'zod';
import type { components } from '../../../openapi/generated/technitium.js';
import { TechnitiumApi, type TechnitiumConnection } from '../technitium-common/api.js';

type Schemas = components['schemas'];
export type AddReservedLeaseForm = Schemas['AddReservedLeaseForm'];

// Strict on what nbsync relies on, loose on the rest: a read passes completely or fails.
const scopeSummarySchema = z.looseObject({
  name: z.string().min(1),
  enabled: z.boolean().optional(),
  startingAddress: z.string(),
  endingAddress: z.string(),
  subnetMask: z.string(),
  networkAddress: z.string().optional(),
});
const reservedLeaseSchema = z.looseObject({
  hostName: z.string().nullable().optional(),
  hardwareAddress: z.string(),
  address: z.string(),
  comments: z.string().nullable().optional(),
});
const scopeSchema = z.looseObject({
  name: z.string(),
  startingAddress: z.string(),
  subnetMask: z.string(),
  reservedLeases: z.array(reservedLeaseSchema),
});
const leaseSchema = z.looseObject({
  scope: z.string(),
  type: z.string(),
  hardwareAddress: z.string(),
  address: z.string(),
  hostName: z.string().nullable().optional(),
});
const scopesListSchema = z.looseObject({ scopes: z.array(scopeSummarySchema) });
const leasesListSchema = z.looseObject({ leases: z.array(leaseSchema) });

export type DhcpScopeSummary = z.infer<typeof scopeSummarySchema>;
export type DhcpScopeDetail = z.infer<typeof scopeSchema>;
export type ReservedLease = z.infer<typeof reservedLeaseSchema>;
export type DhcpLease = z.infer<typeof leaseSchema>;

export type TechnitiumDhcpClientOptions = TechnitiumConnection;

/**
 * Typed client of the Technitium DHCP calls (openapi/technitium.yaml), on the transport both
 * Technitium sinks share ({@link TechnitiumApi}: form-encoded POSTs with a Bearer token, the
 * envelope unwrapped, `invalid-token` → SINK_AUTH, `error` → SINK_REJECTED with Technitium's
 * message). Reads retry like safe methods; writes only when the server did not process them.
 */
export class TechnitiumDhcpClient {
  private readonly api: TechnitiumApi;
  /** "Technitium at <origin>", for messages (never the token). */
  readonly where: string;

  constructor(options: TechnitiumDhcpClientOptions) {
    this.api = new TechnitiumApi({
      ...options,
      tokenHint:
        '(web console: user menu > Create API Token) for a user with DhcpServer View and Modify ' +
        'permissions',
    });
    this.where = this.api.where;
  }

  /** Validates the token (`/api/user/session/get`). */
  async session(signal: AbortSignal): Promise<void> {
    await this.api.call('user/session/get', signal, (s) =>
      this.api.reads.POST('/api/user/session/get', { signal: s }),
    );
  }

  async listScopes(signal: AbortSignal): Promise<DhcpScopeSummary[]> {
    const envelope = await this.api.call('dhcp/scopes/list', signal, (s) =>
      this.api.reads.POST('/api/dhcp/scopes/list', { signal: s }),
    );
    return this.api.parse('dhcp/scopes/list', scopesListSchema, envelope.response).scopes;
  }

  async getScope(name: string, signal: AbortSignal): Promise<DhcpScopeDetail> {
    const what = `dhcp/scopes/get ${name}`;
    const envelope = await this.api.call(what, signal, (s) =>
      this.api.reads.POST('/api/dhcp/scopes/get', { body: { name }, signal: s }),
    );
    return this.api.parse(what, scopeSchema, envelope.response);
  }

  async listLeases(signal: AbortSignal): Promise<DhcpLease[]> {
    const envelope = await this.api.call('dhcp/leases/list', signal, (s) =>
      this.api.reads.POST('/api/dhcp/leases/list', { signal: s }),
    );
    return this.api.parse('dhcp/leases/list', leasesListSchema, envelope.response).leases;
  }

  async addReservedLease(form: AddReservedLeaseForm, signal: AbortSignal): Promise<void> {
    await this.api.call(`addReservedLease ${form.hardwareAddress} in ${form.name}`, signal, (s) =>
      this.api.writes.POST('/api/dhcp/scopes/addReservedLease', { body: form, signal: s }),
    );
  }

  async removeReservedLease(name: string, hardwareAddress: string, signal: AbortSignal): Promise<void> {
    await this.api.call(`removeReservedLease ${hardwareAddress} in ${name}`, signal, (s) =>
      this.api.writes.POST('/api/dhcp/scopes/removeReservedLease', {
        body: { name, hardwareAddress },
        signal: s,
      }),
    );
  }

  /** Frees the lease of a MAC in a scope (`/api/dhcp/leases/remove`). */
  async removeLease(name: string, hardwareAddress: string, signal: AbortSignal): Promise<void> {
    await this.api.call(`leases/remove ${hardwareAddress} in ${name}`, signal, (s) =>
      this.api.writes.POST('/api/dhcp/leases/remove', { body: { name, hardwareAddress }, signal: s }),
    );
  }
}

/** A MAC the way Technitium writes it: `BC-24-11-AA-BB-CC`. */
export function technitiumMac(mac: string): string {
  return mac.toUpperCase().replaceAll(':', '-');
}
