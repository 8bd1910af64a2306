import pino from 'pino';
import type { Resource } from '../src/model/resource.js';
import { technitiumDnsFactory } from '../src/sinks/technitium-dns/index.js';
import { parseRecordKey } from '../src/sinks/technitium-dns/map.js';
import { createNetBoxSource } from '../src/sources/netbox/index.js';
import type { FakeApi } from '../test/fakes/http.js';
import { FAKE_NETBOX_TOKEN_V2, type FakeNetBox } from '../test/fakes/netbox/index.js';
import { FAKE_TECHNITIUM_TOKEN, type FakeTechnitium } from '../test/fakes/technitium/index.js';

/** A fetch that hands each request straight to a fake, without sockets. */
export function inProcess(fake: FakeApi): typeof fetch {
  return (input, init) => fake.handle(input instanceof Request ? input : new Request(input, init));
}

/**
 * The DNS records nbsync's own mapping wants for what `netbox` holds, in `zones` (the real
 * source and sink, talking to the fakes in process).
 */
export async function desiredDnsRecords(
  netbox: FakeNetBox,
  technitium: FakeTechnitium,
  zones: readonly string[],
): Promise<Resource[]> {
  const log = pino({ level: 'silent' });
  const source = createNetBoxSource({
    url: 'http://netbox.test',
    token: FAKE_NETBOX_TOKEN_V2,
    fetch: inProcess(netbox),
    log,
  });
  const config = { url: 'http://technitium.test', token: { env: 'T' }, zones: [...zones], ttl: 300 };
  const sink = technitiumDnsFactory.create('dns', technitiumDnsFactory.schema.parse(config), {
    settings: {
      mode: 'apply',
      policy: 'sync',
      adopt: false,
      instance: 'homelab',
      safety: { maxChangePercent: 30, minExisting: 10 },
    },
    secret: () => FAKE_TECHNITIUM_TOKEN,
    fetch: inProcess(technitium),
    log,
    netbox: { setCustomFields: async () => {} },
    baseDir: '.',
    dataDir: './data',
    sinkByName: () => undefined,
  });
  return [...sink.desired(await source.load(new AbortController().signal)).resources];
}

/** Put one desired record into the fake, marked by instance `homelab`; `ttl` overrides its TTL. */
export function addOwnedRecord(technitium: FakeTechnitium, resource: Resource, ttl?: number): void {
  const key = parseRecordKey(resource.key);
  if (!key) throw new Error(`unexpected key ${resource.key}`);
  const rData =
    key.type === 'PTR'
      ? { ptrName: key.value }
      : key.type === 'CNAME'
        ? { cname: key.value }
        : { ipAddress: key.value };
  technitium.addRecord(key.zone, {
    name: key.name,
    type: key.type,
    rData,
    ttl: ttl ?? Number(resource.spec.ttl),
    comments: `nbsync:homelab ${resource.meta.source ?? ''}`,
  });
}
