import type { SinkFactory } from '../sink.js';
import { TechnitiumClient } from './client.js';
import { checkTechnitiumDnsConfig, technitiumDnsSchema } from './config.js';
import { TechnitiumDnsSink } from './sink.js';

/** The `technitium-dns` sink type: DNS records in Technitium zones through its HTTP API. */
export const technitiumDnsFactory: SinkFactory<typeof technitiumDnsSchema> = {
  type: 'technitium-dns',
  schema: technitiumDnsSchema,
  create(name, config, deps) {
    checkTechnitiumDnsConfig(name, config);
    const client = new TechnitiumClient({
      url: config.url,
      token: deps.secret(config.token),
      fetch: deps.fetch,
      sink: name,
    });
    return new TechnitiumDnsSink(name, deps.settings, config, client);
  },
};

export { TechnitiumDnsSink } from './sink.js';
export { TechnitiumClient, type TechnitiumClientOptions } from './client.js';
export { technitiumDnsSchema, type TechnitiumDnsConfig } from './config.js';
export { desiredRecords, parseRecordKey, recordKey, type MapOptions, type RecordKey } from './map.js';
