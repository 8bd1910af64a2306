import type { Sink, SinkSettings } from '../../../src/sinks/sink.js';
import { technitiumDnsFactory } from '../../../src/sinks/technitium-dns/index.js';
import { envSecrets, sinkDeps } from '../../helpers/sink-harness.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from './fake.js';

export { runContext } from '../../helpers/sink-harness.js';

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
  return technitiumDnsFactory.create(
    'dns',
    config,
    sinkDeps(settings, envSecrets({ TECHNITIUM_TOKEN: token })),
  );
}
