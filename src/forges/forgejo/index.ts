import { withLifecycle, type Forge } from '../forge.js';
import { GiteaClient } from '../gitea/client.js';
import type { ForgeSettings } from '../settings.js';

/**
 * A Forgejo forge. Forgejo forked Gitea 1.22 and keeps its pull request, label and comment
 * endpoints; the differences that matter here (list filter `base` instead of `base_branch`) are
 * the Gitea client's `forgejo` flavour.
 */
export function createForgejoForge(settings: ForgeSettings): Forge {
  return withLifecycle(new GiteaClient(settings, 'forgejo'));
}
