// `nbsync netbox-setup`: read what NetBox has under the names nbsync uses, plan, and (with
// --apply) create or update it. What the CLI and tests import.
import { SyncError } from '../model/errors.js';
import type { SetupClient } from './client.js';
import { desiredSetup, setupObjectName, type SetupOptions } from './desired.js';
import { planSetup } from './plan.js';
import type { ObservedSetup, SetupPlan } from './types.js';

export { applySetup, SETUP_PERMISSIONS } from './apply.js';
export { createSetupClient, type SetupClient, type SetupClientOptions } from './client.js';
export { desiredSetup, eventObjectTypes, markerInstance, setupMarker, setupObjectName } from './desired.js';
export type { SetupOptions } from './desired.js';
export { HIDDEN, planSetup } from './plan.js';
export { renderSetupPlan, renderSetupResult, setupToJson, summarise, type SetupSummary } from './render.js';
export type * from './types.js';

/** The webhook path of `nbsync serve` (src/server). */
export const WEBHOOK_PATH = '/webhooks/netbox';

/**
 * The URL NetBox posts events to: `--url` (nbsync's address as NetBox sees it; the webhook path
 * is appended unless given), else `http://<server.listen>`. A wildcard listen address is not
 * an address NetBox can call, so it needs `--url`.
 */
export function webhookUrl(publicUrl: string | undefined, listen: string): string {
  if (publicUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(publicUrl);
    } catch {
      throw new SyncError(
        'BAD_REQUEST',
        `--url must be an http(s) URL such as https://nbsync.example.net, not "${publicUrl}"`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new SyncError('BAD_REQUEST', `--url must be an http(s) URL, not "${publicUrl}"`);
    if (url.search || url.hash) throw new SyncError('BAD_REQUEST', '--url takes no query string or fragment');
    const path = url.pathname.replace(/\/+$/, '');
    url.pathname = path.endsWith(WEBHOOK_PATH) ? path : `${path}${WEBHOOK_PATH}`;
    return url.href;
  }
  const host = listen.replace(/:\d+$/, '');
  if (host === '0.0.0.0' || host === '[::]' || host === '::') {
    throw new SyncError(
      'BAD_REQUEST',
      `server.listen is ${listen}, which is not an address NetBox can call: pass --url with nbsync's address as NetBox sees it, e.g. --url http://nbsync.example.net:8080`,
    );
  }
  return `http://${listen}${WEBHOOK_PATH}`;
}

function byId<T extends { id: number }>(...lists: T[][]): T[] {
  return [...new Map(lists.flat().map((item) => [item.id, item])).values()];
}

/** Read NetBox (its version first: the plan depends on it) and plan. */
export async function planNetBoxSetup(
  client: SetupClient,
  options: Omit<SetupOptions, 'version'>,
  signal: AbortSignal,
): Promise<SetupPlan> {
  const status = await client.status(signal);
  const desired = desiredSetup({ ...options, version: status.version });
  const tagSlugs = desired.tags.map((t) => t.slug);
  const tagNames = desired.tags.map((t) => t.name);
  const name = setupObjectName(options.instance);
  const [customFields, bySlug, byName, named, sameUrl, eventRules] = await Promise.all([
    client.customFields(
      desired.customFields.map((cf) => cf.name),
      signal,
    ),
    client.tags({ slugs: tagSlugs }, signal),
    client.tags({ names: tagNames }, signal),
    client.webhooks({ names: [name] }, signal),
    client.webhooks({ payloadUrls: [options.payloadUrl] }, signal),
    client.eventRules([name], signal),
  ]);
  const observed: ObservedSetup = {
    customFields,
    tags: byId(bySlug, byName),
    webhooks: byId(named, sameUrl),
    eventRules,
  };
  return planSetup(desired, observed, {
    instance: options.instance,
    netboxUrl: client.baseUrl,
    netboxVersion: status.version,
    rqWorkersRunning: status.rqWorkersRunning,
  });
}
