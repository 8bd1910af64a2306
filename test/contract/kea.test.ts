import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { FakeKea, KEA_URL, keaSink } from '../fakes/kea/index.js';
import { mswHandlers } from '../fakes/http.js';
import { twoVmInventory } from '../unit/dhcp-fixtures.js';
import { sinkContract } from './sink-contract.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

// The shared sink contract, run against the real client and sink talking to the stateful fake
// of the Kea Control Agent (test/e2e/kea-real.test.ts runs it against real Kea too).
sinkContract('kea', async () => {
  const fake = new FakeKea();
  server.use(...mswHandlers(KEA_URL, fake));
  return {
    sink: keaSink(),
    inventory: twoVmInventory(),
    seedForeign: async () => {
      fake.editConfig((dhcp4) => {
        const [lan] = dhcp4.subnet4 as Record<string, unknown>[];
        lan!.reservations = [
          { 'hw-address': 'bc:24:11:00:00:01', 'ip-address': '10.10.20.11', hostname: 'hand' },
        ];
        const [iot] = (dhcp4['shared-networks'] as Record<string, unknown>[])[0]!.subnet4 as Record<
          string,
          unknown
        >[];
        iot!.reservations = [
          {
            'hw-address': 'bc:24:11:00:00:99',
            'ip-address': '10.10.30.99',
            'user-context': { nbsync: 'nbsync:other ipam.ipaddress/99' },
          },
        ];
      });
      return {
        unmarkedKey: '10.10.20.0/24/bc:24:11:00:00:01',
        foreignKey: '10.10.30.0/24/bc:24:11:00:00:99',
      };
    },
    failNextRead: () => {
      // list-commands answers, then config-get fails with HTTP 500 (not retried).
      fake.failNext('config-get', { status: 500 });
    },
    rejectNextWrite: () => {
      fake.failNext('config-test', { result: 1, text: 'unable to parse the configuration' });
    },
    teardown: async () => {
      server.resetHandlers();
    },
  };
});
