import type { FakeApi } from '../http.js';
import { tokenTable, type TokenTable } from './auth.js';
import { Clock } from './clock.js';
import { FaultInjector, wait, type FaultRule } from './faults.js';
import { modelOf } from './models/index.js';
import { Mutations, WriteError, type Actor, type ChangeEvent } from './mutations.js';
import { newRequestId, resolveRoute, route } from './routes.js';
import type { RenderContext } from './schema.js';
import { render } from './serialize.js';
import { Store } from './store.js';
import type { FakeNetBoxOptions, JsonObject, ObjectType, RequestLogEntry, StoredRecord } from './types.js';
import { apiVersion, parseVersion, type NetBoxVersion } from './version.js';

/** Default v1 token (40 hex characters), accepted unless `tokens` is given. */
export const FAKE_NETBOX_TOKEN_V1 = '0123456789abcdef0123456789abcdef01234567';
/** Default v2 token (`nbt_<12-char key>.<40-char secret>`), accepted from 4.5 unless `tokens` is given. */
export const FAKE_NETBOX_TOKEN_V2 = 'nbt_fakenetbox01.S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t00';

/** Data for {@link FakeNetBox.seed}: write bodies per object type, created in the order given. */
export type SeedData = Partial<Record<ObjectType, JsonObject[]>>;

/** Base URL used when test hooks render objects (HTTP replies use the request's host). */
const HOOK_BASE = 'http://netbox.test';

/** A stateful NetBox 4.x REST API; see index.ts for the overview. */
export class FakeNetBox implements FakeApi {
  /** Fault injection rules; see {@link FaultRule}. */
  readonly faults = new FaultInjector();
  /** Every request answered, oldest first. */
  readonly requests: RequestLogEntry[] = [];
  private readonly store = new Store();
  private readonly clock: Clock;
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  private readonly mutations: Mutations;
  private readonly tokens: TokenTable;
  private readonly paging: { paginateCount: number; maxPageSize: number };
  private emulated: NetBoxVersion;

  constructor(options: FakeNetBoxOptions = {}) {
    this.emulated = parseVersion(options.version ?? '4.6.8');
    this.clock = new Clock(options.now);
    this.mutations = new Mutations(this.store, this.clock, this.listeners);
    this.tokens = tokenTable(
      options.tokens ?? [FAKE_NETBOX_TOKEN_V1, FAKE_NETBOX_TOKEN_V2],
      options.readOnlyTokens ?? [],
    );
    this.paging = { paginateCount: options.paginateCount ?? 50, maxPageSize: options.maxPageSize ?? 1000 };
    const now = this.clock.next();
    this.store.put('users.user', {
      id: 1,
      username: 'admin',
      first_name: '',
      last_name: '',
      email: '',
      is_active: true,
      is_staff: true,
      created: now,
      last_updated: now,
    });
  }

  /** The emulated version, e.g. `4.6.8`. */
  get version(): string {
    return this.emulated.text;
  }

