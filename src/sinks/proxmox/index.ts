import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createCaFetch, type FetchLike } from '../../lib/http.js';
import { SyncError } from '../../model/errors.js';
import type { SinkFactory } from '../sink.js';
import { ProxmoxClient } from './client.js';
import { apiBase, proxmoxConfigSchema, TOKEN_PATTERN } from './config.js';
import { ProxmoxSink } from './sink.js';

export { ProxmoxSink } from './sink.js';
export { ProxmoxClient } from './client.js';
export { proxmoxConfigSchema, type ProxmoxConfig } from './config.js';

/** The `proxmox` sink type: Proxmox VE VMs following NetBox VMs. */
export const proxmoxFactory: SinkFactory<typeof proxmoxConfigSchema> = {
  type: 'proxmox',
  schema: proxmoxConfigSchema,
  create(name, config, deps) {
    const token = deps.secret(config.token);
    if (!TOKEN_PATTERN.test(token)) {
      throw new SyncError(
        'CONFIG_INVALID',
        `sinks.${name}.token: expected an API token as USER@REALM!TOKENID=SECRET (e.g. nbsync@pve!sync=<uuid>)`,
      );
    }
    const baseUrl = apiBase(config.url);
    let fetcher: FetchLike = (input, init) => deps.fetch(input, init);
    if (config.caFile !== undefined) {
      if (!baseUrl.startsWith('https:')) {
        throw new SyncError('CONFIG_INVALID', `sinks.${name}.caFile: only makes sense with an https:// url`);
      }
      const path = resolve(deps.baseDir, config.caFile);
      let ca: Buffer;
      try {
        ca = readFileSync(path);
      } catch (err) {
        throw new SyncError(
          'CONFIG_INVALID',
          `sinks.${name}.caFile: cannot read ${path}; fix the path or permissions`,
          {
            cause: err,
          },
        );
      }
      // node:https with `ca` (lib/http); undici's Agent is not a dependency.
      fetcher = createCaFetch(ca);
    }
    return new ProxmoxSink({
      name,
      settings: deps.settings,
      client: new ProxmoxClient({ baseUrl, token, fetch: fetcher }),
      netbox: deps.netbox,
      mapping: {
        clusters: config.clusters,
        defaultNode: config.defaultNode,
        template: config.template,
        bridge: config.bridge,
        gateways: config.gateways ?? {},
      },
      ...(config.storage !== undefined ? { storage: config.storage } : {}),
    });
  },
};
