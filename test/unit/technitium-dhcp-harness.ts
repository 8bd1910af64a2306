import type { SinkSettings } from '../../src/sinks/sink.js';
import { technitiumDhcpFactory, type TechnitiumDhcpSink } from '../../src/sinks/technitium-dhcp/index.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../fakes/technitium/index.js';
import { envSecrets, sinkDeps } from '../helpers/sink-harness.js';

export { runContext } from '../helpers/sink-harness.js';

/** Where tests pretend Technitium lives; msw answers for it, nothing leaves the process. */
export const TECHNITIUM_DHCP_URL = 'http://technitium-dhcp.test:5380';

/** A fake with two scopes: `lan` 10.10.20.0/24 and `iot` 10.10.30.0/24. */
export function dhcpFake(): FakeTechnitium {
  const fake = new FakeTechnitium();
  fake.addScope({
    name: 'lan',
    startingAddress: '10.10.20.100',
    endingAddress: '10.10.20.199',
    subnetMask: '255.255.255.0',
  });
  fake.addScope({
    name: 'iot',
    startingAddress: '10.10.30.100',
    endingAddress: '10.10.30.199',
    subnetMask: '255.255.255.0',
  });
  return fake;
}

/** A `technitium-dhcp` sink built through its factory from raw config keys, as the loader would. */
export function technitiumDhcpSink(
  own: Record<string, unknown> = {},
  settings: Partial<SinkSettings> = {},
  url = TECHNITIUM_DHCP_URL,
): TechnitiumDhcpSink {
  const config = technitiumDhcpFactory.schema.parse({ url, token: { env: 'TECHNITIUM_TOKEN' }, ...own });
  const secret = envSecrets({ TECHNITIUM_TOKEN: FAKE_TECHNITIUM_TOKEN });
  return technitiumDhcpFactory.create('dhcp', config, sinkDeps(settings, secret));
}
