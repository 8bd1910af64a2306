import PQueue from 'p-queue';
import { normalizeName } from '../../lib/dns-names.js';
import { SyncError } from '../../model/errors.js';
import type { Resource, Snapshot } from '../../model/resource.js';
import type { ResourceKey, RunContext } from '../sink.js';
import { technitiumMessage } from '../technitium-common/api.js';
import type { TechnitiumClient, TechnitiumRecord } from './client.js';
import { observedRecord, parseRecordKey } from './map.js';

/** Names read at once by a targeted observation. */
const CONCURRENCY = 8;
/**
 * More affected names than this in one zone (a bulk edit) and the zone is listed once instead:
 * one large answer costs less than hundreds of round trips.
 */
const LIST_ZONE_ABOVE = 64;

export interface KeyedReadOptions {
  /** Managed zones, normalised. */
  readonly zones: readonly string[];
  readonly createZones: boolean;
  /** This instance's owner mark on an existing managed zone (zones carry no comments). */
  readonly zoneOwner: { readonly instance: string; readonly ref: string };
  /** The ZONE_MISSING error for these zones. */
  readonly zoneMissing: (zones: readonly string[]) => SyncError;
}

/** One `records/get`: the records at `name` in `zone`, or (`listZone`) all records of the zone. */
interface NameRead {
  readonly zone: string;
  readonly name: string;
  readonly listZone: boolean;
}

/**
 * A targeted observation: every record of a managed type at each name the keys live at, read
 * with `records/get` for that name in its zone, so unmarked or foreign records sharing a name
 * with a key are still seen (a zone with very many affected names is listed whole instead, which
 * returns more than asked, never less). A key whose record is not returned is absent.
 * `dns.zone` keys report the zone when it exists. A managed zone that is missing fails the read
 * (ZONE_MISSING) unless the sink creates zones; any failed read fails it all (fail closed).
 */
export async function observeRecordKeys(
  client: TechnitiumClient,
  options: KeyedReadOptions,
  keys: readonly ResourceKey[],
  ctx: RunContext,
): Promise<Snapshot> {
  const { reads, zoneKeys } = plan(keys, options.zones);
  const present = new Map<string, boolean>();
  const found = new Map<NameRead, TechnitiumRecord[]>();
  const queue = new PQueue({ concurrency: CONCURRENCY });
  try {
    await Promise.all(
      reads.map((read) =>
        queue.add(async () => {
          const records = await recordsAt(client, read, ctx.signal);
          // Missing wins: a zone one read did not find is missing for all (fail closed).
          present.set(read.zone, records !== null && present.get(read.zone) !== false);
          if (records !== null) found.set(read, records);
        }),
      ),
    );
  } finally {
    queue.clear();
  }
  const unknown = zoneKeys.filter((zone) => !present.has(zone));
  if (unknown.length > 0) {
    const existing = new Set((await client.listZones(ctx.signal)).map((z) => normalizeName(z.name)));
    for (const zone of unknown) present.set(zone, existing.has(zone));
  }
  const missing = [...present].filter(([, here]) => !here).map(([zone]) => zone);
  if (missing.length > 0 && !options.createZones) throw options.zoneMissing(missing.sort());

  const resources: Resource[] = [];
  for (const zone of zoneKeys) {
    if (present.get(zone))
      resources.push({ kind: 'dns.zone', key: zone, spec: {}, meta: { owner: options.zoneOwner } });
  }
  const seen = new Set<string>();
  for (const read of reads) {
    for (const record of found.get(read) ?? []) {
      const resource = observedRecord(read.zone, record);
      if (resource === null || seen.has(resource.key)) continue;
      seen.add(resource.key);
      resources.push(resource);
    }
  }
  return { resources };
}

/**
 * One read per distinct (zone, name) of the record keys, or one listing of a zone with more
 * than LIST_ZONE_ABOVE of them; and the zones asked for as `dns.zone`.
 */
function plan(
  keys: readonly ResourceKey[],
  zones: readonly string[],
): { reads: NameRead[]; zoneKeys: string[] } {
  const names = new Map<string, Set<string>>();
  const zoneKeys = new Set<string>();
  for (const { kind, key } of keys) {
    const parsed = kind === 'dns.record' ? parseRecordKey(key) : null;
    const zone = kind === 'dns.zone' ? key : parsed?.zone;
    if (zone === undefined || !zones.includes(zone)) {
      throw new SyncError(
        'INTERNAL',
        `technitium-dns cannot observe ${kind} ${key}: not a record or zone it manages`,
      );
    }
    if (!parsed) {
      zoneKeys.add(zone);
      continue;
    }
    const atZone = names.get(zone) ?? new Set<string>();
    names.set(zone, atZone.add(parsed.name));
  }
  const reads = [...names].flatMap(([zone, atZone]): NameRead[] =>
    atZone.size > LIST_ZONE_ABOVE
      ? [{ zone, name: zone, listZone: true }]
      : [...atZone].map((name) => ({ zone, name, listZone: false })),
  );
  return { reads, zoneKeys: [...zoneKeys] };
}

/**
 * The records at one name of a zone, or `null` when the zone does not exist. Technitium answers
 * from the closest enclosing zone when the one asked for is missing (reference §Records), so
 * the zone in the answer must be the one asked for.
 */
async function recordsAt(
  client: TechnitiumClient,
  read: NameRead,
  signal: AbortSignal,
): Promise<TechnitiumRecord[] | null> {
  try {
    const query = { domain: read.name, zone: read.zone, ...(read.listZone ? { listZone: true } : {}) };
    const answer = await client.getRecords(query, signal);
    return normalizeName(answer.zone.name) === read.zone ? answer.records : null;
  } catch (err) {
    if (/no such zone/i.test(technitiumMessage(err) ?? '')) return null;
    throw err;
  }
}
