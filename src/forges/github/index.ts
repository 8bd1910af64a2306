import { withLifecycle, type Forge } from '../forge.js';
import type { ForgeSettings } from '../settings.js';
import { GitHubClient } from './client.js';

/** GitHub or GitHub Enterprise Server (`url` = `https://<host>/api/v3`). */
export function createGitHubForge(settings: ForgeSettings): Forge {
  return withLifecycle(new GitHubClient(settings));
}
