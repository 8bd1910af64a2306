import { FAKE_NETBOX_TOKEN_V1 } from '../../../test/fakes/netbox/index.js';
import { FAKE_TECHNITIUM_TOKEN } from '../../../test/fakes/technitium/index.js';
import { FAKE_PROXMOX_TOKEN } from './simulators.js';
import { API_TOKEN, FORGE_TOKEN, type DemoWorld } from './world.js';

/** One sink in the summary of a run (`GET /v1/runs`), the fields the demo reads. */
export interface RunSinkLine {
  readonly sink: string;
  readonly status: string;
  readonly reason?: string;
  readonly counts?: { readonly create: number; readonly update: number; readonly delete: number };
  readonly applied?: number;
  readonly failed?: number;
}

/** One line for the first full sync: per sink what was applied, what waits for approval, what failed. */
export function syncSummary(sinks: readonly RunSinkLine[]): string {
  const parts = sinks.map((s) => {
    const planned = s.counts ? s.counts.create + s.counts.update + s.counts.delete : 0;
    if (s.status === 'skipped')
      return `${s.sink}: ${planned} change(s) await approval (${s.reason ?? 'skipped'})`;
    if (s.status === 'applied' || s.status === 'nothing-to-do') return `${s.sink}: ${s.applied ?? 0} applied`;
    return `${s.sink}: ${s.status}${s.failed ? `, ${s.failed} failed` : ''}${s.reason ? ` (${s.reason})` : ''}`;
  });
  return `First full sync done. ${parts.join('; ')}.\n`;
}

/** The text `nbsync demo` prints once the daemon serves: URLs and things to try per sink. */
export function demoHelp(world: DemoWorld, address: string): string {
  const bearer = `-H 'Authorization: Bearer ${API_TOKEN}'`;
  const pveAuth = `-H 'Authorization: PVEAPIToken=${FAKE_PROXMOX_TOKEN}'`;
  const [pve] = world.proxmox;
  const lines = [
    '',
    'nbsync demo is running — every system below is a built-in simulator.',
    '',
    `  nbsync API          ${address}   (token: ${API_TOKEN}; web page: ${address}/)`,
    `  NetBox (fake)       ${world.netboxUrl}   (token: ${FAKE_NETBOX_TOKEN_V1})`,
    `  Technitium (fake)   ${world.technitiumUrl}   (DNS and DHCP)`,
    ...world.proxmox.map(
      (p) => `  Proxmox ${p.cluster.padEnd(11)} ${p.served.url}   (nodes ${p.nodes.join(', ')})`,
    ),
    `  Step-CA (fake)      ${world.ca.served.url}   (root: ${world.dir}/root_ca.crt)`,
    world.git
      ? `  Git + Gitea (fake)  ${world.git.remote.url}   (repository lab/infra; API token: ${FORGE_TOKEN})`
      : `  Git                 left out: ${world.gitProblem ?? 'unavailable'}`,
    `  config              ${world.configPath}   (these files are removed when the demo stops)`,
    '',
    'DNS: edit NetBox (the fake sends the signed webhook, as a NetBox event rule would):',
    '',
    `  curl -s -X PATCH ${world.netboxUrl}/api/ipam/ip-addresses/${world.editIpId}/ \\`,
    `    -H 'Authorization: Token ${FAKE_NETBOX_TOKEN_V1}' -H 'Content-Type: application/json' \\`,
    `    -d '{"dns_name": "k8s-cp-1.int.lavaduck.net"}'`,
    '',
    'About a second later the record has moved:',
    '',
    `  curl -s '${world.technitiumUrl}/api/zones/records/get?token=${FAKE_TECHNITIUM_TOKEN}&domain=k8s-cp-1.int.lavaduck.net&zone=int.lavaduck.net'`,
    '',
    'DHCP: the reservations nbsync made for the addresses NetBox assigns (same Technitium):',
    '',
    `  curl -s '${world.technitiumUrl}/api/dhcp/scopes/get?token=${FAKE_TECHNITIUM_TOKEN}&name=servers'`,
    '',
    'Proxmox: the VMs nbsync cloned from the templates, and the config of one of them:',
    '',
    ...world.proxmox.map((p) => `  curl -s ${pveAuth} '${p.served.url}/api2/json/cluster/resources?type=vm'`),
    ...(pve ? [`  curl -s ${pveAuth} ${pve.served.url}/api2/json/nodes/pve-01/qemu/200/config`] : []),
    '',
    'Certificates for the objects tagged "tls", and their expiry as nbsync reports it:',
    '',
    `  ls ${world.certDir}`,
    `  openssl x509 -in ${world.certDir}/netbox.int.lavaduck.net.crt -noout -subject -enddate -ext subjectAltName`,
    `  curl -s ${address}/metrics | grep nbsync_certificate_expiry`,
    '',
  ];
  if (world.git) {
    const forgeAuth = `-H 'Authorization: token ${FORGE_TOKEN}'`;
    lines.push(
      'Git inventory (mode propose): the first sync opened a pull request with both inventory files;',
      'every NetBox change updates it. A person reviews and merges it in the forge:',
      '',
      `  curl -s ${forgeAuth} '${world.git.remote.url}/api/v1/repos/lab/infra/pulls?state=open'`,
      `  git clone -q -b nbsync/inventory ${world.git.repoUrl} infra && ls -R infra/ansible infra/terraform`,
      '',
    );
  }
  lines.push(
    'Everything at a glance:',
    '',
    `  curl -s ${bearer} ${address}/v1/status`,
    `  curl -s ${bearer} '${address}/v1/plan?format=text'`,
    '',
    'Ctrl-C stops everything. The first full sync runs now (one line when it is done).',
    '',
  );
  return lines.join('\n');
}
