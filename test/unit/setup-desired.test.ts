// netbox-setup's pure parts: the webhook URL, the marker, what nbsync wants per NetBox version.
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import {
  desiredSetup,
  eventObjectTypes,
  markerInstance,
  setupMarker,
  SETUP_PERMISSIONS,
  webhookUrl,
} from '../../src/setup/index.js';

describe('webhookUrl', () => {
  it.each([
    [undefined, '127.0.0.1:8080', 'http://127.0.0.1:8080/webhooks/netbox'],
    [undefined, '[::1]:8080', 'http://[::1]:8080/webhooks/netbox'],
    ['https://nbsync.example.net', '0.0.0.0:8080', 'https://nbsync.example.net/webhooks/netbox'],
    [
      'https://proxy.example.net/nbsync/',
      '127.0.0.1:8080',
      'https://proxy.example.net/nbsync/webhooks/netbox',
    ],
    ['http://10.0.0.5:8080/webhooks/netbox', '127.0.0.1:8080', 'http://10.0.0.5:8080/webhooks/netbox'],
  ])('--url %s with listen %s posts to %s', (url, listen, expected) => {
    const result = webhookUrl(url, listen);

    expect(result).toBe(expected);
  });

  it.each([
    [undefined, '0.0.0.0:8080', 'pass --url'],
    [undefined, '[::]:8080', 'pass --url'],
    ['nbsync.example.net', '127.0.0.1:8080', '--url must be an http(s) URL'],
    ['ftp://nbsync.example.net', '127.0.0.1:8080', '--url must be an http(s) URL'],
    ['https://nbsync.example.net/?a=1', '127.0.0.1:8080', 'no query string'],
  ])('refuses --url %s with listen %s', (url, listen, message) => {
    const attempt = () => webhookUrl(url, listen);

    expect(attempt).toThrow(SyncError);
    expect(attempt).toThrow(message);
  });
});

describe('the marker', () => {
  it.each([
    ['Managed by nbsync (homelab)', 'homelab'],
    ['VMID in Proxmox VE. Managed by nbsync (lab.two).', 'lab.two'],
    ['made by hand', null],
    ['', null],
  ])('%j names instance %j', (description, instance) => {
    const found = markerInstance(description);

    expect(found).toBe(instance);
  });

  it('round-trips', () => {
    const marker = setupMarker('home_lab-1');

    expect(markerInstance(`Something. ${marker}.`)).toBe('home_lab-1');
  });
});

describe('desiredSetup', () => {
  const base = {
    instance: 'homelab',
    payloadUrl: 'http://127.0.0.1:8080/webhooks/netbox',
    webhookSecret: 's3cret-value',
    signaturesRequired: true,
    certificateTags: [],
  };

  it.each([
    ['4.0', { major: 4, minor: 0 }, false],
    ['4.1', { major: 4, minor: 1 }, false],
    ['4.2', { major: 4, minor: 2 }, true],
    ['4.6', { major: 4, minor: 6 }, true],
  ])('watches MAC address objects on NetBox %s: %s', (_name, version, macs) => {
    const types = eventObjectTypes(version);

    expect(types.includes('dcim.macaddress')).toBe(macs);
    expect(types).toHaveLength(macs ? 9 : 8);
  });

  it('keeps every description within NetBox’s 200 characters, even for the longest instance id', () => {
    const desired = desiredSetup({ ...base, instance: 'a'.repeat(63), version: { major: 4, minor: 6 } });

    const descriptions = [...desired.customFields, ...desired.tags].map((o) => o.description.length);

    expect(Math.max(...descriptions)).toBeLessThanOrEqual(200);
  });

  it('turns an instance id with dots into a valid tag slug', () => {
    const desired = desiredSetup({ ...base, instance: 'lab.two', version: { major: 4, minor: 6 } });

    expect(desired.tags.map((t) => [t.name, t.slug])).toEqual([
      ['tls', 'tls'],
      ['nbsync-lab.two', 'nbsync-lab-two'],
    ]);
  });

  it('accepts an unsigned webhook only when signatures are disabled', () => {
    const required = desiredSetup({ ...base, webhookSecret: undefined, version: { major: 4, minor: 6 } });
    const disabled = desiredSetup({
      ...base,
      webhookSecret: undefined,
      signaturesRequired: false,
      version: { major: 4, minor: 6 },
    });

    expect(required.webhook).toBeUndefined();
    expect(required.conflicts).toHaveLength(1);
    expect(disabled.webhook?.secret).toBe('');
    expect(disabled.conflicts).toEqual([]);
  });

  it('has validation rules that accept what the mappers read', () => {
    const desired = desiredSetup({ ...base, version: { major: 4, minor: 6 } });
    const regex = (name: string) =>
      new RegExp(desired.customFields.find((cf) => cf.name === name)?.validationRegex ?? '(missing)');

    expect(['pve1', 'pve-node-2'].every((v) => regex('proxmox_node').test(v))).toBe(true);
    expect(['9000', 'debian-12-cloud', 'ubuntu.24.04'].every((v) => regex('proxmox_template').test(v))).toBe(
      true,
    );
    expect(['a.int.lavaduck.net, b', 'x y', '*.apps'].every((v) => regex('dns_aliases').test(v))).toBe(true);
    expect(regex('dns_aliases').test('bad;name')).toBe(false);
    expect(regex('proxmox_node').test('-pve')).toBe(false);
  });
});

describe('SETUP_PERMISSIONS', () => {
  it('lists view, add and change for the four extras models', () => {
    const permissions = SETUP_PERMISSIONS;

    expect(permissions).toHaveLength(12);
    expect(permissions).toContain('extras.add_customfield');
    expect(permissions).toContain('extras.change_webhook');
    expect(permissions).toContain('extras.view_eventrule');
  });
});
