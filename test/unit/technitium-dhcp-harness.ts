import pino from 'pino';
import type { RunContext, SinkDeps, SinkSettings } from '../../src/sinks/sink.js';
import { technitiumDhcpFactory, type TechnitiumDhcpSink } from '../../src/sinks/technitium-dhcp/index.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../fakes/technitium/index.js';

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

/** A `technitium-dhcp` sink built through its factory from raw config keys, as the loader would. */
export function technitiumDhcpSink(
  own: Record<string, unknown> = {},
  settings: Partial<SinkSettings> = {},
  url = TECHNITIUM_DHCP_URL,
): TechnitiumDhcpSink {
  const config = technitiumDhcpFactory.schema.parse({ url, token: { env: 'TECHNITIUM_TOKEN' }, ...own });
  const deps: SinkDeps = {
    settings: sinkSettings(settings),
    secret: (ref) => {
      if (!('env' in ref) || ref.env !== 'TECHNITIUM_TOKEN') throw new Error('unexpected secret ref');
      return FAKE_TECHNITIUM_TOKEN;
    },
    fetch: (input, init) => globalThis.fetch(input, init),
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => undefined },
    baseDir: '.',
    sinkByName: () => undefined,
  };
  return technitiumDhcpFactory.create('dhcp', config, deps);
}
