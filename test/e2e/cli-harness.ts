import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveFake, type ServedFake } from '../fakes/http.js';
import { FAKE_NETBOX_TOKEN_V2, FakeNetBox } from '../fakes/netbox/index.js';
import { FAKE_TECHNITIUM_TOKEN, FakeTechnitium } from '../fakes/technitium/index.js';
import { buildHomelab, type HomelabFixture } from '../fixtures/homelab.js';

export const BIN = new URL('../../dist/src/cli/bin.js', import.meta.url).pathname;
export const ZONES = [
  'int.lavaduck.net',
  '10.10.10.in-addr.arpa',
  '10.10.20.in-addr.arpa',
  '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
];

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built CLI as a separate process. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface ConfigExtra {
  readonly top?: readonly string[];
  readonly netbox?: readonly string[];
  readonly sink?: readonly string[];
}

export interface World {
  readonly netbox: FakeNetBox;
  readonly technitium: FakeTechnitium;
  readonly homelab: HomelabFixture;
  readonly dir: string;
  readonly config: string;
  readonly env: NodeJS.ProcessEnv;
  /** Write the config again with extra YAML lines: top level, under `netbox:`, under the sink. */
  writeConfig(extra?: ConfigExtra): void;
  close(): Promise<void>;
}

/** The homelab in a fake NetBox and an empty Technitium, both served over HTTP on loopback. */
export async function startWorld(options: { maxPageSize?: number } = {}): Promise<World> {
  const netbox = new FakeNetBox(options.maxPageSize ? { maxPageSize: options.maxPageSize } : {});
  const homelab = buildHomelab(netbox);
  const technitium = new FakeTechnitium();
  for (const zone of ZONES) technitium.addZone(zone);
  const served: ServedFake[] = [await serveFake(netbox), await serveFake(technitium)];
  const dir = mkdtempSync(join(tmpdir(), 'nbsync-e2e-'));
  const config = join(dir, 'nbsync.yaml');
  const writeConfig = (extra: ConfigExtra = {}) =>
    writeFileSync(
      config,
      [
        'instance: homelab',
        'netbox:',
        `  url: ${served[0]?.url}`,
        '  token: {env: NETBOX_TOKEN}',
        '  timeoutMs: 5000',
        ...(extra.netbox ?? []).map((line) => `  ${line}`),
        ...(extra.top ?? []),
        'sinks:',
        '  dns:',
        '    type: technitium-dns',
        '    mode: apply',
        `    url: ${served[1]?.url}`,
        '    token: {env: TECHNITIUM_TOKEN}',
        `    zones: [${ZONES.join(', ')}]`,
        ...(extra.sink ?? []).map((line) => `    ${line}`),
        '',
      ].join('\n'),
    );
  writeConfig();
  return {
    netbox,
    technitium,
    homelab,
    dir,
    config,
    env: {
      NETBOX_TOKEN: FAKE_NETBOX_TOKEN_V2,
      TECHNITIUM_TOKEN: FAKE_TECHNITIUM_TOKEN,
      NBSYNC_LOG_LEVEL: 'error',
    },
    writeConfig,
    close: async () => {
      await Promise.all(served.map((s) => s.close()));
    },
  };
}

/** Every record of the managed zones, as `name TYPE data [comment]` lines (SOA/NS left out). */
export function dump(technitium: FakeTechnitium): string[] {
  return ZONES.flatMap((zone) =>
    technitium
      .records(zone)
      .filter((r) => r.type !== 'SOA' && r.type !== 'NS')
      .map((r) => `${r.name} ${r.type} ${Object.values(r.rData).join(',')} ${r.comments ?? ''}`.trim()),
  );
}
