import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeForge, forgeApi, type FakeRepo } from '../../../test/fakes/forge/index.js';
import { GitRemote } from '../../../test/fakes/git-remote.js';
import { FAKE_PROXMOX_TOKEN, FakeProxmox } from '../../../test/fakes/proxmox/index.js';
import { serveFake, type ServedFake } from '../../../test/fakes/serve.js';
import { StepCaFake } from '../../../test/fakes/step-ca/fake.js';
import { serveFakeTls } from '../../../test/fakes/step-ca/tls.js';

export { FAKE_PROXMOX_TOKEN };

/** One simulated Proxmox VE cluster, for one `proxmox` sink. */
export interface DemoProxmox {
  /** Sink name in the demo config. */
  readonly sink: string;
  /** The NetBox cluster whose VMs it runs (test/fixtures/homelab.ts). */
  readonly cluster: string;
  readonly nodes: readonly string[];
  readonly defaultNode: string;
  /** VMID of the default template (the fixture's VMs name theirs in `proxmox_template`). */
  readonly template: number;
  readonly fake: FakeProxmox;
  readonly served: ServedFake;
}

/**
 * The sample homelab's two Proxmox clusters: `pve-lab` (three nodes, Debian template 9000 that
 * the Ring 0 VMs name `debian-13-cloud`) and `asgard` (one node, Ubuntu template 90001).
 */
export async function startProxmox(): Promise<DemoProxmox[]> {
  const clusters = [
    {
      sink: 'pve',
      cluster: 'pve-lab',
      nodes: ['pve-01', 'pve-02', 'pve-03'],
      template: 9000,
      name: 'debian-13-cloud',
    },
    { sink: 'asgard', cluster: 'asgard', nodes: ['asgard'], template: 90001, name: 'ubuntu-24-04-cloud' },
  ];
  return Promise.all(
    clusters.map(async ({ name, ...spec }) => {
      const fake = new FakeProxmox({ nodes: spec.nodes });
      fake.addTemplate({ vmid: spec.template, name, diskGb: 10 });
      const defaultNode = spec.nodes[0] ?? 'pve1';
      return { ...spec, defaultNode, fake, served: await serveFake(fake) };
    }),
  );
}

export const CA_PROVISIONER = 'nbsync@lavaduck.net';

/** A step-ca simulator that really signs, over HTTPS with a certificate from its own intermediate. */
export interface DemoCa {
  readonly fake: StepCaFake;
  readonly served: ServedFake;
}

/** Start the CA and write `root_ca.crt` and the encrypted provisioner key into `dir`. */
export async function startCa(dir: string, password: string): Promise<DemoCa> {
  // Token audiences must name the CA: it answers on 127.0.0.1.
  const fake = new StepCaFake({ dnsNames: ['127.0.0.1'] });
  const provisioner = fake.addJwkProvisioner(CA_PROVISIONER, password);
  writeFileSync(join(dir, 'root_ca.crt'), fake.root.pem);
  writeFileSync(join(dir, 'provisioner.jwe'), provisioner.encryptedKey, { mode: 0o600 });
  const served = await serveFakeTls(fake, fake.serverCertificate(['127.0.0.1']));
  return { fake, served };
}

export const FORGE_OWNER = 'lab';
export const FORGE_REPO = 'infra';

/** A real Git remote (`git http-backend`) with a Gitea-style API in front of the same repository. */
export interface DemoGit {
  readonly remote: GitRemote;
  readonly forge: FakeForge;
  readonly repo: FakeRepo;
  /** Clone URL of `lab/infra`. */
  readonly repoUrl: string;
}

/**
 * Start the Git remote with repository `lab/infra` (a README and an Ansible playbook on `main`).
 * Throws when `git` or `git http-backend` is missing.
 */
export async function startGit(forgeToken: string): Promise<DemoGit> {
  const holder: { remote?: GitRemote } = {};
  const forge = new FakeForge(forgeToken, {
    branchExists: async (repo, branch) => (await holder.remote?.head(repo, branch)) != null,
    merge: async (repo, base, head) => (holder.remote ? holder.remote.merge(repo, base, head) : ''),
  });
  const repo = forge.addRepo(FORGE_OWNER, FORGE_REPO);
  const remote = await GitRemote.start({ api: forgeApi(forge, 'gitea') });
  holder.remote = remote;
  const full = `${FORGE_OWNER}/${FORGE_REPO}`;
  await remote.createRepo(full, {
    files: {
      'README.md': '# infra\n\nPlaybooks and Terraform of the lavaduck homelab.\n',
      'ansible/site.yml': '- hosts: all\n  tasks: []\n',
    },
  });
  return { remote, forge, repo, repoUrl: remote.repoUrl(full) };
}
