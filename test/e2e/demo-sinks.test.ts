import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './cli-harness.js';

// `nbsync demo` as a process: every sink against its simulator, checked through the URLs and
// paths the demo prints, as a person following its help would.

interface Demo {
  readonly child: ChildProcess;
  readonly text: string;
}

/** Start the built CLI's demo; resolves once the first full sync is reported. */
function startDemo(): Promise<Demo> {
  const child = spawn(process.execPath, [BIN, 'demo', '--port', '0'], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`demo not ready in time:\n${stdout}\n${stderr}`)),
      25_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/First full sync done.*\n/.test(stdout)) {
        clearTimeout(timer);
        resolve({ child, text: stdout });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code} before ready:\n${stdout}\n${stderr}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** The first capture group of `pattern` in the demo's output; fails the test when absent. */
function printed(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`the demo did not print ${pattern}:\n${text}`);
  return match[1];
}

function git(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: { PATH: process.env.PATH, HOME: tmpdir() } }, (err, stdout, stderr) =>
      err ? reject(new Error(`git ${args[0]} failed: ${stderr}`)) : resolve(stdout),
    );
  });
}

interface PveResource {
  name: string;
  status: string;
  template?: number;
}

describe('nbsync demo with every sink', () => {
  let demo: Demo;
  let api: string;
  let bearer: { authorization: string };
  const scratch = mkdtempSync(join(tmpdir(), 'nbsync-demo-e2e-'));

  beforeAll(async () => {
    demo = await startDemo();
    api = printed(demo.text, /nbsync API\s+(http:\/\/127\.0\.0\.1:\d+)/);
    bearer = { authorization: `Bearer ${printed(demo.text, /nbsync API\s+\S+\s+\(token: ([^;]+);/)}` };
  });

  afterAll(() => {
    if (demo.child.exitCode === null && demo.child.signalCode === null) demo.child.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  });

  it('Proxmox: both clusters run their NetBox VMs, cloned from the templates, powered as NetBox says', async () => {
    const token = printed(demo.text, /Authorization: (PVEAPIToken=[^']+)'/);
    const clusters = [...demo.text.matchAll(/^ {2}Proxmox (\S+)\s+(http:\/\/\S+)/gm)];

    const vms: Record<string, Record<string, string>> = {};
    for (const [, cluster = '', url = ''] of clusters) {
      const response = await fetch(`${url}/api2/json/cluster/resources?type=vm`, {
        headers: { authorization: token },
      });
      const { data } = (await response.json()) as { data: PveResource[] };
      vms[cluster] = Object.fromEntries(data.filter((r) => r.template !== 1).map((r) => [r.name, r.status]));
    }

    expect(Object.keys(vms).sort()).toEqual(['asgard', 'pve-lab']);
    expect(vms['pve-lab']).toEqual({
      netbox: 'running',
      'step-ca': 'running',
      openbao: 'running',
      technitium: 'running',
      semaphore: 'running',
      loki: 'stopped', // offline in NetBox
    });
    expect(vms['asgard']).toEqual({
      'valaskjalf-master-1': 'running',
      'valaskjalf-master-2': 'running',
      'valaskjalf-master-3': 'running',
      'valaskjalf-worker-1': 'running',
      'valaskjalf-worker-2': 'running',
      'valaskjalf-worker-3': 'running',
      'valaskjalf-worker-4': 'stopped', // planned in NetBox
    });
  });

  it('DHCP: every NetBox address on an interface with a MAC is reserved in its scope, with the owner mark', async () => {
    const scopeUrl = printed(demo.text, /'(http:\/\/\S+\/api\/dhcp\/scopes\/get\?[^']+)'/);

    const reserved: Record<string, { hardwareAddress: string; address: string; comments: string | null }[]> =
      {};
    for (const name of ['servers', 'mgmt']) {
      const response = await fetch(scopeUrl.replace(/name=servers/, `name=${name}`));
      const body = (await response.json()) as { response: { reservedLeases: (typeof reserved)[string] } };
      reserved[name] = body.response.reservedLeases;
    }

    expect(reserved['servers']).toHaveLength(13); // the homelab's VMs
    expect(reserved['servers']).toContainEqual(
      expect.objectContaining({ hardwareAddress: 'BC-24-11-0A-0A-14', address: '10.10.10.20' }),
    );
    expect(reserved['mgmt']?.map((r) => r.address).sort()).toEqual([
      '10.10.20.11',
      '10.10.20.12',
      '10.10.20.13',
      '10.10.20.2',
      '10.10.20.21',
    ]);
    for (const lease of [...(reserved['servers'] ?? []), ...(reserved['mgmt'] ?? [])]) {
      expect(lease.comments).toMatch(/^nbsync:demo ipam\.ipaddress\/\d+$/);
    }
  });

  it('certificates: a key and a chain to the demo root for every object tagged tls, and their expiry on /metrics', async () => {
    const certDir = printed(demo.text, /^ {2}ls (\S+\/certs)$/m);
    const root = new X509Certificate(readFileSync(printed(demo.text, /root: (\S+root_ca\.crt)\)/)));

    const files = readdirSync(certDir)
      .filter((f) => /\.(crt|key)$/.test(f))
      .sort();
    const metrics = await (await fetch(`${api}/metrics`)).text();

    const names = ['netbox', 'openbao', 'pve-01', 'step-ca'].map((n) => `${n}.int.lavaduck.net`);
    expect(files).toEqual(names.flatMap((n) => [`${n}.crt`, `${n}.key`]));
    for (const name of names) {
      const pem = readFileSync(join(certDir, `${name}.crt`), 'utf8');
      const [leafPem, intermediatePem] = pem.split(/(?<=-----END CERTIFICATE-----\n)/);
      const leaf = new X509Certificate(leafPem ?? '');
      const intermediate = new X509Certificate(intermediatePem ?? '');
      expect(leaf.subjectAltName).toContain(`DNS:${name}`);
      expect(leaf.verify(intermediate.publicKey) && intermediate.verify(root.publicKey)).toBe(true);
      expect(metrics).toMatch(
        new RegExp(
          `nbsync_certificate_expiry_timestamp_seconds\\{sink="certs",name="${name}"\\} ${Date.parse(leaf.validTo) / 1000}\\n`,
        ),
      );
    }
  });

  it('git inventory: the first sync opens one pull request holding both files, with nothing left to approve', async () => {
    const forgeAuth = { authorization: `token ${printed(demo.text, /API token: (\S+)\)/)}` };
    const pullsUrl = printed(demo.text, /'(http:\/\/\S+\/pulls\?state=open)'/);
    const [, branch = '', repoUrl = ''] = /git clone -q -b (\S+) (\S+) /.exec(demo.text) ?? [];

    const status = (await (await fetch(`${api}/v1/status`, { headers: bearer })).json()) as {
      sinks: { name: string; pendingChanges: number | null }[];
    };
    const pulls = (await (await fetch(pullsUrl, { headers: forgeAuth })).json()) as {
      head: { ref: string };
      base: { ref: string };
    }[];
    await git(['clone', '-q', '-b', branch, repoUrl, 'infra'], scratch);

    expect(status.sinks.find((s) => s.name === 'inventory')?.pendingChanges).toBe(0);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ head: { ref: 'nbsync/inventory' }, base: { ref: 'main' } });
    expect(readFileSync(join(scratch, 'infra/ansible/inventory/netbox.yml'), 'utf8')).toContain(
      'valaskjalf-master-1',
    );
    const tfvars = JSON.parse(
      readFileSync(join(scratch, 'infra/terraform/netbox_vms.auto.tfvars.json'), 'utf8'),
    ) as {
      vms: Record<string, { vmid: number | null }>;
    };
    expect(tfvars.vms['netbox']?.vmid).toBe(200);
  });

  it('SIGTERM stops everything and removes the demo files', async () => {
    const dir = dirname(printed(demo.text, /config\s+(\S+nbsync\.yaml)/));
    const existed = existsSync(dir);

    demo.child.kill('SIGTERM');
    const code = await exited(demo.child);

    expect(existed).toBe(true);
    expect(code).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });
});
