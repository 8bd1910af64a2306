import { withLifecycle, type Forge } from '../forge.js';
import type { ForgeSettings } from '../settings.js';
import { GitLabClient } from './client.js';

/** GitLab (merge requests), `url` = the instance's web URL. */
export function createGitLabForge(settings: ForgeSettings): Forge {
  return withLifecycle(new GitLabClient(settings));
}
