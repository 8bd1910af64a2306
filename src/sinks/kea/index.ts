import type { SinkFactory } from '../sink.js';
import { KeaClient } from './client.js';
import { keaSchema } from './config.js';
import { KeaSink } from './sink.js';

/** The `kea` sink type: host reservations in ISC Kea DHCPv4 through the Control Agent. */
export const keaFactory: SinkFactory<typeof keaSchema> = {
  type: 'kea',
  schema: keaSchema,
  create(name, config, deps) {
    const auth = config.auth
      ? { username: config.auth.username, password: deps.secret(config.auth.password) }
      : undefined;
    const client = new KeaClient({ url: config.url, auth, fetch: deps.fetch, sink: name });
    return new KeaSink(name, deps.settings, config, client);
  },
};

export { KeaSink, REQUIRED_COMMANDS, type KeaSinkOptions } from './sink.js';
export { KeaClient, keaText, type KeaAnswer, type KeaClientOptions } from './client.js';
export { keaSchema, type KeaConfig } from './config.js';
