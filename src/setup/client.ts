// The NetBox calls of netbox-setup: openapi-fetch over openapi/generated/netbox.ts, behind the
// shared retrying fetch (src/lib/http.ts). Reads look objects up by name (small answers, paged
// by offset to be safe); writes create or PATCH one object and return it parsed.
import { z } from 'zod';
import type { components } from '../../openapi/generated/netbox.js';
import type { FetchLike } from '../lib/http.js';
import { SyncError } from '../model/errors.js';
import { createNetBoxApi, netBoxJson, netBoxStrict } from '../sources/netbox/client.js';
import type { NetBoxVersion } from '../sources/netbox/version.js';
import {
  customFieldSchema,
  eventRuleSchema,
  tagSchema,
  toCustomField,
  toEventRule,
  toTag,
  toWebhook,
  webhookSchema,
} from './schemas.js';
import type { ObservedCustomField, ObservedEventRule, ObservedTag, ObservedWebhook } from './types.js';

type Schemas = components['schemas'];

export interface SetupClientOptions {
  readonly url: string;
  readonly token: string;
  readonly caFile?: string;
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
}

/** What netbox-setup reads from and writes to NetBox. */
export interface SetupClient {
  readonly baseUrl: string;
  status(signal: AbortSignal): Promise<{ version: NetBoxVersion; rqWorkersRunning: number | null }>;
  customFields(names: readonly string[], signal: AbortSignal): Promise<ObservedCustomField[]>;
  tags(
    by: { slugs?: readonly string[]; names?: readonly string[] },
    signal: AbortSignal,
  ): Promise<ObservedTag[]>;
  webhooks(
    by: { names?: readonly string[]; payloadUrls?: readonly string[] },
    signal: AbortSignal,
  ): Promise<ObservedWebhook[]>;
  eventRules(names: readonly string[], signal: AbortSignal): Promise<ObservedEventRule[]>;
  createCustomField(body: Schemas['CustomFieldRequest'], signal: AbortSignal): Promise<{ id: number }>;
  patchCustomField(
    id: number,
    body: Schemas['CustomFieldPatch'],
    signal: AbortSignal,
  ): Promise<{ id: number }>;
  createTag(body: Schemas['TagRequest'], signal: AbortSignal): Promise<{ id: number }>;
  patchTag(id: number, body: Schemas['TagPatch'], signal: AbortSignal): Promise<{ id: number }>;
  createWebhook(body: Schemas['WebhookRequest'], signal: AbortSignal): Promise<{ id: number }>;
  patchWebhook(id: number, body: Schemas['WebhookPatch'], signal: AbortSignal): Promise<{ id: number }>;
  createEventRule(body: Schemas['EventRuleRequest'], signal: AbortSignal): Promise<{ id: number }>;
  patchEventRule(id: number, body: Schemas['EventRulePatch'], signal: AbortSignal): Promise<{ id: number }>;
}

const PAGE = 1000;

export function createSetupClient(options: SetupClientOptions): SetupClient {
  if (!options.token.trim()) {
    throw new SyncError('CONFIG_INVALID', 'netbox.token is empty: give the NetBox API token');
  }
  const api = createNetBoxApi({
    ...options,
    authHint:
      'check netbox.token: netbox-setup needs a token whose user may view, add and change custom fields, tags, webhooks and event rules',
  });
  const { baseUrl, client } = api;
  const json = <T>(call: Promise<T>, where: string): Promise<T> => netBoxJson(() => call, where);

  /** Every page of a list call (offset paging until `next` is null). */
  async function all<T>(
    where: string,
    schema: z.ZodType<T>,
    call: (offset: number) => Promise<{ data?: unknown }>,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let offset = 0; ;) {
      const { data } = await json(call(offset), `GET ${where}`);
      const page = netBoxStrict(envelope, data, `GET ${where}`);
      items.push(
        ...page.results.map((item, i) => netBoxStrict(schema, item, `GET ${where} item ${offset + i}`)),
      );
      if (page.next === null || page.results.length === 0) return items;
      offset += page.results.length;
    }
  }

  const created = async (call: Promise<{ data?: unknown }>, where: string): Promise<{ id: number }> =>
    netBoxStrict(createdSchema, (await json(call, where)).data, where);

  return {
    baseUrl,
    status: (signal) => api.status(signal),
    async customFields(names, signal) {
      const path = '/api/extras/custom-fields/';
      const query = (offset: number) => ({ name: [...names], limit: PAGE, offset });
      const raw = await all(path, customFieldSchema, (offset) =>
        client.GET(path, { signal, params: { query: query(offset) } }),
      );
      return raw.map(toCustomField);
    },
    async tags(by, signal) {
      const path = '/api/extras/tags/';
      const query = (offset: number) => ({
        ...(by.slugs ? { slug: [...by.slugs] } : {}),
        ...(by.names ? { name: [...by.names] } : {}),
        limit: PAGE,
        offset,
      });
      const raw = await all(path, tagSchema, (offset) =>
        client.GET(path, { signal, params: { query: query(offset) } }),
      );
      return raw.map(toTag);
    },
    async webhooks(by, signal) {
      const path = '/api/extras/webhooks/';
      const query = (offset: number) => ({
        ...(by.names ? { name: [...by.names] } : {}),
        ...(by.payloadUrls ? { payload_url: [...by.payloadUrls] } : {}),
        limit: PAGE,
        offset,
      });
      const raw = await all(path, webhookSchema, (offset) =>
        client.GET(path, { signal, params: { query: query(offset) } }),
      );
      return raw.map(toWebhook);
    },
    async eventRules(names, signal) {
      const path = '/api/extras/event-rules/';
      const query = (offset: number) => ({ name: [...names], limit: PAGE, offset });
      const raw = await all(path, eventRuleSchema, (offset) =>
        client.GET(path, { signal, params: { query: query(offset) } }),
      );
      return raw.map(toEventRule);
    },
    createCustomField: (body, signal) =>
      created(client.POST('/api/extras/custom-fields/', { body, signal }), 'POST custom field'),
    patchCustomField: (id, body, signal) =>
      created(
        client.PATCH('/api/extras/custom-fields/{id}/', { body, signal, params: { path: { id } } }),
        'PATCH custom field',
      ),
    createTag: (body, signal) => created(client.POST('/api/extras/tags/', { body, signal }), 'POST tag'),
    patchTag: (id, body, signal) =>
      created(
        client.PATCH('/api/extras/tags/{id}/', { body, signal, params: { path: { id } } }),
        'PATCH tag',
      ),
    createWebhook: (body, signal) =>
      created(client.POST('/api/extras/webhooks/', { body, signal }), 'POST webhook'),
    patchWebhook: (id, body, signal) =>
      created(
        client.PATCH('/api/extras/webhooks/{id}/', { body, signal, params: { path: { id } } }),
        'PATCH webhook',
      ),
    createEventRule: (body, signal) =>
      created(client.POST('/api/extras/event-rules/', { body, signal }), 'POST event rule'),
    patchEventRule: (id, body, signal) =>
      created(
        client.PATCH('/api/extras/event-rules/{id}/', { body, signal, params: { path: { id } } }),
        'PATCH event rule',
      ),
  };
}

const envelope = z.object({ next: z.string().nullable(), results: z.array(z.unknown()) });
const createdSchema = z.object({ id: z.int().nonnegative() });
