import type { Clock } from './clock.js';
import { MODELS, modelOf } from './models/index.js';
import { normaliseMac } from './models/dcim.js';
import type { ModelDef, RenderContext } from './schema.js';
import { apiPath, customFieldsFor, render } from './serialize.js';
import { pythonIso } from './clock.js';
import type { Store } from './store.js';
import type { JsonObject, ObjectType, StoredRecord } from './types.js';
import { collectDeletion } from './deletion.js';
import { buildCandidate } from './validate.js';
import { atLeast } from './version.js';

/** Who writes: the token's user and the request id (both land in the change log). */
export interface Actor {
  readonly userId: number;
  readonly userName: string;
  readonly requestId: string;
  /** `changelog_message` of the write (4.4+). */
  readonly message?: string;
  /** HTTP method and path of the request that wrote (hooks derive them from the action). */
  readonly method?: string;
  readonly path?: string;
}

/**
 * A committed change, shaped like NetBox's default webhook body (NETBOX-WEBHOOKS.md): `data`
 * is the REST representation with relative URLs, `request` exists from 4.6, `model` before
 * 4.5. Changes to one object within one write are coalesced, as NetBox does.
 */
export interface ChangeEvent {
  readonly event: 'created' | 'updated' | 'deleted';
  readonly timestamp: string;
  readonly object_type: ObjectType;
  readonly username: string;
  readonly request_id: string;
  readonly data: JsonObject;
  readonly snapshots: { readonly prechange: JsonObject | null; readonly postchange: JsonObject | null };
  readonly request?: {
    readonly id: string;
    readonly method: string;
    readonly path: string;
    readonly user: string;
  };
  readonly model?: string;
}

interface PendingEvent {
  action: 'create' | 'update' | 'delete';
  time: string;
  model: ModelDef;
  id: number;
  ctx: RenderContext;
  actor: Actor;
  prechange: JsonObject | null;
  postchange: JsonObject | null;
  /** Rendered before a delete (the record is gone at flush time). */
  data?: JsonObject;
}

/** A write the API refuses: HTTP status and DRF-style body. */
export class WriteError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`NetBox fake refused the write (${status}): ${JSON.stringify(body)}`);
  }
}

const CONTENT_TYPE_IDS = new Map(Object.keys(MODELS).map((type, index) => [type, index + 10]));

/** The change-log snapshot of a record (NetBox's `serialize_object`: ids, bare choices, tag names). */
function snapshot(ctx: RenderContext, model: ModelDef, record: StoredRecord): JsonObject {
  const out: JsonObject = {
    created: record['created'] ?? null,
    last_updated: record['last_updated'] ?? null,
  };
  if (atLeast(ctx.version, '4.5')) out['owner'] = null;
  for (const [name, spec] of Object.entries(model.fields)) {
    const value = record[name] ?? null;
    out[name] =
      spec.kind === 'generic-type' && typeof value === 'string'
        ? (CONTENT_TYPE_IDS.get(value) ?? null)
        : value;
  }
  if (model.customFields) {
    const values: JsonObject = {};
    for (const cf of customFieldsFor(ctx, model.type)) values[String(cf['name'])] = null;
    out['custom_fields'] = { ...values, ...((record['custom_fields'] as JsonObject | undefined) ?? {}) };
  }
  if (model.tags) {
    out['tags'] = ((record['tags'] as number[] | undefined) ?? [])
      .map((id) => String(ctx.store.get('extras.tag', id)?.['name']))
      .sort();
  }
  return out;
}

