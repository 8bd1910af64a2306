import { z } from 'zod';
import type { components } from '../../../openapi/generated/technitium.js';
import { TechnitiumApi, type TechnitiumConnection } from '../technitium-common/api.js';

type Schemas = components['schemas'];
export type RecordsAddForm = Schemas['RecordsAddForm'];
export type RecordsUpdateForm = Schemas['RecordsUpdateForm'];
export type RecordsDeleteForm = Schemas['RecordsDeleteForm'];

// Strict on what nbsync relies on, loose on the rest: a read passes completely or fails.
const zoneSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  internal: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
const recordSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  ttl: z.number().int().nonnegative(),
  disabled: z.boolean().optional(),
  comments: z.string().optional(),
  expiryTtl: z.number().int().nonnegative().optional(),
  rData: z.record(z.string(), z.unknown()),
});
const zonesListSchema = z.looseObject({ zones: z.array(zoneSchema) });
// Records are checked one by one in place (see getRecords): a whole-zone listing can hold tens
// of thousands, and a parsed copy of all of them would double the memory of a plan.
const recordsGetSchema = z.looseObject({ zone: zoneSchema, records: z.array(z.unknown()) });
const zoneCreateSchema = z.looseObject({ domain: z.string() });

export type TechnitiumZone = z.infer<typeof zoneSchema>;
export type TechnitiumRecord = z.infer<typeof recordSchema>;

export type TechnitiumClientOptions = TechnitiumConnection;

/** Validates each record strictly (throwing SINK_PARSE through `check`), keeping the originals. */
function checkRecords(
  records: unknown[],
  check: (index: number, value: unknown) => unknown,
): asserts records is TechnitiumRecord[] {
  records.forEach((record, index) => check(index, record));
}

/**
 * Typed client of the Technitium calls the DNS sink uses (openapi/technitium.yaml), on the
 * transport both Technitium sinks share ({@link TechnitiumApi}: form-encoded POSTs with a Bearer
 * token, the envelope unwrapped, `invalid-token` → SINK_AUTH, `error` → SINK_REJECTED with
 * Technitium's message). Reads retry like safe methods, writes only when the server did not
 * process them (429/503).
 */
export class TechnitiumClient {
  private readonly api: TechnitiumApi;
  /** "Technitium at <origin>", for messages (never the token). */
  readonly where: string;

  constructor(options: TechnitiumClientOptions) {
    this.api = new TechnitiumApi({
      ...options,
      tokenHint:
        '(web console: user menu > Create API Token, or /api/user/createToken) for a user allowed ' +
        'to view and modify the managed zones',
    });
    this.where = this.api.where;
  }

  /** Validates the token (`/api/user/session/get`); returns the user name behind it. */
  async session(signal: AbortSignal): Promise<string> {
    const envelope = await this.api.call('user/session/get', signal, (s) =>
      this.api.reads.POST('/api/user/session/get', { signal: s }),
    );
    return typeof envelope.username === 'string' ? envelope.username : '';
  }

  async listZones(signal: AbortSignal): Promise<TechnitiumZone[]> {
    const envelope = await this.api.call('zones/list', signal, (s) =>
      this.api.reads.POST('/api/zones/list', { body: {}, signal: s }),
    );
    return this.api.parse('zones/list', zonesListSchema, envelope.response).zones;
  }

  async getRecords(
    query: { domain: string; zone?: string; listZone?: boolean },
    signal: AbortSignal,
  ): Promise<{ zone: TechnitiumZone; records: TechnitiumRecord[] }> {
    const what = `records/get ${query.domain}`;
    const envelope = await this.api.call(what, signal, (s) =>
      this.api.reads.POST('/api/zones/records/get', { body: query, signal: s }),
    );
    const { zone, records } = this.api.parse(what, recordsGetSchema, envelope.response);
    checkRecords(records, (i, value) => this.api.parse(`${what} (records.${i})`, recordSchema, value));
    return { zone, records };
  }

  /** Creates a Primary zone; returns the name Technitium gave it. */
  async createZone(zone: string, signal: AbortSignal): Promise<string> {
    const what = `zones/create ${zone}`;
    const envelope = await this.api.call(what, signal, (s) =>
      this.api.writes.POST('/api/zones/create', { body: { zone, type: 'Primary' }, signal: s }),
    );
    return this.api.parse(what, zoneCreateSchema, envelope.response).domain;
  }

  async addRecord(form: RecordsAddForm, signal: AbortSignal): Promise<void> {
    await this.api.call(`records/add ${form.type} ${form.domain}`, signal, (s) =>
      this.api.writes.POST('/api/zones/records/add', { body: form, signal: s }),
    );
  }

  async updateRecord(form: RecordsUpdateForm, signal: AbortSignal): Promise<void> {
    await this.api.call(`records/update ${form.type} ${form.domain}`, signal, (s) =>
      this.api.writes.POST('/api/zones/records/update', { body: form, signal: s }),
    );
  }

  async deleteRecord(form: RecordsDeleteForm, signal: AbortSignal): Promise<void> {
    await this.api.call(`records/delete ${form.type} ${form.domain}`, signal, (s) =>
      this.api.writes.POST('/api/zones/records/delete', { body: form, signal: s }),
    );
  }
}
