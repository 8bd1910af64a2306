import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { mswHandlers } from '../fakes/http.js';
import { twoVmInventory } from '../unit/dhcp-fixtures.js';
import { dhcpFake, TECHNITIUM_DHCP_URL, technitiumDhcpSink } from '../unit/technitium-dhcp-harness.js';
import { sinkContract } from './sink-contract.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

// The shared sink contract, run against the real client and sink talking to the stateful fake.
sinkContract('technitium-dhcp', async () => {
  const fake = dhcpFake();
  server.use(...mswHandlers(TECHNITIUM_DHCP_URL, fake));
  return {
    sink: technitiumDhcpSink(),
    inventory: twoVmInventory(),
    seedForeign: async () => {
      fake.addReservation('lan', {
        hardwareAddress: 'BC-24-11-00-00-01',
        address: '10.10.20.11',
        hostName: 'hand',
      });
      fake.addReservation('iot', {
        hardwareAddress: 'BC-24-11-00-00-99',
        address: '10.10.30.99',
        comments: 'nbsync:other ipam.ipaddress/99',
      });
      return { unmarkedKey: 'lan/bc:24:11:00:00:01', foreignKey: 'iot/bc:24:11:00:00:99' };
    },
    failNextRead: () => {
      // The second scope's read answers 500, which is not retried.
      fake.failOn({ path: '/api/dhcp/scopes/get', status: 500, when: (p) => p.name === 'lan' });
    },
    rejectNextWrite: () => {
      for (const path of ['/api/dhcp/scopes/addReservedLease', '/api/dhcp/scopes/removeReservedLease']) {
        fake.failOn({ path, envelopeError: 'Access was denied.' });
      }
    },
    teardown: async () => {
      server.resetHandlers();
    },
  };
});
