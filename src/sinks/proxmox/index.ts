import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SyncError } from '../../model/errors.js';
import type { SinkFactory } from '../sink.js';
import { ProxmoxClient } from './client.js';
import { apiBase, proxmoxConfigSchema, TOKEN_PATTERN } from './config.js';
import { ProxmoxSink } from './sink.js';
import { fetchTrusting } from './tls.js';

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
    let fetcher: (request: Request) => Promise<Response> = (request) => deps.fetch(request);
    if (config.caFile !== undefined) {
      if (!baseUrl.startsWith('https:')) {
        throw new SyncError('CONFIG_INVALID', `sinks.${name}.caFile: only makes sense with an https:// url`);
      }
      const path = resolve(deps.baseDir, config.caFile);
      let ca: Buffer;
      try {
        ca = readFileSync(path);
      } catch (err) {
        throw new SyncError('CONFIG_INVALID', `sinks.${name}.caFile: cannot read ${path}; fix the path or permissions`, {
          cause: err,
        });
      }
      fetcher = fetchTrusting(ca);
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
