import { isAbsolute, join, resolve } from 'node:path';
import { createForge } from '../../forges/index.js';
import { SyncError } from '../../model/errors.js';
import type { SinkFactory } from '../sink.js';
import { gitInventorySchema } from './config.js';
import { WorkingClone, type RepoAuth } from './repo.js';
import { GitInventorySink } from './sink.js';

export { GitInventorySink } from './sink.js';
export { gitInventorySchema, type GitInventoryConfig } from './config.js';
export { renderAnsibleInventory } from './render-ansible.js';
export { renderTerraformVars } from './render-terraform.js';
export { PROPOSAL_BRANCH } from './proposal.js';

/** Basic-auth user names that go with a token on each forge's Git over HTTPS. */
const TOKEN_USERS = {
  github: 'x-access-token',
  gitlab: 'oauth2',
  gitea: 'nbsync',
  forgejo: 'nbsync',
} as const;

/** `git-inventory`: Ansible and Terraform inventory in Git, committed or proposed. */
export const gitInventoryFactory: SinkFactory<typeof gitInventorySchema> = {
  type: 'git-inventory',
  schema: gitInventorySchema,
  create(name, config, deps) {
    if (deps.settings.mode === 'propose' && !config.forge) {
      throw new SyncError(
        'CONFIG_INVALID',
        `sinks.${name}: mode propose opens pull requests and needs forge {type, url, token, owner, name}; or use mode apply`,
      );
    }
    const auth: RepoAuth = config.repo.token
      ? {
          type: 'token',
          username: TOKEN_USERS[config.forge?.type ?? 'gitea'],
          token: deps.secret(config.repo.token),
        }
      : config.repo.sshKeyFile
        ? { type: 'ssh', keyFile: resolve(deps.baseDir, config.repo.sshKeyFile) }
        : { type: 'none' };
    const workdir = config.workdir
      ? isAbsolute(config.workdir)
        ? config.workdir
        : resolve(deps.baseDir, config.workdir)
      : join(deps.dataDir, 'git');
    const clone = new WorkingClone({ url: config.repo.url, dir: workdir, auth, author: config.author });
    const forge = config.forge
      ? createForge(config.forge.type, {
          url: config.forge.url,
          token: deps.secret(config.forge.token),
          owner: config.forge.owner,
          name: config.forge.name,
          fetch: deps.fetch,
        })
      : null;
    return new GitInventorySink(name, deps.settings, {
      clone,
      forge,
      branch: config.repo.branch,
      files: config.files,
      author: config.author,
      labels: config.forge?.labels ?? [],
    });
  },
};
