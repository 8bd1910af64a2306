import { keaFactory, type KeaSink } from '../../../src/sinks/kea/index.js';
import type { SinkSettings } from '../../../src/sinks/sink.js';
import { envSecrets, sinkDeps } from '../../helpers/sink-harness.js';

export { runContext } from '../../helpers/sink-harness.js';
export { settings as sinkSettings } from '../../helpers/resources.js';

/** Where tests pretend the Kea Control Agent lives; msw answers for it. */
export const KEA_URL = 'http://kea.test:8000/';

/** A `kea` sink built through its factory from raw config keys, as the loader would. */
export function keaSink(
  own: Record<string, unknown> = {},
  settings: Partial<SinkSettings> = {},
  secrets: Readonly<Record<string, string>> = {},
  url = KEA_URL,
): KeaSink {
  const config = keaFactory.schema.parse({ url, ...own });
  return keaFactory.create('kea', config, sinkDeps(settings, envSecrets(secrets)));
}
