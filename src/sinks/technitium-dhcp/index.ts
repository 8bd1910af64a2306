import type { SinkFactory } from '../sink.js';
import { TechnitiumDhcpClient } from './client.js';
import { technitiumDhcpSchema } from './config.js';
import { TechnitiumDhcpSink } from './sink.js';

/** The `technitium-dhcp` sink type: reserved leases in Technitium DHCP scopes. */
export const technitiumDhcpFactory: SinkFactory<typeof technitiumDhcpSchema> = {
  type: 'technitium-dhcp',
  schema: technitiumDhcpSchema,
  create(name, config, deps) {
    const client = new TechnitiumDhcpClient({
      url: config.url,
      token: deps.secret(config.token),
      fetch: deps.fetch,
      sink: name,
    });
    return new TechnitiumDhcpSink(name, deps.settings, config, client);
  },
};

export { TechnitiumDhcpSink } from './sink.js';
export { TechnitiumDhcpClient, type TechnitiumDhcpClientOptions } from './client.js';
export { technitiumDhcpSchema, type TechnitiumDhcpConfig } from './config.js';
