// The NetBox source: reads the whole inventory (or some objects again, by id) and writes
// journal entries. One status read first (version → behaviour), then every list at once through
// one bounded queue; the first failure aborts the rest and the load throws (fail closed).
import PQueue from 'p-queue';
import { SyncError, toSyncError } from '../../model/errors.js';
import { assembleInventory, byId, type Lists } from './assemble.js';
import { createNetBoxClient, type PageQuery, type WritableType } from './client.js';
import { ENDPOINTS, LIST_KINDS, parseItems, shapingQuery, type ItemOf, type ListKind } from './endpoints.js';
import { resolveFilters, SCOPED_KINDS, type ScopedKind } from './filters.js';
import { listAll } from './paging.js';
import { fieldsOf, objectChangeSchema } from './schemas.js';
import type { NetBoxSource, NetBoxSourceOptions } from './types.js';
import { capabilities, type Capabilities, type NetBoxVersion } from './version.js';

const WRITABLE_TYPES: readonly WritableType[] = [
  'ipam.prefix',
  'ipam.ipaddress',
  'dcim.device',
  'virtualization.virtualmachine',
];

/** `id=` values per request when reading objects again (keeps URLs short). */
const ID_BATCH = 100;

export function createNetBoxSource(options: NetBoxSourceOptions): NetBoxSource {
  const { log } = options;
  const scoped = resolveFilters(options.filters);
  if (!options.token.trim())
    throw new SyncError('CONFIG_INVALID', 'netbox.token is empty: give the NetBox API token');
  const client = createNetBoxClient({
    url: checkedUrl(options.url),
    token: options.token,
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    onRetry: (info) => log.warn(info, 'netbox request retried'),
    ...(options.caFile ? { caFile: options.caFile } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const concurrency = options.concurrency ?? 4;
  let known: { version: NetBoxVersion; caps: Capabilities } | undefined;

  async function detect(signal: AbortSignal) {
    const status = await client.status(signal);
    const { version } = status;
    const caps = capabilities(version);
    if (caps.newerThanKnown && known?.version.text !== version.text) {
      log.warn({ version: version.text }, 'netbox version newer than 4.6, reading it as 4.6');
    }
    known = { version, caps };
    return { ...known, rqWorkersRunning: status.rqWorkersRunning };
  }

  /** Run tasks on one queue; the first failure aborts the others and is what rejects. */
  async function allOrNothing<T>(
    signal: AbortSignal,
    tasks: ((queue: PQueue, signal: AbortSignal) => Promise<T>)[],
  ) {
    const failed = new AbortController();
    const run = AbortSignal.any([signal, failed.signal]);
    const queue = new PQueue({ concurrency });
    try {
      return await Promise.all(
        tasks.map((task) =>
          task(queue, run).catch((err: unknown) => {
            failed.abort(err);
            throw err;
          }),
        ),
      );
    } finally {
      queue.clear();
    }
  }

  function readList<K extends ListKind>(kind: K, caps: Capabilities, extra: PageQuery) {
    return async (queue: PQueue, signal: AbortSignal): Promise<ItemOf<K>[]> => {
      const filters = (SCOPED_KINDS as string[]).includes(kind) ? scoped[kind as ScopedKind] : {};
      const query = { ...filters, ...shapingQuery(kind, caps), ...extra };
      const path = ENDPOINTS[kind].path;
      const raw = await listAll((q, s) => client.page(path, q, s), query, {
        path,
        baseUrl: client.baseUrl,
        queue,
        signal,
        ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      });
      return parseItems(kind, raw, caps);
    };
  }

  async function readBatched<K extends ListKind>(
    kind: K,
    key: string,
    ids: readonly number[],
    signal: AbortSignal,
  ) {
    const { caps } = known ?? (await detect(signal));
    const unique = [...new Set(ids)];
    const batches: number[][] = [];
    for (let i = 0; i < unique.length; i += ID_BATCH) batches.push(unique.slice(i, i + ID_BATCH));
    const pages = await allOrNothing(
      signal,
      batches.map((batch) => readList(kind, caps, { [key]: batch })),
    );
    const merged = new Map(pages.flat().map((item) => [item.id, item]));
    return byId([...merged.values()]);
  }

  return {
    async load(signal) {
      const started = Date.now();
      const { version, caps } = await detect(signal);
      const lists = await allOrNothing(
        signal,
        LIST_KINDS.map((kind) => readList(kind, caps, {})),
      );
      const byKind = Object.fromEntries(LIST_KINDS.map((kind, i) => [kind, lists[i]])) as unknown as Lists;
      const inventory = assembleInventory({ url: client.baseUrl, version: version.text }, byKind);
      const counts = Object.fromEntries(LIST_KINDS.map((kind) => [kind, inventory[kind].length]));
      log.info({ version: version.text, counts, ms: Date.now() - started }, 'netbox inventory loaded');
      return inventory;
    },

    async check(signal) {
      let caps: Capabilities;
      const problems: string[] = [];
      try {
        const status = await detect(signal);
        caps = status.caps;
        if (status.rqWorkersRunning === 0) {
          problems.push(
            'NetBox runs no background worker (rq-workers-running is 0): webhooks will not be delivered',
          );
        }
      } catch (err) {
        return [toSyncError(err).message];
      }
      const results = await Promise.allSettled(
        LIST_KINDS.map((kind) => {
          const filters = (SCOPED_KINDS as string[]).includes(kind) ? scoped[kind as ScopedKind] : {};
          const query = { ...filters, ...shapingQuery(kind, caps), brief: true, limit: 1 };
          return client.page(ENDPOINTS[kind].path, query, signal);
        }),
      );
      results.forEach((r, i) => {
        if (r.status === 'rejected') problems.push(`${LIST_KINDS[i]}: ${toSyncError(r.reason).message}`);
      });
      return problems;
    },

    async version(signal) {
      return (await detect(signal)).version;
    },

    loadObjects(kind, ids, signal) {
      return readBatched(kind, 'id', ids, signal);
    },

    async loadChildren(kind, parents, signal) {
      const byDevice = kind === 'interfaces' || kind === 'ipAddresses' ? (parents.deviceIds ?? []) : [];
      const byVm = kind !== 'interfaces' ? (parents.virtualMachineIds ?? []) : [];
      const [a, b] = await Promise.all([
        byDevice.length > 0 ? readBatched(kind, 'device_id', byDevice, signal) : [],
        byVm.length > 0 ? readBatched(kind, 'virtual_machine_id', byVm, signal) : [],
      ]);
      return byId([...new Map([...a, ...b].map((item) => [item.id, item])).values()]);
    },

    async readObjectChanges(query, signal) {
      const { version, caps } = known ?? (await detect(signal));
      if (!caps.coreChangeLog) {
        throw new SyncError(
          'NETBOX_VERSION_UNSUPPORTED',
          `reading the NetBox change log needs NetBox 4.1 or later (this is ${version.text}); rely on webhooks and the full sync`,
        );
      }
      const path = '/api/core/object-changes/';
      const base: PageQuery = {
        fields: fieldsOf(objectChangeSchema),
        time_after: query.since.toISOString(),
        ...(query.until ? { time_before: query.until.toISOString() } : {}),
      };
      const types = query.objectTypes && query.objectTypes.length > 0 ? query.objectTypes : [undefined];
      const pages = await allOrNothing(
        signal,
        types.map(
          (type) => (queue: PQueue, s: AbortSignal) =>
            listAll(
              (q, sig) => client.page(path, q, sig),
              type ? { ...base, changed_object_type: type } : base,
              {
                path,
                baseUrl: client.baseUrl,
                queue,
                signal: s,
              },
            ),
        ),
      );
      return byId(
        pages.flat().map((raw) => {
          const parsed = objectChangeSchema.safeParse(raw);
          if (!parsed.success) {
            const field = parsed.error.issues[0]?.path.join('.') ?? '(object)';
            throw new SyncError('NETBOX_PARSE', `NetBox returned a malformed change record: field ${field}`);
          }
          const c = parsed.data;
          return {
            id: c.id,
            time: c.time,
            action: c.action.value,
            objectType: c.changed_object_type,
            objectId: c.changed_object_id,
            requestId: c.request_id,
            userName: c.user_name,
          };
        }),
      );
    },

    async setCustomFields(ref, fields, signal) {
      const match = /^([a-z]+\.[a-z]+)\/(\d+)$/.exec(ref);
      const type = WRITABLE_TYPES.find((t) => t === match?.[1]);
      if (!match || !type) {
        throw new SyncError(
          'INTERNAL',
          `cannot write custom fields of "${ref}": nbsync writes back to ${WRITABLE_TYPES.join(', ')} only`,
        );
      }
      const { requestId } = await client.patchCustomFields(type, Number(match[2]), fields, signal);
      options.onWrite?.({ ref, what: 'custom-fields', requestId });
    },

    async writeJournal(objectType, id, kind, comments, signal = AbortSignal.timeout(60_000)) {
      const body = { assigned_object_type: objectType, assigned_object_id: id, kind, comments };
      const written = await client.createJournalEntry(body, signal);
      options.onWrite?.({ ref: `${objectType}/${id}`, what: 'journal', requestId: written.requestId });
      return written.id;
    },
  };
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SyncError(
      'CONFIG_INVALID',
      'netbox.url is not a URL: give the NetBox base URL, e.g. https://netbox.example.net',
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SyncError('CONFIG_INVALID', 'netbox.url must start with http:// or https://');
  }
  if (parsed.username || parsed.password || parsed.search) {
    throw new SyncError(
      'CONFIG_INVALID',
      'netbox.url must not carry credentials or a query; put the token in netbox.token',
    );
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
