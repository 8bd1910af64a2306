import type { SinkFactory } from '../sink.js';
import { KeaClient } from './client.js';
import { keaSchema } from './config.js';
import { KeaSink } from './sink.js';

/**
 * The `kea` sink type: host reservations in ISC Kea DHCPv4 through the Control Agent. `create`
 * returns the concrete {@link KeaSink} (benchmarks and tests call its `align` directly).
 */
export const keaFactory = {
  type: 'kea',
  schema: keaSchema,
  create(name, config, deps): KeaSink {
    const auth = config.auth
      ? { username: config.auth.username, password: deps.secret(config.auth.password) }
      : undefined;
    const client = new KeaClient({ url: config.url, auth, fetch: deps.fetch, sink: name });
    return new KeaSink(name, deps.settings, config, client);
  },
} satisfies SinkFactory<typeof keaSchema>;

export { KeaSink, REQUIRED_COMMANDS, type KeaSinkOptions } from './sink.js';
export { KeaClient, keaText, type KeaAnswer, type KeaClientOptions } from './client.js';
export { keaSchema, type KeaConfig } from './config.js';