  /** Switch the emulated version (data is kept; it is rendered the new version's way). */
  setVersion(version: string): void {
    this.emulated = parseVersion(version);
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const requestId = newRequestId();
    const method = request.method.toUpperCase();
    const headers: Record<string, string> = {
      'API-Version': apiVersion(this.emulated),
      'X-Request-ID': requestId,
      Vary: 'Accept',
    };
    const fault = this.faults.match(method, url);
    if (fault?.delayMs) await wait(fault.delayMs, request.signal);
    if (fault?.status === 'network-error') {
      this.requests.push({ method, url: url.href, status: 0 });
      return Response.error();
    }
    let reply: { status: number; body: unknown; headers?: Record<string, string> };
    if (fault?.status !== undefined) {
      reply = { status: fault.status, body: fault.body ?? this.errorBody(fault.status) };
    } else if (!url.pathname.endsWith('/') && resolveRoute(`${url.pathname}/`, this.emulated)) {
      reply = { status: 301, body: null, headers: { Location: `${url.pathname}/${url.search}` } };
    } else {
      reply = await route(
        {
          store: this.store,
          mutations: this.mutations,
          version: this.emulated,
          tokens: this.tokens,
          paging: this.paging,
        },
        request,
        url,
        requestId,
      );
    }
    this.requests.push({ method, url: url.href, status: reply.status });
    const noBody = reply.status === 204 || reply.status === 301 || reply.body === null;
    if (!noBody) headers['Content-Type'] = 'application/json';
    return new Response(noBody ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { ...headers, ...reply.headers },
    });
  }

  private errorBody(status: number): unknown {
    if (status >= 500) {
      return {
        error: 'Injected fault',
        exception: 'OperationalError',
        netbox_version: this.emulated.text,
        python_version: '3.12.3',
      };
    }
    return { detail: `Injected fault (${status}).` };
  }

  /** Add a fault rule (shortcut for `faults.failOn`); returns a function that removes it. */
  failOn(rule: FaultRule): () => void {
    return this.faults.failOn(rule);
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  /** Be told about every committed create/update/delete (webhook-shaped; URLs relative). */
  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private hookContext(): RenderContext {
    return { store: this.store, version: this.emulated, base: HOOK_BASE };
  }

  private hookActor(): Actor {
    return { userId: 1, userName: 'admin', requestId: newRequestId() };
  }

  private rendered(type: ObjectType, record: StoredRecord): JsonObject {
    return render(modelOf(type), record, this.hookContext());
  }

  /**
   * Create an object from a write body (as POSTed: ids for relations, bare choices, sizes in
   * the emulated version's unit) with full validation; logs a change unless `log: false`.
   * Returns the rendered object. Throws {@link WriteError} when NetBox would answer 400.
   */
  add(type: ObjectType, body: JsonObject, options: { log?: boolean } = {}): JsonObject {
    const record = this.mutations.create(
      this.hookContext(),
      type,
      body,
      this.hookActor(),
      options.log ?? true,
    );
    return this.rendered(type, this.store.get(type, record.id)!);
  }

  /** Create many objects, all-or-nothing, in the order of `data`'s keys. */
  seed(data: SeedData, options: { log?: boolean } = {}): Partial<Record<ObjectType, JsonObject[]>> {
    return this.mutations.atomic(() => {
      const out: Partial<Record<ObjectType, JsonObject[]>> = {};
      for (const [type, bodies] of Object.entries(data) as Array<[ObjectType, JsonObject[]]>) {
        out[type] = bodies.map((body) => this.add(type, body, options));
      }
      return out;
    });
  }

  /** PATCH an object as a person editing NetBox would (validated, change logged). */
  update(type: ObjectType, id: number, patch: JsonObject, options: { log?: boolean } = {}): JsonObject {
    const record = this.mutations.update(
      this.hookContext(),
      type,
      id,
      patch,
      this.hookActor(),
      true,
      options.log ?? true,
    );
    return this.rendered(type, this.store.get(type, record.id)!);
  }

  /** Delete an object (with NetBox's cascades; 409-style protection throws {@link WriteError}). */
  remove(type: ObjectType, id: number, options: { log?: boolean } = {}): void {
    this.mutations.remove(this.hookContext(), type, id, this.hookActor(), options.log ?? true);
  }

  /** The rendered object, or `undefined`. */
  get(type: ObjectType, id: number): JsonObject | undefined {
    const record = this.store.get(type, id);
    return record ? this.rendered(type, record) : undefined;
  }

  /** All objects of a type, rendered, in the API's default ordering. */
  list(type: ObjectType): JsonObject[] {
    return this.store.ordered(type).map((record) => this.rendered(type, record));
  }

  /** How many objects of a type exist. */
  count(type: ObjectType): number {
    return this.store.size(type);
  }

  /** The stored record (ids for relations, bare choices, sizes in MB). */
  record(type: ObjectType, id: number): StoredRecord | undefined {
    return this.store.get(type, id);
  }

  /**
   * Insert a stored-form record without validation or change log (for big generated data
   * sets). `fields` must already be in stored form; missing `tags`/`custom_fields` default empty.
   */
  insertUnchecked(type: ObjectType, fields: Omit<StoredRecord, 'id'> & { id?: number }): StoredRecord {
    const stamp = fields['created'] === undefined ? this.clock.next() : undefined;
    const record: StoredRecord = {
      tags: [],
      custom_fields: {},
      created: stamp,
      last_updated: stamp,
      ...fields,
      id: 0,
    };
    record.id = fields.id ?? this.store.allocateId(type);
    return this.store.put(type, record, true);
  }
}

export { WriteError };
