// Apply a netbox-setup plan, in its order (custom fields, tags, webhook, event rule). A change
// NetBox refuses is reported and the others go on; a 401/403 stops everything, with the
// permission the token lacks. The event rule of a webhook created in the same run gets the
// new webhook's id.
import { SyncError, toSyncError } from '../model/errors.js';
import type { SetupClient } from './client.js';
import type { SetupChange, SetupKind, SetupPlan, SetupResult } from './types.js';

/** The NetBox model name in permission codenames (`extras.add_customfield`). */
const MODEL: Readonly<Record<SetupKind, string>> = {
  'extras.customfield': 'customfield',
  'extras.tag': 'tag',
  'extras.webhook': 'webhook',
  'extras.eventrule': 'eventrule',
};

const NOUN: Readonly<Record<SetupKind, string>> = {
  'extras.customfield': 'custom field',
  'extras.tag': 'tag',
  'extras.webhook': 'webhook',
  'extras.eventrule': 'event rule',
};

/** The permissions netbox-setup needs, as NetBox names them (for messages and docs). */
export const SETUP_PERMISSIONS: readonly string[] = Object.values(MODEL).flatMap((model) =>
  ['view', 'add', 'change'].map((action) => `extras.${action}_${model}`),
);

/** Why a write was refused for lack of rights, and what the token needs. */
function permissionError(change: SetupChange, err: SyncError): SyncError {
  const action = change.op === 'create' ? 'add' : 'change';
  const status = typeof err.details?.status === 'number' ? ` (HTTP ${err.details.status})` : '';
  return new SyncError(
    'NETBOX_AUTH',
    `NetBox refused to ${change.op} ${NOUN[change.kind]} ${change.key}${status}: the token must be write-enabled ` +
      `and its user needs the permission extras.${action}_${MODEL[change.kind]}; netbox-setup needs ` +
      `${SETUP_PERMISSIONS.join(', ')} (or a superuser's token for this one-time setup)`,
    { cause: err, details: { kind: change.kind, key: change.key, ...(err.details ?? {}) } },
  );
}

async function write(client: SetupClient, change: SetupChange, signal: AbortSignal): Promise<{ id: number }> {
  // plan.ts builds each body from the request shape openapi/netbox.yaml declares for its kind.
  const body = change.write as never;
  const id = change.id ?? -1;
  const create = change.op === 'create';
  switch (change.kind) {
    case 'extras.customfield':
      return create ? client.createCustomField(body, signal) : client.patchCustomField(id, body, signal);
    case 'extras.tag':
      return create ? client.createTag(body, signal) : client.patchTag(id, body, signal);
    case 'extras.webhook':
      return create ? client.createWebhook(body, signal) : client.patchWebhook(id, body, signal);
    case 'extras.eventrule':
      return create ? client.createEventRule(body, signal) : client.patchEventRule(id, body, signal);
  }
}

/**
 * Apply every change of `plan`. Throws NETBOX_AUTH (naming the missing permission) when NetBox
 * refuses a write for lack of rights; other refusals are `failed` results.
 */
export async function applySetup(
  client: SetupClient,
  plan: SetupPlan,
  signal: AbortSignal,
  onResult: (result: SetupResult) => void = () => undefined,
): Promise<SetupResult[]> {
  const results: SetupResult[] = [];
  let webhookId: number | undefined;
  const record = (result: SetupResult): void => {
    results.push(result);
    onResult(result);
  };
  for (const change of plan.changes) {
    const base = { kind: change.kind, key: change.key, op: change.op };
    let prepared = change;
    if (change.kind === 'extras.eventrule' && typeof change.write['action_object_id'] === 'string') {
      if (webhookId === undefined) {
        record({ ...base, outcome: 'skipped', reason: 'the webhook it calls was not created' });
        continue;
      }
      prepared = { ...change, write: { ...change.write, action_object_id: webhookId } };
    }
    try {
      const { id } = await write(client, prepared, signal);
      if (change.kind === 'extras.webhook') webhookId = id;
      record({ ...base, outcome: 'applied', id });
    } catch (err) {
      const error = toSyncError(err);
      if (error.code === 'NETBOX_AUTH') throw permissionError(change, error);
      record({ ...base, outcome: 'failed', errorCode: error.code, reason: error.message });
    }
  }
  return results;
}
