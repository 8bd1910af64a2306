import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterResourcesSchema, upidSchema, vmConfigSchema } from '../../src/sinks/proxmox/schemas.js';
import { disksAgainst, markOf, observedState } from '../../src/sinks/proxmox/state.js';
import { formatNet, normaliseIpConfig, parseMemory, sizeToMb } from '../../src/sinks/proxmox/values.js';

const fixture = (name: string) =>
  (
    JSON.parse(readFileSync(new URL(`../fixtures/proxmox/${name}`, import.meta.url), 'utf8')) as {
      data: unknown;
    }
  ).data;

describe('proxmox answers', () => {
  it('keeps QEMU guests of /cluster/resources, coercing vmid and template', () => {
    const vms = clusterResourcesSchema.parse(fixture('cluster-resources.json'));

    expect(vms.map((v) => [v.vmid, v.node, v.template, v.lock])).toEqual([
      [1001, 'pve2', false, null],
      [9000, 'pve1', true, null],
      [105, 'pve1', false, 'clone'],
    ]);
  });

  it('refuses a QEMU guest listed without a node', () => {
    const result = clusterResourcesSchema.safeParse([{ id: 'qemu/7', type: 'qemu', vmid: 7 }]);

    expect(result.success).toBe(false);
  });

  it('reads a real config into the compared fields', () => {
    const config = vmConfigSchema.parse(fixture('vm-config.json'));
    const vm = {
      vmid: 1001,
      node: 'pve2',
      name: 'k3s-master-1',
      status: 'running',
      template: false,
      tags: '',
      lock: null,
    };

    const state = observedState(vm, config);

    expect(config.digest).toBe('9c3e1f0b7a3d5e2f4c6b8a0d1e3f5a7b9c1d3e5f');
    expect(markOf(config)).toEqual({ instance: 'homelab', ref: 'virtualization.virtualmachine/11' });
    expect(state).toEqual({
      vmid: 1001,
      node: 'pve2',
      name: 'k3s-master-1',
      cores: 2,
      memory: 4096,
      disks: { scsi0: 32768, scsi1: 51200 },
      tags: ['k3s', 'nbsync-homelab', 'production'],
      description:
        'nbsync:homelab virtualization.virtualmachine/11\n' +
        'NetBox: https://netbox.int.lavaduck.net/virtualization/virtual-machines/11/\n\n' +
        'first control-plane node',
      power: 'running',
      net0: { bridge: 'vmbr0', vlan: 10 },
      ipconfig0: 'ip=10.10.10.11/24,gw=10.10.10.254',
    });
  });

  it('refuses a config without digest', () => {
    const result = vmConfigSchema.safeParse({ name: 'x' });

    expect(result.success).toBe(false);
  });

  it.each([
    [
      'UPID:pve1:0001A2B3:00C0FFEE:66F1A2B3:qmclone:9000:nbsync@pve!sync:',
      'UPID:pve1:0001A2B3:00C0FFEE:66F1A2B3:qmclone:9000:nbsync@pve!sync:',
    ],
    [null, null],
    [undefined, null],
  ])('reads the task id %s of a write', (data, upid) => {
    expect(upidSchema.parse(data)).toBe(upid);
  });
});

describe('proxmox values', () => {
  it.each([
    ['32G', 32768],
    ['512M', 512],
    ['1T', 1048576],
    ['52428800K', 51200],
    ['1.5G', 1536],
    ['4194304', 4],
    ['lots', null],
  ])('size %s is %s MiB', (size, mb) => {
    expect(sizeToMb(size)).toBe(mb);
  });

  it.each([
    [4096, 4096],
    ['2048', 2048],
    ['current=8192', 8192],
    [undefined, 512],
  ])('memory %s is %s MiB', (value, mb) => {
    expect(parseMemory(value)).toBe(mb);
  });

  it('keeps model, MAC and options of net0 while setting bridge and VLAN', () => {
    const current = 'virtio=BC:24:11:5A:00:01,bridge=vmbr0,firewall=1,tag=10';

    expect(formatNet(current, { bridge: 'vmbr1', vlan: 30 })).toBe(
      'virtio=BC:24:11:5A:00:01,firewall=1,bridge=vmbr1,tag=30',
    );
    expect(formatNet(current, { bridge: 'vmbr0', vlan: null })).toBe(
      'virtio=BC:24:11:5A:00:01,firewall=1,bridge=vmbr0',
    );
  });

  it('compares ipconfig whatever the key order', () => {
    expect(normaliseIpConfig('gw6=2001:db8::1,ip6=2001:db8::5/64,gw=10.0.0.1,ip=10.0.0.5/24')).toBe(
      'ip=10.0.0.5/24,gw=10.0.0.1,ip6=2001:db8::5/64,gw6=2001:db8::1',
    );
  });

  it('compares disks as grow-only against the desired sizes', () => {
    const { disks, shrinks } = disksAgainst(
      { scsi0: 32768, scsi1: 1024, virtio0: 9 },
      { scsi0: 16384, scsi1: 2048, scsi2: 10 },
    );

    expect(disks).toEqual({ scsi0: 16384, scsi1: 1024 });
    expect(shrinks).toEqual([{ disk: 'scsi0', actualMb: 32768, wantedMb: 16384 }]);
  });
});
