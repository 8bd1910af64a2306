import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { SecretResolver } from '../../src/config/secrets.js';
import { SyncError } from '../../src/model/errors.js';
import type { SinkFactory } from '../../src/sinks/sink.js';

const secret = z.union([z.strictObject({ env: z.string() }), z.strictObject({ file: z.string() })]);
const dummy: SinkFactory = {
  type: 'dummy-dns',
  schema: z.strictObject({
    url: z.url(),
    token: secret,
    zones: z.array(z.string()).min(1),
    ttl: z.number().default(300),
  }),
  create: () => {
    throw new Error('not used');
  },
};

const good = `
instance: homelab
netbox:
  url: https://netbox.int.lavaduck.net
  token: {env: NETBOX_TOKEN}
sinks:
  dns:
    type: dummy-dns
    mode: apply
    url: http://technitium:5380
    token: {env: TECHNITIUM_TOKEN}
    zones: [int.lavaduck.net]
`;

function problems(text: string): string[] {
  try {
    parseConfig(text, [dummy]);
  } catch (err) {
    expect(err).toBeInstanceOf(SyncError);
    return ((err as SyncError).details?.problems as { path: string; message: string }[]).map(
      (p) => `${p.path}: ${p.message}`,
    );
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig', () => {
  it('accepts a valid config and fills defaults', () => {
    const config = parseConfig(good, [dummy]);

    expect(config.instance).toBe('homelab');
    expect(config.schedule).toEqual({ fullSync: '*/15 * * * *', debounceMs: 1000 });
    expect(config.server.listen).toBe('127.0.0.1:8080');
    expect(config.sinks[0]).toMatchObject({
      name: 'dns',
      type: 'dummy-dns',
      common: {
        mode: 'apply',
        policy: 'sync',
        adopt: false,
        safety: { maxChangePercent: 30, minExisting: 10 },
      },
      own: { url: 'http://technitium:5380', zones: ['int.lavaduck.net'], ttl: 300 },
    });
  });

  it('lists every problem of a broken config, each with its path and the fix', () => {
    const broken = `
instance: Home Lab
netbox:
  url: not-a-url
  token: abc123
  tokne: {env: X}
sinks:
  dns:
    type: dummy-dns
    mode: yolo
    url: http://technitium:5380
    token: {env: T}
    zones: []
    tll: 60
  dhcp:
    type: nope
`;

    const found = problems(broken);

    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^instance: expected a short id/),
        expect.stringMatching(/^netbox\.url: expected the NetBox base URL/),
        'netbox.token: expected a secret reference: {env: NAME} or {file: PATH} (secrets are never written inline)',
        expect.stringMatching(
          /^netbox\.tokne: unknown key \(did you mean "token"\?\); allowed here: caFile, concurrency/,
        ),
        expect.stringMatching(/^sinks\.dns\.mode: /),
        expect.stringMatching(/^sinks\.dns\.zones: /),
        expect.stringMatching(/^sinks\.dns\.tll: unknown key \(did you mean "ttl"\?\)/),
        'sinks.dhcp.type: unknown sink type "nope"; expected one of: dummy-dns',
      ]),
    );
    expect(found).toHaveLength(8);
  });

  it('reports YAML syntax errors', () => {
    expect(problems('instance: [unclosed')[0]).toMatch(/^\(yaml\): /);
  });

  it('requires at least one sink', () => {
    expect(problems('instance: a\nnetbox: {url: "https://n.example", token: {env: T}}\nsinks: {}\n')).toEqual(
      ['sinks: no sink configured; add at least one, e.g. a technitium-dns sink'],
    );
  });

  it('names a missing file and how to point at one', () => {
    expect(() => loadConfig('/nonexistent/nbsync.yaml', [dummy])).toThrow(
      /CONFIG_NOT_FOUND|pass --config PATH/,
    );
  });
});

describe('SecretResolver', () => {
  it('reads env and files (relative to the config), trimming one final newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbsync-secret-'));
    writeFileSync(join(dir, 'tok'), 's3cret-value\n');
    const resolver = new SecretResolver(dir, { NETBOX_TOKEN: 'abcd1234' });

    expect(resolver.resolve({ env: 'NETBOX_TOKEN' })).toBe('abcd1234');
    expect(resolver.resolve({ file: 'tok' })).toBe('s3cret-value');
    expect(resolver.values().sort()).toEqual(['abcd1234', 's3cret-value']);
  });

  it('says which variable or file is missing, never a value', () => {
    const resolver = new SecretResolver('/nonexistent', {});

    expect(() => resolver.resolve({ env: 'NETBOX_TOKEN' }, 'netbox.token')).toThrow(
      'netbox.token: environment variable NETBOX_TOKEN is not set or empty',
    );
    expect(() => resolver.resolve({ file: 'x' }, 'sinks.dns.token')).toThrow(
      'sinks.dns.token: cannot read secret file /nonexistent/x',
    );
  });
});
