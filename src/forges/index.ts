import type { Forge, ForgeType } from './forge.js';
import { createForgejoForge } from './forgejo/index.js';
import { createGiteaForge } from './gitea/index.js';
import { createGitHubForge } from './github/index.js';
import { createGitLabForge } from './gitlab/index.js';
import type { ForgeSettings } from './settings.js';

export type { Forge, ForgeType, PullRequest, PullRequestSpec, EnsureResult } from './forge.js';
export { FORGE_TYPES } from './forge.js';
export type { ForgeSettings } from './settings.js';

/** The one place that maps a forge type to its adapter. */
export function createForge(type: ForgeType, settings: ForgeSettings): Forge {
  switch (type) {
    case 'gitea':
      return createGiteaForge(settings);
    case 'forgejo':
      return createForgejoForge(settings);
    case 'github':
      return createGitHubForge(settings);
    case 'gitlab':
      return createGitLabForge(settings);
  }
}
