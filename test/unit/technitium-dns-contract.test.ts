import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { sinkContract } from '../contract/sink-contract.js';
import { mswHandlers } from '../fakes/http.js';
import { homelabFake, TECHNITIUM_URL, technitiumSink } from '../fakes/technitium/sink-harness.js';
import { ip, ipInventory } from '../helpers/inventory.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const ZONE = 'int.lavaduck.net';

// The shared sink contract, run against the real client and sink talking to the stateful fake.
sinkContract('technitium-dns', async () => {
  const fake = homelabFake();
  server.use(...mswHandlers(TECHNITIUM_URL, fake));
  return {
    sink: technitiumSink(),
    inventory: ipInventory([
      ip(1, `app1.${ZONE}`, '10.10.10.5/24', { customFields: { dns_aliases: 'www' } }),
      ip(2, `nas.${ZONE}`, '2001:db8:10::9/64'),
    ]),
    seedForeign: async () => {
      fake.addRecord(ZONE, { name: `app1.${ZONE}`, type: 'A', rData: { ipAddress: '10.10.10.5' }, ttl: 300 });
      fake.addRecord(ZONE, {
        name: `z.${ZONE}`,
        type: 'A',
        rData: { ipAddress: '10.10.10.99' },
        comments: 'nbsync:other ipam.ipaddress/9',
      });
      return {
        unmarkedKey: `${ZONE}/app1.${ZONE}/A/10.10.10.5`,
        foreignKey: `${ZONE}/z.${ZONE}/A/10.10.10.99`,
      };
    },
    failNextRead: () => {
      // The second zone's records answer 500, which is not retried.
      fake.failOn({
        path: '/api/zones/records/get',
        status: 500,
        when: (p) => p.zone === '10.10.10.in-addr.arpa',
      });
    },
    rejectNextWrite: () => {
      for (const path of [
        '/api/zones/records/add',
        '/api/zones/records/update',
        '/api/zones/records/delete',
      ]) {
        fake.failOn({ path, envelopeError: 'Access was denied.' });
      }
    },
    teardown: async () => {
      server.resetHandlers();
    },
  };
});
