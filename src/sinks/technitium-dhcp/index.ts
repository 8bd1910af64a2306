import type { SinkFactory } from '../sink.js';
import { TechnitiumDhcpClient } from './client.js';
import { technitiumDhcpSchema } from './config.js';
import { TechnitiumDhcpSink } from './sink.js';

/**
 * The `technitium-dhcp` sink type: reserved leases in Technitium DHCP scopes. `create` returns
 * the concrete {@link TechnitiumDhcpSink} (benchmarks and tests call its `align` directly).
 */
export const technitiumDhcpFactory = {
  type: 'technitium-dhcp',
  schema: technitiumDhcpSchema,
  create(name, config, deps): TechnitiumDhcpSink {
    const client = new TechnitiumDhcpClient({
      url: config.url,
      token: deps.secret(config.token),
      fetch: deps.fetch,
      sink: name,
    });
    return new TechnitiumDhcpSink(name, deps.settings, config, client);
  },
} satisfies SinkFactory<typeof technitiumDhcpSchema>;

export { TechnitiumDhcpSink } from './sink.js';
export { TechnitiumDhcpClient, type TechnitiumDhcpClientOptions } from './client.js';
export { technitiumDhcpSchema, type TechnitiumDhcpConfig } from './config.js';
