import { normalizeName, reverseName } from '../../lib/dns-names.js';
import { SyncError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { formatOwnerMark, parseOwnerMark } from '../../model/owner.js';
import type { Change } from '../../model/plan.js';
import type { Desired, Resource, ResourceKind, Snapshot } from '../../model/resource.js';
import type { ApplyResult, ResourceKey, RunContext, Sink, SinkSettings } from '../sink.js';
import { technitiumMessage } from '../technitium-common/api.js';
import type { TechnitiumClient, TechnitiumRecord } from './client.js';
import type { TechnitiumDnsConfig } from './config.js';
import { desiredRecords, type MapOptions, observedRecord, parseRecordKey, type RecordKey } from './map.js';
import { observeRecordKeys } from './observe-keys.js';

const NOOP: ApplyResult = { outcome: 'noop' };
const APPLIED: ApplyResult = { outcome: 'applied' };
const WRITABLE_ZONE_TYPES = ['Primary', 'Forwarder'];

/**
 * DNS records in Technitium zones (A, AAAA, PTR, CNAME), owner mark in each record's
 * `comments`. With `createZones`, missing managed zones are created too (`dns.zone`); existing
 * managed zones count as this instance's by configuration, since a zone carries no comments.
 */
export class TechnitiumDnsSink implements Sink {
  readonly type = 'technitium-dns';
  readonly manages: readonly ResourceKind[];
  private readonly mapOptions: MapOptions;

  constructor(
    readonly name: string,
    readonly settings: SinkSettings,
    private readonly config: TechnitiumDnsConfig,
    private readonly client: TechnitiumClient,
  ) {
    this.manages = config.createZones ? ['dns.zone', 'dns.record'] : ['dns.record'];
    this.mapOptions = {
      zones: config.zones,
      ttl: config.ttl,
      statuses: config.statuses,
      defaultZone: config.defaultZone,
      createZones: config.createZones,
    };
  }

  desired(inventory: Inventory): Desired {
    return desiredRecords(inventory, this.mapOptions);
  }

  async observe(ctx: RunContext): Promise<Snapshot> {
    const present = new Set((await this.client.listZones(ctx.signal)).map((z) => normalizeName(z.name)));
    const missing = this.config.zones.filter((zone) => !present.has(zone));
    if (missing.length > 0 && !this.config.createZones) throw this.zoneMissing(missing);
    const resources: Resource[] = [];
    const seen = new Set<string>();
    for (const zone of this.config.zones) {
      if (!present.has(zone)) continue;
      if (this.config.createZones) {
        resources.push({ kind: 'dns.zone', key: zone, spec: {}, meta: { owner: this.owner('') } });
      }
      const { records } = await this.client.getRecords({ domain: zone, zone, listZone: true }, ctx.signal);
      for (const record of records) {
        const resource = observedRecord(zone, record);
        if (resource === null || seen.has(resource.key)) continue;
        seen.add(resource.key);
        resources.push(resource);
      }
    }
    return { resources };
  }

  /** Only the names the keys live at, one `records/get` per name (see observe-keys.ts). */
  async observeKeys(keys: readonly ResourceKey[], ctx: RunContext): Promise<Snapshot> {
    const options = {
      zones: this.config.zones,
      createZones: this.config.createZones,
      zoneOwner: this.owner(''),
      zoneMissing: (zones: readonly string[]) => this.zoneMissing(zones),
    };
    return observeRecordKeys(this.client, options, keys, ctx);
  }

  async apply(change: Change, ctx: RunContext): Promise<ApplyResult> {
    const target = change.op === 'delete' ? change.before : change.after;
    if (target.kind === 'dns.zone') return this.applyZone(change, target.key, ctx.signal);
    const key = parseRecordKey(target.key);
    if (target.kind !== 'dns.record' || key === null) {
      throw new SyncError('INTERNAL', `sink ${this.name} cannot apply ${target.kind} ${target.key}`);
    }
    switch (change.op) {
      case 'create':
        return this.create(key, change.after, ctx.signal);
      case 'update':
        return this.update(key, change.before, change.after, ctx.signal);
      case 'delete':
        return this.delete(key, ctx);
    }
  }

  async check(ctx: RunContext): Promise<readonly string[]> {
    let zones;
    try {
      await this.client.session(ctx.signal);
      zones = await this.client.listZones(ctx.signal);
    } catch (err) {
      return [err instanceof Error ? err.message : String(err)];
    }
    const problems: string[] = [];
    for (const zone of this.config.zones) {
      const found = zones.find((z) => normalizeName(z.name) === zone);
      if (!found) {
        if (!this.config.createZones) problems.push(this.zoneMissing([zone]).message);
      } else if (found.internal === true) {
        problems.push(`zone ${zone} is an internal Technitium zone; nbsync cannot write to it`);
      } else if (!WRITABLE_ZONE_TYPES.includes(found.type)) {
        problems.push(
          `zone ${zone} is a ${found.type} zone on ${this.client.where}; records can only be written to Primary zones`,
        );
      }
    }
    return problems;
  }

  private async create(key: RecordKey, after: Resource, signal: AbortSignal): Promise<ApplyResult> {
    const ttl = ttlOf(after);
    const comments = formatOwnerMark(this.owner(after.meta.source ?? ''));
    // PTRs are resources of their own: never ptr=true, and no overwrite of what is there.
    const form = {
      domain: key.name,
      zone: key.zone,
      type: key.type,
      ttl,
      comments,
      overwrite: false,
      ...rdata(key),
    };
    try {
      await this.client.addRecord(form, signal);
      return APPLIED;
    } catch (err) {
      if (!/already exists/i.test(technitiumMessage(err) ?? '')) throw err;
      const existing = await this.find(key, signal);
      if (existing && parseOwnerMark(existing.comments)?.instance === this.settings.instance) return NOOP;
      throw new SyncError(
        'SINK_REJECTED',
        `${key.type} ${key.name} cannot be created in ${key.zone}: ${technitiumMessage(err) ?? ''} The record ` +
          'there is not marked by this nbsync instance; remove it, or set adopt: true to take it over',
        { cause: err },
      );
    }
  }

  private async update(
    key: RecordKey,
    before: Resource,
    after: Resource,
    signal: AbortSignal,
  ): Promise<ApplyResult> {
    const ttl = ttlOf(after);
    const comments = formatOwnerMark(this.owner(after.meta.source ?? before.meta.owner?.ref ?? ''));
    const current = await this.find(key, signal);
    if (!current) {
      throw new SyncError(
        'SINK_REJECTED',
        `${key.type} ${key.name} vanished from ${key.zone}; the next plan creates it`,
        {
          retryable: true,
        },
      );
    }
    const owner = parseOwnerMark(current.comments);
    if (owner && owner.instance !== this.settings.instance) {
      throw new SyncError(
        'SINK_REJECTED',
        `${key.type} ${key.name} is now marked "${formatOwnerMark(owner)}"; not updating it`,
      );
    }
    const disabled = current.disabled ?? false;
    if (current.ttl === ttl && current.comments === comments && !disabled && (current.expiryTtl ?? 0) === 0)
      return NOOP;
    // Update is not a patch: ttl, comments, disable and expiryTtl are always sent (reference §Update).
    await this.client.updateRecord(
      {
        domain: key.name,
        zone: key.zone,
        type: key.type,
        ...rdata(key),
        ttl,
        comments,
        disable: false,
        expiryTtl: 0,
      },
      signal,
    );
    return APPLIED;
  }

  private async delete(key: RecordKey, ctx: RunContext): Promise<ApplyResult> {
    const { signal } = ctx;
    if (key.type === 'CNAME') {
      // records/delete removes whatever CNAME is at the name: make sure it is the planned one.
      const current = (await this.recordsAt(key.name, key.zone, signal)).find((r) => r.type === 'CNAME');
      if (!current) return NOOP;
      if (normalizeName(String(current.rData.cname ?? '')) !== key.value) {
        throw new SyncError('SINK_REJECTED', `CNAME ${key.name} now points elsewhere; not deleting it`);
      }
    }
    const keep = key.type === 'A' || key.type === 'AAAA' ? await this.foreignPtr(key, signal) : null;
    try {
      await this.client.deleteRecord(
        { domain: key.name, zone: key.zone, type: key.type, ...rdata(key) },
        signal,
      );
    } catch (err) {
      // Already gone, e.g. a PTR Technitium removed together with its A record.
      if (/no such record/i.test(technitiumMessage(err) ?? '')) return NOOP;
      throw err;
    }
    if (keep === null) return APPLIED;
    await this.restorePtr(keep, key.name, signal);
    ctx.log.info(
      { sink: this.name, ptr: keep.name },
      'restored a PTR not owned by nbsync after an A/AAAA delete',
    );
    return {
      outcome: 'applied',
      note: `restored PTR ${keep.name} (not ours) that Technitium deleted with the ${key.type}`,
    };
  }

  /**
   * Deleting an A/AAAA makes Technitium delete the PTR pointing at the name in the local reverse
   * zone (reference §Delete). Returns that PTR when it is not ours, so it can be put back.
   */
  private async foreignPtr(
    key: RecordKey,
    signal: AbortSignal,
  ): Promise<{ zone: string; name: string; record: TechnitiumRecord } | null> {
    const name = reverseName(key.value);
    let found;
    try {
      found = await this.client.getRecords({ domain: name }, signal);
    } catch (err) {
      if (/no such zone/i.test(technitiumMessage(err) ?? '')) return null;
      throw err;
    }
    if (found.zone.internal === true || !WRITABLE_ZONE_TYPES.includes(found.zone.type)) return null;
    const ptr = found.records.find(
      (r) => r.type === 'PTR' && normalizeName(String(r.rData.ptrName ?? '')) === key.name,
    );
    if (!ptr || parseOwnerMark(ptr.comments)?.instance === this.settings.instance) return null;
    return { zone: normalizeName(found.zone.name), name, record: ptr };
  }

  private async restorePtr(
    keep: { zone: string; name: string; record: TechnitiumRecord },
    target: string,
    signal: AbortSignal,
  ): Promise<void> {
    const { record } = keep;
    const form = {
      domain: keep.name,
      zone: keep.zone,
      type: 'PTR',
      ptrName: target,
      ttl: record.ttl,
      comments: record.comments ?? '',
      expiryTtl: record.expiryTtl ?? 0,
    };
    await this.client.addRecord(form, signal);
    if (record.disabled === true) await this.client.updateRecord({ ...form, disable: true }, signal);
  }

  private async applyZone(change: Change, zone: string, signal: AbortSignal): Promise<ApplyResult> {
    if (change.op === 'update') return NOOP;
    if (change.op === 'delete') {
      throw new SyncError(
        'SINK_REJECTED',
        `nbsync never deletes a zone (${zone}): it would take records nbsync does not own with it; delete it by hand`,
      );
    }
    try {
      await this.client.createZone(zone, signal);
      return APPLIED;
    } catch (err) {
      if (/zone already exists/i.test(technitiumMessage(err) ?? '')) return NOOP;
      throw err;
    }
  }

  private async find(key: RecordKey, signal: AbortSignal): Promise<TechnitiumRecord | undefined> {
    const records = await this.recordsAt(key.name, key.zone, signal);
    return records.find((r) => {
      const resource = r.type === key.type ? observedRecord(key.zone, r) : null;
      return resource !== null && parseRecordKey(resource.key)?.value === key.value;
    });
  }

  private async recordsAt(name: string, zone: string, signal: AbortSignal): Promise<TechnitiumRecord[]> {
    return (await this.client.getRecords({ domain: name, zone }, signal)).records;
  }

  private owner(ref: string): { instance: string; ref: string } {
    return { instance: this.settings.instance, ref };
  }

  private zoneMissing(zones: readonly string[]): SyncError {
    const list = zones.join(', ');
    return new SyncError(
      'ZONE_MISSING',
      `zone ${list} does not exist on ${this.client.where} (sink "${this.name}"): create it as a Primary ` +
        'zone (web console: Zones > Add Zone) or set createZones: true on the sink',
      { details: { zones: [...zones] } },
    );
  }
}

function rdata(key: RecordKey): { ipAddress?: string; cname?: string; ptrName?: string } {
  switch (key.type) {
    case 'A':
    case 'AAAA':
      return { ipAddress: key.value };
    case 'CNAME':
      return { cname: key.value };
    case 'PTR':
      return { ptrName: key.value };
  }
}

function ttlOf(resource: Resource): number {
  const ttl = resource.spec.ttl;
  if (typeof ttl !== 'number') throw new SyncError('INTERNAL', `resource ${resource.key} has no numeric ttl`);
  return ttl;
}
