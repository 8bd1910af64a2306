import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { homelabInventory } from '../fixtures/proxmox/inventory.js';
import { mswHandlers } from '../fakes/http.js';
import { PROXMOX_URL, proxmoxHarness } from '../fakes/proxmox/harness.js';
import { sinkContract } from './sink-contract.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

sinkContract('proxmox', async () => {
  const h = proxmoxHarness({ fetch: () => (input, init) => fetch(input, init) });
  server.resetHandlers(...mswHandlers(PROXMOX_URL, h.fake));
  // k3s-master-1 (VMID 1001 in NetBox) and app1 (no VMID: allocated, then written back).
  const base = homelabInventory();
  const netboxVms = base.virtualMachines.filter((v) => v.id === 11 || v.id === 12);
  const current = () => h.netbox.over({ ...base, virtualMachines: netboxVms });
  return {
    sink: h.sink,
    get inventory() {
      return current();
    },
    seedForeign: async () => {
      h.fake.addVm({
        vmid: 1001,
        name: 'k3s-master-1',
        node: 'pve2',
        config: { description: 'built by hand' },
      });
      h.fake.addVm({
        vmid: 700,
        name: 'theirs',
        config: { description: 'nbsync:other virtualization.virtualmachine/99', tags: 'nbsync-other' },
      });
      return { unmarkedKey: 'vm/11', foreignKey: 'vm/99' };
    },
    failNextRead: () =>
      h.fake.failNext({ method: 'GET', path: /\/qemu\/\d+\/config$/, status: 500, message: 'got timeout' }),
    rejectNextWrite: () =>
      h.fake.failNext({
        method: 'POST',
        path: /./,
        status: 403,
        message: 'Permission check failed (/vms/100, VM.Clone)',
      }),
    teardown: async () => {
      server.resetHandlers();
    },
  };
});
