import { withLifecycle, type Forge } from '../forge.js';
import type { ForgeSettings } from '../settings.js';
import { GiteaClient } from './client.js';

/** A Gitea (1.2x) forge. */
export function createGiteaForge(settings: ForgeSettings): Forge {
  return withLifecycle(new GiteaClient(settings, 'gitea'));
}
