import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import { gitInventoryFactory } from '../../src/sinks/git-inventory/index.js';
import type { SinkDeps } from '../../src/sinks/sink.js';
import { sampleInventory } from '../fakes/forge/inventory.js';
import { settings } from '../helpers/resources.js';

const base = {
  repo: { url: 'https://git.example.net/lab/infra.git', token: { env: 'GIT_TOKEN' } },
  author: { name: 'nbsync', email: 'nbsync@lavaduck.net' },
};

function deps(mode: 'apply' | 'propose', baseDir = '/etc/nbsync'): SinkDeps {
  return {
    settings: settings({ mode }),
    secret: () => 'secret-value',
    fetch: globalThis.fetch,
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => undefined },
    baseDir,
    dataDir: `${baseDir}/data`,
    sinkByName: () => undefined,
  };
}

describe('git-inventory config', () => {
  it('fills the documented defaults', () => {
    const config = gitInventoryFactory.schema.parse(base);

    expect(config.repo.branch).toBe('main');
    expect(config.files).toEqual({
      ansible: 'ansible/inventory/netbox.yml',
      terraform: 'terraform/netbox_vms.auto.tfvars.json',
    });
  });

  it.each([
    ['a token in the URL', { ...base, repo: { url: 'https://u:t0k@git.example.net/x.git' } }, 'repo.token'],
    ['both token and key', { ...base, repo: { ...base.repo, sshKeyFile: '/k' } }, 'not both'],
    ['an absolute file path', { ...base, files: { ansible: '/etc/hosts.yml' } }, 'relative path'],
    ['a path leaving the repo', { ...base, files: { terraform: '../x.json' } }, 'relative path'],
    ['the same path twice', { ...base, files: { ansible: 'a.yml', terraform: 'a.yml' } }, 'must differ'],
    ['an unknown key', { ...base, branch: 'main' }, 'branch'],
    [
      'an inline secret',
      { ...base, repo: { url: 'https://git.example.net/x.git', token: 'abc' } },
      'secret reference',
    ],
  ])('rejects %s', (_name, input, message) => {
    const result = gitInventoryFactory.schema.safeParse(input);

    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });

  it('refuses mode propose without a forge', () => {
    const config = gitInventoryFactory.schema.parse(base);

    const attempt = () => gitInventoryFactory.create('inventory', config, deps('propose'));

    expect(attempt).toThrow(SyncError);
    expect(attempt).toThrow(/needs forge/);
  });

  it('renders only the files that are switched on', () => {
    const config = gitInventoryFactory.schema.parse({ ...base, files: { terraform: false } });
    const sink = gitInventoryFactory.create('inventory', config, deps('apply'));
    const inventory: Inventory = sampleInventory();

    const desired = sink.desired(inventory);

    expect(desired.resources.map((r) => r.key)).toEqual(['ansible/inventory/netbox.yml']);
    expect(desired.resources[0]?.spec).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('checks reachability without throwing and names the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nbsync-git-check-'));
    const config = gitInventoryFactory.schema.parse({
      ...base,
      repo: { url: 'http://127.0.0.1:9/none.git', token: { env: 'GIT_TOKEN' } },
    });
    const sink = gitInventoryFactory.create('inventory', config, deps('apply', dir));

    const problems = await sink.check({
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
    });

    await rm(dir, { recursive: true, force: true });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/git fetch/);
    expect(problems[0]).not.toContain('secret-value');
  });
});
