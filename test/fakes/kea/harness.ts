import pino from 'pino';
import { keaFactory, type KeaSink } from '../../../src/sinks/kea/index.js';
import type { RunContext, SinkDeps, SinkSettings } from '../../../src/sinks/sink.js';

/** Where tests pretend the Kea Control Agent lives; msw answers for it. */
export const KEA_URL = 'http://kea.test:8000/';

export function sinkSettings(overrides: Partial<SinkSettings> = {}): SinkSettings {
  return {
    mode: 'apply',
    policy: 'sync',
    safety: { maxChangePercent: 30, minExisting: 10 },
    adopt: false,
    instance: 'homelab',
    ...overrides,
  };
}

export function runContext(): RunContext {
  return { log: pino({ level: 'silent' }), signal: new AbortController().signal };
}

/** A `kea` sink built through its factory from raw config keys, as the loader would. */
export function keaSink(
  own: Record<string, unknown> = {},
  settings: Partial<SinkSettings> = {},
  secrets: Readonly<Record<string, string>> = {},
  url = KEA_URL,
): KeaSink {
  const config = keaFactory.schema.parse({ url, ...own });
  const deps: SinkDeps = {
    settings: sinkSettings(settings),
    secret: (ref) => {
      const value = 'env' in ref ? secrets[ref.env] : undefined;
      if (value === undefined) throw new Error('unexpected secret ref');
      return value;
    },
    fetch: (input, init) => globalThis.fetch(input, init),
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => undefined },
    baseDir: '.',
    sinkByName: () => undefined,
  };
  return keaFactory.create('kea', config, deps);
}