/** Creates, updates and deletes with NetBox's validation, side effects and change log. */
export class Mutations {
  private pending: PendingEvent[] = [];
  private depth = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly listeners: ReadonlySet<(event: ChangeEvent) => void>,
  ) {}

  /** Run `work` all-or-nothing: on a throw every write (and change record) is undone. */
  atomic<T>(work: () => T): T {
    if (this.depth === 0) this.store.begin();
    this.depth++;
    try {
      const result = work();
      this.depth--;
      if (this.depth === 0) {
        this.store.commit();
        this.flush();
      }
      return result;
    } catch (err) {
      this.depth--;
      if (this.depth === 0) {
        this.store.rollback();
        this.pending = [];
      }
      throw err;
    }
  }

  private flush(): void {
    const merged = new Map<string, PendingEvent>();
    for (const event of this.pending) {
      const key = `${event.model.type}:${event.id}`;
      const first = merged.get(key);
      if (!first) merged.set(key, { ...event });
      else {
        const action = event.action === 'delete' ? 'delete' : first.action;
        merged.set(key, { ...event, action, prechange: first.prechange });
      }
    }
    this.pending = [];
    for (const event of merged.values()) {
      const payload = this.toPayload(event);
      for (const listener of this.listeners) listener(payload);
    }
  }

  private toPayload(event: PendingEvent): ChangeEvent {
    const { ctx, actor, model } = event;
    const relative = { ...ctx, base: '' };
    const current = this.store.get(model.type, event.id);
    const data = event.data ?? (current ? render(model, current, relative) : {});
    const method =
      actor.method ?? (event.action === 'create' ? 'POST' : event.action === 'update' ? 'PATCH' : 'DELETE');
    const listPath = `/api/${apiPath(model, ctx)}/`;
    const path = actor.path ?? (event.action === 'create' ? listPath : `${listPath}${event.id}/`);
    return {
      event: event.action === 'create' ? 'created' : event.action === 'update' ? 'updated' : 'deleted',
      timestamp: pythonIso(event.time),
      object_type: model.type,
      username: actor.userName,
      request_id: actor.requestId,
      data,
      snapshots: { prechange: event.prechange, postchange: event.postchange },
      ...(atLeast(ctx.version, '4.6')
        ? { request: { id: actor.requestId, method, path, user: actor.userName } }
        : {}),
      ...(atLeast(ctx.version, '4.5') ? {} : { model: model.type.split('.')[1] }),
    };
  }

  private log(
    ctx: RenderContext,
    action: 'create' | 'update' | 'delete',
    model: ModelDef,
    before: StoredRecord | undefined,
    after: StoredRecord | undefined,
    actor: Actor,
  ): void {
    const record = (after ?? before)!;
    const time = this.clock.next();
    const prechange = before ? snapshot(ctx, model, before) : null;
    const postchange = after ? snapshot(ctx, model, after) : null;
    this.store.put('core.objectchange', {
      id: this.store.allocateId('core.objectchange'),
      time,
      user: actor.userId,
      user_name: actor.userName,
      request_id: actor.requestId,
      action,
      changed_object_type: model.type,
      changed_object_id: record.id,
      object_repr: model.display(record, ctx),
      message: actor.message ?? '',
      prechange_data: prechange,
      postchange_data: postchange,
    });
    if (this.listeners.size === 0) return;
    const data = action === 'delete' ? render(model, record, { ...ctx, base: '' }) : undefined;
    this.pending.push({ action, time, model, id: record.id, ctx, actor, prechange, postchange, data });
  }

  /** Create one object from a write body. */
  create(ctx: RenderContext, type: ObjectType, body: unknown, actor: Actor, log = true): StoredRecord {
    return this.atomic(() => {
      const model = modelOf(type);
      const legacyMac = this.legacyMac(ctx, type, body);
      const built = buildCandidate(model, body, undefined, ctx, false);
      if ('errors' in built) throw new WriteError(400, built.errors);
      const now = this.clock.next();
      const extra = type === 'extras.journalentry' ? { created_by: actor.userId } : {};
      const record = this.store.put(type, {
        ...built.candidate,
        ...extra,
        id: this.store.allocateId(type),
        created: now,
        last_updated: now,
      });
      if (log) this.log(ctx, 'create', model, undefined, record, actor);
      return this.afterSave(ctx, model, undefined, record, legacyMac, actor, log);
    });
  }

  /** Update one object (PATCH when `partial`, PUT otherwise). */
  update(
    ctx: RenderContext,
    type: ObjectType,
    id: number,
    body: unknown,
    actor: Actor,
    partial = true,
    log = true,
  ): StoredRecord {
    return this.atomic(() => {
      const model = modelOf(type);
      const previous = this.store.get(type, id);
      if (!previous) throw new WriteError(404, { detail: `No ${model.className} matches the given query.` });
      const legacyMac = this.legacyMac(ctx, type, body);
      const built = buildCandidate(model, body, previous, ctx, partial);
      if ('errors' in built) throw new WriteError(400, built.errors);
      const record = this.store.put(type, { ...built.candidate, id, last_updated: this.clock.next() });
      if (log) this.log(ctx, 'update', model, previous, record, actor);
      return this.afterSave(ctx, model, previous, record, legacyMac, actor, log);
    });
  }

  /** NetBox < 4.2: interfaces take `mac_address` as a plain string (we keep a hidden MAC object). */
  private legacyMac(ctx: RenderContext, type: ObjectType, body: unknown): string | null | undefined {
    if (atLeast(ctx.version, '4.2') || (type !== 'dcim.interface' && type !== 'virtualization.vminterface'))
      return undefined;
    if (body === null || typeof body !== 'object' || !Object.hasOwn(body, 'mac_address')) return undefined;
    const value = (body as JsonObject)['mac_address'];
    if (value === null || value === '') return null;
    const mac = typeof value === 'string' ? normaliseMac(value) : null;
    if (!mac) throw new WriteError(400, { mac_address: [`Invalid MAC address format: ${String(value)}`] });
    return mac;
  }

  private afterSave(
    ctx: RenderContext,
    model: ModelDef,
    previous: StoredRecord | undefined,
    record: StoredRecord,
    legacyMac: string | null | undefined,
    actor: Actor,
    log: boolean,
  ): StoredRecord {
    let current = record;
    if (model.type === 'dcim.interface' || model.type === 'virtualization.vminterface') {
      const macId = current['primary_mac_address'];
      const mac = typeof macId === 'number' ? this.store.get('dcim.macaddress', macId) : undefined;
      if (!previous && mac && mac['assigned_object_type'] == null) {
        this.update(
          ctx,
          'dcim.macaddress',
          mac.id,
          { assigned_object_type: model.type, assigned_object_id: current.id },
          actor,
          true,
          log,
        );
      }
      if (legacyMac !== undefined) current = this.setLegacyMac(model.type, current, legacyMac);
    }
    if (model.type === 'virtualization.virtualdisk') {
      this.syncVmDisk(current['virtual_machine'] as number);
      if (previous && previous['virtual_machine'] !== current['virtual_machine'])
        this.syncVmDisk(previous['virtual_machine'] as number);
    }
    return current;
  }

  private setLegacyMac(type: ObjectType, iface: StoredRecord, mac: string | null): StoredRecord {
    const existing =
      typeof iface['primary_mac_address'] === 'number'
        ? this.store.get('dcim.macaddress', iface['primary_mac_address'])
        : undefined;
    if (mac === null) {
      if (existing) this.store.delete('dcim.macaddress', existing.id);
      return this.store.put(type, { ...iface, primary_mac_address: null });
    }
    if (existing) {
      this.store.put('dcim.macaddress', { ...existing, mac_address: mac });
      return iface;
    }
    const now = this.clock.next();
    const created = this.store.put('dcim.macaddress', {
      id: this.store.allocateId('dcim.macaddress'),
      mac_address: mac,
      assigned_object_type: type,
      assigned_object_id: iface.id,
      description: '',
      comments: '',
      tags: [],
      custom_fields: {},
      created: now,
      last_updated: now,
    });
    return this.store.put(type, { ...iface, primary_mac_address: created.id });
  }

  /** NetBox's signal: a VM's `disk` is the sum of its virtual disks (no change record). */
  private syncVmDisk(vmId: number): void {
    const vm = this.store.get('virtualization.virtualmachine', vmId);
    if (!vm) return;
    const disks = this.store.referencing('virtualization.virtualdisk', 'virtual_machine', vmId);
    const total = disks.length === 0 ? null : disks.reduce((sum, disk) => sum + (disk['size'] as number), 0);
    if (vm['disk'] !== total) this.store.put('virtualization.virtualmachine', { ...vm, disk: total });
  }

  /** Delete one object with Django's on_delete rules (cascade, protect → 409, set null). */
  remove(ctx: RenderContext, type: ObjectType, id: number, actor: Actor, log = true): void {
    this.atomic(() => {
      const root = this.store.get(type, id);
      if (!root)
        throw new WriteError(404, { detail: `No ${modelOf(type).className} matches the given query.` });
      const plan = collectDeletion(this.store, type, id);
      const doomed = new Set(plan.order.map(({ type: t, record }) => `${t}:${record.id}`));
      const blockers = plan.protect.filter(({ type: t, record }) => !doomed.has(`${t}:${record.id}`));
      if (blockers.length > 0) {
        const list = blockers
          .map(({ type: t, record }) => `${modelOf(t).display(record, ctx)} (${record.id})`)
          .join(', ');
        throw new WriteError(409, {
          detail: `Unable to delete object. ${blockers.length} dependent objects were found: ${list}`,
        });
      }
      for (const { type: t, record } of plan.order)
        if (log) this.log(ctx, 'delete', modelOf(t), record, undefined, actor);
      for (const { type: t, record } of plan.order) this.store.delete(t, record.id);
      for (const { type: t, id: refId, fields } of plan.clear) {
        const record = this.store.get(t, refId);
        if (!record) continue;
        const patch: JsonObject = {};
        for (const [name, removeId] of fields) {
          const value = record[name];
          patch[name] = Array.isArray(value) ? value.filter((item) => item !== removeId) : null;
        }
        this.store.put(t, { ...record, ...patch });
      }
      for (const { type: t, record } of plan.order) {
        if (t === 'virtualization.virtualdisk') this.syncVmDisk(record['virtual_machine'] as number);
      }
    });
  }
}
