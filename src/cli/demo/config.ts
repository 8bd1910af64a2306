import type { DemoProxmox } from './simulators.js';
import { CA_PROVISIONER, FORGE_OWNER, FORGE_REPO } from './simulators.js';

export const DNS_ZONES = [
  'int.lavaduck.net',
  '10.10.10.in-addr.arpa',
  '10.10.20.in-addr.arpa',
  '0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
];

/** Where the simulators answer; `git` is null when the Git sink is left out. */
export interface DemoEndpoints {
  readonly netbox: string;
  readonly technitium: string;
  readonly proxmox: readonly DemoProxmox[];
  readonly ca: string;
  readonly git: { readonly repoUrl: string; readonly forgeUrl: string } | null;
}

/**
 * The demo's nbsync.yaml: DNS, DHCP, both Proxmox clusters and certificates in mode `apply`; the Git
 * inventory in mode `propose`: it opens a pull request that a person merges. Secrets are files
 * beside the config (see world.ts).
 */
export function demoConfig(endpoints: DemoEndpoints): string {
  const lines = [
    '# Written by `nbsync demo`: every system here is a built-in simulator.',
    'instance: demo',
    'netbox:',
    `  url: ${endpoints.netbox}`,
    '  token: {file: netbox.token}',
    '  webhookSecret: {file: webhook.secret}',
    '  writeBack: journal',
    'server:',
    '  listen: 127.0.0.1:8080',
    '  apiTokens: [{file: api.token}]',
    'store: {path: nbsync.sqlite}',
    'schedule: {fullSync: "*/5 * * * *", debounceMs: 500}',
    'sinks:',
    '  dns:',
    '    type: technitium-dns',
    '    mode: apply',
    `    url: ${endpoints.technitium}`,
    '    token: {file: technitium.token}',
    `    zones: [${DNS_ZONES.join(', ')}]`,
    '    ttl: 300',
    '    defaultZone: int.lavaduck.net',
    '  dhcp:',
    '    type: technitium-dhcp',
    '    mode: apply',
    `    url: ${endpoints.technitium}`,
    '    token: {file: technitium.token}',
    '    scopes: [servers, mgmt]',
  ];
  for (const pve of endpoints.proxmox) {
    lines.push(
      `  ${pve.sink}:`,
      '    type: proxmox',
      '    mode: apply',
      `    url: ${pve.served.url}`,
      '    token: {file: proxmox.token}',
      `    clusters: [${pve.cluster}]`,
      `    defaultNode: ${pve.defaultNode}`,
      `    template: ${pve.template}`,
    );
  }
  lines.push(
    '  certs:',
    '    type: step-ca',
    '    mode: apply',
    `    url: ${endpoints.ca}`,
    '    caFile: root_ca.crt',
    `    provisioner: {name: ${CA_PROVISIONER}, keyFile: provisioner.jwe, password: {file: provisioner.password}}`,
    '    store: {dir: certs}',
    '    tag: tls',
    '    lifetime: 24h',
  );
  if (endpoints.git) {
    lines.push(
      '  inventory:',
      '    type: git-inventory',
      '    mode: propose',
      `    repo: {url: ${endpoints.git.repoUrl}, branch: main}`,
      `    forge: {type: gitea, url: ${endpoints.git.forgeUrl}, token: {file: forge.token}, owner: ${FORGE_OWNER}, name: ${FORGE_REPO}}`,
      '    author: {name: nbsync, email: nbsync@lavaduck.net}',
    );
  }
  return `${lines.join('\n')}\n`;
}
