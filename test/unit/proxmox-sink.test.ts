import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { Change } from '../../src/model/plan.js';
import { homelabInventory, vm } from '../fixtures/proxmox/inventory.js';
import { mswHandlers } from '../fakes/http.js';
import { PROXMOX_URL, proxmoxHarness, type HarnessOptions } from '../fakes/proxmox/harness.js';
import { FAKE_PROXMOX_TOKEN } from '../fakes/proxmox/index.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A harness whose sink reaches the fake through msw (global fetch). */
function harness(options: HarnessOptions = {}) {
  const h = proxmoxHarness({ ...options, fetch: () => (input, init) => fetch(input, init) });
  server.use(...mswHandlers(PROXMOX_URL, h.fake));
  return h;
}

/** Only the staged app VM (NetBox id 12, no VMID yet), or the inventory with changes to it. */
const appOnly = (changes: Parameters<typeof vm>[2] = {}) => {
  const base = homelabInventory();
  const app = base.virtualMachines.find((v) => v.id === 12);
  return { ...base, virtualMachines: [{ ...vm(12, 'app1'), ...app, ...changes }] };
};

describe('proxmox sink', () => {
  it('clones a staged VM from the template with IP, VLAN and cloud-init, and writes the VMID back', async () => {
    const h = harness();

    const plan = await h.plan(appOnly());
    const results = await h.apply(plan.changes);

    expect(plan.changes.map((c) => [c.op, c.op === 'create' ? c.after.key : ''])).toEqual([
      ['create', 'vm/12'],
    ]);
    expect(results[0]?.note).toContain('cloned from template 9000 as VM 100');
    const created = h.fake.vm(100);
    expect(created?.status).toBe('stopped');
    expect(created?.config).toMatchObject({
      name: 'app1',
      cores: '1',
      memory: '2048',
      ipconfig0: 'ip=10.10.20.5/24,gw=10.10.20.1',
      tags: 'nbsync-homelab',
      scsi0: 'local-lvm:base-9000-disk-0/vm-100-disk-0,size=20G',
      scsi1: 'local-lvm:vm-100-disk-1,size=50G',
    });
    expect(created?.config.net0).toMatch(/^virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0,tag=20$/);
    expect(created?.config.description?.split('\n')[0]).toBe(
      'nbsync:homelab virtualization.virtualmachine/12',
    );
    expect(h.netbox.writes).toEqual([
      { ref: 'virtualization.virtualmachine/12', fields: { proxmox_vmid: 100 } },
    ]);
    expect((await h.plan(appOnly())).changes).toEqual([]);
  });

  it('clones to the VMID NetBox records, on the node NetBox names, and starts an active VM', async () => {
    const h = harness();
    const inventory = homelabInventory({ virtualMachines: [homelabInventory().virtualMachines[0]!] });

    await h.sync(inventory);

    expect(h.fake.vm(1001)).toMatchObject({ node: 'pve2', status: 'running' });
    expect(h.fake.requests.some((r) => r.path.endsWith('/clone') && r.params.target === 'pve2')).toBe(true);
    expect(h.netbox.writes).toEqual([]);
  });

  it('grows a disk NetBox made bigger', async () => {
    const h = harness();
    await h.sync(appOnly());
    const grown = homelabInventory().virtualDisks.map((d) =>
      d.name === 'data' ? { ...d, sizeMb: 61440 } : d,
    );

    const growPlan = await h.plan({ ...appOnly(), virtualDisks: grown });
    await h.apply(growPlan.changes);

    expect(growPlan.changes.map((c) => (c.op === 'update' ? c.diff.map((d) => d.field) : []))).toEqual([
      ['disks'],
    ]);
    expect(h.fake.vm(100)?.config.scsi1).toBe('local-lvm:vm-100-disk-1,size=60G');
    expect((await h.plan({ ...appOnly(), virtualDisks: grown })).changes).toEqual([]);
  });

  it('reports a shrink instead of applying it', async () => {
    const h = harness();
    await h.sync(appOnly());
    const shrunk = homelabInventory().virtualDisks.map((d) =>
      d.name === 'data' ? { ...d, sizeMb: 10240 } : d,
    );

    const plan = await h.plan({ ...appOnly(), virtualDisks: shrunk });

    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toEqual([
      {
        source: 'virtualization.virtualmachine/12',
        reason:
          'disk scsi1 of VM 100 has 51200 MiB, NetBox asks for 10240 MiB: disks only grow, the shrink is skipped',
      },
    ]);
    expect(plan.unmanaged).toEqual([]);
    expect(h.fake.vm(100)?.config.scsi1).toBe('local-lvm:vm-100-disk-1,size=50G');
  });

  it('syncs tags and description, leaving other config alone', async () => {
    const h = harness();
    await h.sync(appOnly());
    h.fake.vm(100)!.config.onboot = '1';

    const plan = await h.plan(appOnly({ tags: ['web', 'blue'], description: 'shop front' }));
    await h.apply(plan.changes);

    const change = plan.changes[0] as Extract<Change, { op: 'update' }>;
    expect(change.diff.map((d) => d.field)).toEqual(['description', 'tags']);
    expect(h.fake.vm(100)?.config.tags).toBe('blue;nbsync-homelab;web');
    expect(h.fake.vm(100)?.config.description).toMatch(/\n\nshop front$/);
    expect(h.fake.vm(100)?.config.onboot).toBe('1');
  });

  it('starts a VM that becomes active and shuts it down when it goes offline', async () => {
    const h = harness();
    await h.sync(appOnly());

    await h.sync(appOnly({ status: 'active' }));
    const running = h.fake.vm(100)?.status;
    await h.sync(appOnly({ status: 'offline' }));

    expect(running).toBe('running');
    expect(h.fake.vm(100)?.status).toBe('stopped');
    expect(h.fake.tasks.map((t) => t.type)).toEqual(expect.arrayContaining(['qmstart', 'qmshutdown']));
  });

  it('migrates when proxmox_node changes, online when the VM runs', async () => {
    const h = harness();
    await h.sync(appOnly({ status: 'active' }));

    const plan = await h.plan(
      appOnly({ status: 'active', customFields: { proxmox_vmid: 100, proxmox_node: 'pve2' } }),
    );
    await h.apply(plan.changes);

    expect(plan.changes.map((c) => c.op)).toEqual(['update']);
    expect(h.fake.vm(100)).toMatchObject({ node: 'pve2', status: 'running' });
    expect(h.fake.requests.find((r) => r.path.endsWith('/migrate'))?.params).toEqual({
      target: 'pve2',
      online: '1',
    });
  });

  it('renames a VM in place (an update, never delete and create)', async () => {
    const h = harness();
    await h.sync(appOnly());

    const plan = await h.plan(appOnly({ name: 'shop1' }));
    await h.apply(plan.changes);

    expect(plan.changes.map((c) => c.op)).toEqual(['update']);
    expect(h.fake.vm(100)?.config.name).toBe('shop1');
  });

  it('destroys only VMs it marked, stopping them first, and only when forced', async () => {
    const h = harness();
    await h.sync(appOnly({ status: 'active' }));
    h.fake.addVm({ vmid: 300, name: 'hand-made', status: 'running' });

    const plan = await h.plan({ ...appOnly(), virtualMachines: [] });
    await h.apply(plan.changes);

    expect(plan.changes.map((c) => [c.op, c.forced])).toEqual([['delete', true]]);
    expect(h.fake.vm(100)).toBeUndefined();
    expect(h.fake.vm(300)?.status).toBe('running');
    expect(
      h.fake.tasks
        .filter((t) => t.vmid === 100)
        .map((t) => t.type)
        .slice(-2),
    ).toEqual(['qmstop', 'qmdestroy']);
  });

  it('refuses to destroy a VM whose mark was removed after the plan', async () => {
    const h = harness();
    await h.sync(appOnly());
    const plan = await h.plan({ ...appOnly(), virtualMachines: [] });
    h.fake.vm(100)!.config.description = 'taken over by hand';

    const attempt = h.apply(plan.changes);

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_REJECTED' });
    expect(h.fake.vm(100)).toBeDefined();
  });

  it('re-reads and retries once when the digest no longer matches', async () => {
    const h = harness();
    await h.sync(appOnly());
    const plan = await h.plan(appOnly({ vcpus: 4 }));
    h.fake.beforeNextConfigWrite(100, (v) => {
      v.config.onboot = '1';
    });

    const [result] = await h.apply(plan.changes);

    const writes = h.fake.requests.filter(
      (r) => r.method === 'POST' && r.path === '/nodes/pve1/qemu/100/config',
    );
    expect(result?.outcome).toBe('applied');
    expect(writes.slice(-2).map((w) => w.params.cores)).toEqual(['4', '4']);
    expect(h.fake.vm(100)?.config).toMatchObject({ cores: '4', onboot: '1' });
  });

  it('surfaces a failed task with Proxmox’s message', async () => {
    const h = harness();
    const plan = await h.plan(appOnly());
    h.fake.failNextTask({ type: 'qmclone', message: "storage 'local-lvm' is full" });

    const attempt = h.apply(plan.changes);

    await expect(attempt).rejects.toThrow(SyncError);
    await expect(attempt).rejects.toMatchObject({
      code: 'SINK_REJECTED',
      message: "Proxmox could not clone template 9000 to VM 100: storage 'local-lvm' is full",
    });
    expect(h.netbox.writes).toEqual([]);
  });

  it('reads the message from the reason phrase on PVE before 8.4', async () => {
    const h = harness({ fake: { messageInBody: false } });
    h.fake.addVm({ vmid: 100, name: 'squatter' });
    const plan = await h.plan(appOnly({ customFields: {} }));
    h.fake.failNext({
      method: 'POST',
      path: /\/clone$/,
      status: 500,
      message: 'VM 100 already exists on node pve1',
    });
    h.fake.failNext({
      method: 'POST',
      path: /\/clone$/,
      status: 500,
      message: 'unable to create VM 101 - lock timeout',
    });

    const attempt = h.apply(plan.changes);

    await expect(attempt).rejects.toMatchObject({
      message: 'Proxmox refused to clone template 9000 to VM 101: unable to create VM 101 - lock timeout',
    });
  });

  it('reports VMs without a mark as unmanaged, and an unmarked VM holding a claimed VMID as a conflict', async () => {
    const h = harness();
    h.fake.addVm({ vmid: 1001, name: 'k3s-master-1', node: 'pve2' });
    h.fake.addVm({ vmid: 555, name: 'pihole' });
    h.fake.addContainer(556, 'ct-dns');

    const handMade = structuredClone(h.fake.vm(1001));

    const plan = await h.plan(homelabInventory());
    await h.apply(plan.changes);

    expect(h.fake.vm(1001)).toEqual(handMade);
    expect(plan.conflicts).toEqual([
      {
        kind: 'proxmox.vm',
        key: 'vm/11',
        reason: 'exists without owner mark',
        source: 'virtualization.virtualmachine/11',
      },
    ]);
    expect(plan.unmanaged).toEqual([
      {
        kind: 'proxmox.vm',
        key: 'vmid/555',
        reason: 'VM 555 "pihole" on pve1 has no nbsync owner mark and no NetBox VM records its VMID',
      },
    ]);
    expect(plan.changes.map((c) => (c.op === 'create' ? c.after.key : c.op))).toEqual(['vm/12', 'vm/13']);
  });

  it('observes the same whether or not the inventory was mapped before (no state between calls)', async () => {
    const h = harness();
    h.fake.addVm({ vmid: 1001, name: 'k3s-master-1', node: 'pve2' });
    h.fake.addVm({ vmid: 555, name: 'pihole' });

    const fresh = await h.sink.observe(h.ctx());
    h.sink.desired(homelabInventory());
    const afterMapping = await h.sink.observe(h.ctx());

    expect(afterMapping).toEqual(fresh);
    expect(fresh.resources.map((r) => [r.key, r.meta.owner, r.meta.extra?.vmid])).toEqual([
      ['vmid/1001', null, 1001],
      ['vmid/555', null, 555],
    ]);
  });

  it('adopts an unmarked VM that holds a claimed VMID when adopt is on', async () => {
    const h = harness({ settings: { adopt: true } });
    const config = {
      scsi0: 'local-lvm:vm-1001-disk-0,size=32G',
      net0: 'virtio=BC:24:11:12:34:56,bridge=vmbr0',
    };
    h.fake.addVm({ vmid: 1001, name: 'k3s-master-1', node: 'pve2', status: 'running', config });
    const inventory = homelabInventory({ virtualMachines: [homelabInventory().virtualMachines[0]!] });

    await h.sync(inventory);

    expect(
      h.fake.vm(1001)?.config.description?.startsWith('nbsync:homelab virtualization.virtualmachine/11\n'),
    ).toBe(true);
    expect(h.fake.vm(1001)?.config.net0).toBe('virtio=BC:24:11:12:34:56,bridge=vmbr0,tag=10');
    expect((await h.plan(inventory)).changes).toEqual([]);
  });

  it('fails the whole observe when one config read fails, and on a bad token', async () => {
    const h = harness();
    await h.sync(homelabInventory());
    h.fake.failNext({ method: 'GET', path: /\/qemu\/1001\/config$/, status: 500, message: 'got timeout' });

    const partial = h.sink.observe(h.ctx());

    await expect(partial).rejects.toMatchObject({ code: 'SINK_HTTP', retryable: true });
    h.fake.failNext({ path: /\/cluster\/resources$/, status: 401, message: 'authentication failure' });
    await expect(h.sink.observe(h.ctx())).rejects.toMatchObject({ code: 'SINK_AUTH' });
  });

  it('retries a read that met a busy proxy (503) through the shared HTTP layer', async () => {
    const h = harness();
    h.fake.addVm({ vmid: 555, name: 'pihole' });
    h.fake.failNext({
      method: 'GET',
      path: /\/cluster\/resources$/,
      status: 503,
      message: 'Service Unavailable',
    });

    const snapshot = await h.sink.observe(h.ctx());

    expect(snapshot.resources.map((r) => r.key)).toEqual(['vmid/555']);
    expect(h.fake.requests.filter((r) => r.path === '/cluster/resources')).toHaveLength(2);
  });

  it('keeps the VM when the VMID write-back fails, and writes it back on the next run', async () => {
    const h = harness();
    h.netbox.failNext = true;

    const [created] = await h.sync(appOnly());
    const next = await h.plan(appOnly());
    const [retried] = await h.apply(next.changes);

    expect(created?.note).toContain('writing proxmox_vmid 100 to virtualization.virtualmachine/12 failed');
    expect(next.changes.map((c) => (c.op === 'update' ? c.diff : []))).toEqual([
      [{ field: 'vmid', from: 100, to: undefined }],
    ]);
    expect(retried).toEqual({
      outcome: 'applied',
      note: 'proxmox_vmid 100 written to virtualization.virtualmachine/12',
    });
    expect((await h.plan(appOnly())).changes).toEqual([]);
  });

  it('reports a copy of a managed VM (same mark) as unmanaged and keeps managing the original', async () => {
    const h = harness();
    await h.sync(appOnly());
    const original = h.fake.vm(100)!;
    h.fake.addVm({ vmid: 150, name: 'app1-copy', config: { ...original.config, name: 'app1-copy' } });

    const plan = await h.plan(appOnly());

    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged).toEqual([
      expect.objectContaining({ key: 'vmid/150', reason: expect.stringContaining('a copy of VM 100?') }),
    ]);
  });

  it('checks a well set-up cluster without finding problems', async () => {
    const h = harness();

    const problems = await h.sink.check(h.ctx());

    expect(problems).toEqual([]);
  });

  it('checks template and privileges read-only, listing what is missing', async () => {
    const h = harness({ fake: { readOnlyTokens: [FAKE_PROXMOX_TOKEN] } });
    h.fake.state.vms.delete(9000);

    const problems = await h.sink.check(h.ctx());

    expect(problems).toEqual([
      'template 9000 does not exist',
      expect.stringMatching(/^the token lacks VM.Allocate, VM.Clone, .* on \/vms$/),
      'the token lacks Datastore.AllocateSpace on /storage',
    ]);
    expect(h.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('finds a template by name and refuses an unknown one', async () => {
    const h = harness();
    h.fake.addTemplate({ vmid: 9001, name: 'ubuntu-noble', node: 'pve2' });
    const inventory = (template: string) =>
      homelabInventory({
        virtualMachines: [vm(13, 'lab-box', { customFields: { proxmox_template: template } })],
      });

    await h.sync(inventory('ubuntu-noble'));
    const missing = await h.plan({
      ...inventory('nope'),
      virtualMachines: [vm(14, 'other', { customFields: { proxmox_template: 'nope' } })],
    });

    expect(h.fake.requests.some((r) => r.path === '/nodes/pve2/qemu/9001/clone')).toBe(true);
    await expect(h.apply(missing.changes.filter((c) => c.op === 'create'))).rejects.toThrow(
      /no Proxmox template is named "nope"/,
    );
  });

  it('gives up on a task that outlasts the task timeout, as a retryable error naming the task', async () => {
    const h = harness({ fake: { taskDurationMs: 60_000 }, taskPollMs: 2, taskTimeoutMs: 20 });
    const plan = await h.plan(appOnly());

    const attempt = h.apply(plan.changes);

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_HTTP', retryable: true });
    await expect(attempt).rejects.toThrow(
      /task to clone template 9000 to VM 100 still runs .* see task UPID:pve1:/,
    );
  });

  it('waits for tasks that take time', async () => {
    const h = harness({ fake: { taskDurationMs: 20 }, taskPollMs: 2 });

    await h.sync(appOnly({ status: 'active' }));

    expect(h.fake.vm(100)).toMatchObject({ status: 'running', lock: null });
    expect(h.fake.requests.filter((r) => r.path.includes('/tasks/')).length).toBeGreaterThan(
      h.fake.tasks.length,
    );
  });
});
