import pino from 'pino';
import type { Sink, RunContext, SinkDeps, SinkSettings } from '../../../src/sinks/sink.js';
import { technitiumDnsFactory } from '../../../src/sinks/technitium-dns/index.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from './fake.js';

/** Where tests pretend Technitium lives; msw answers for it, nothing leaves the process. */
export const TECHNITIUM_URL = 'http://technitium.test:5380';

export const HOMELAB_ZONES = [
  'int.lavaduck.net',
  '10.10.10.in-addr.arpa',
  '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
];

/** A fake with the homelab zones (forward, IPv4 and IPv6 reverse). */
export function homelabFake(zones: readonly string[] = HOMELAB_ZONES): FakeTechnitium {
  const fake = new FakeTechnitium();
  for (const zone of zones) fake.addZone(zone);
  return fake;
}

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

/**
 * A `technitium-dns` sink built through its factory from raw config keys, as the loader would,
 * talking to TECHNITIUM_URL through the global fetch (so msw sees every request).
 */
export function technitiumSink(
  own: Record<string, unknown> = {},
  settings: Partial<SinkSettings> = {},
  token = FAKE_TECHNITIUM_TOKEN,
): Sink {
  const config = technitiumDnsFactory.schema.parse({
    url: TECHNITIUM_URL,
    token: { env: 'TECHNITIUM_TOKEN' },
    zones: HOMELAB_ZONES,
    ...own,
  });
  const deps: SinkDeps = {
    settings: sinkSettings(settings),
    secret: (ref) => {
      if (!('env' in ref) || ref.env !== 'TECHNITIUM_TOKEN') throw new Error('unexpected secret ref');
      return token;
    },
    fetch: (input, init) => globalThis.fetch(input, init),
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => undefined },
    baseDir: '.',
    sinkByName: () => undefined,
  };
  return technitiumDnsFactory.create('dns', config, deps);
}

export function runContext(): RunContext {
  return { log: pino({ level: 'silent' }), signal: new AbortController().signal };
}
