import type { ForgeType } from '../../../src/forges/forge.js';
import type { FakeApi } from '../http.js';
import { giteaApi } from './gitea.js';
import { githubApi } from './github.js';
import { gitlabApi } from './gitlab.js';
import type { FakeForge } from './state.js';

export { FakeForge, type ForgeGit, type FakePull, type FakeRepo } from './state.js';

/** The fake forge's API in one dialect. */
export function forgeApi(forge: FakeForge, type: ForgeType): FakeApi {
  switch (type) {
    case 'gitea':
      return giteaApi(forge, 'gitea');
    case 'forgejo':
      return giteaApi(forge, 'forgejo');
    case 'github':
      return githubApi(forge);
    case 'gitlab':
      return gitlabApi(forge);
  }
}

/** The API base URL nbsync's `forge.url` takes for a server at `origin`. */
export function forgeUrl(origin: string, type: ForgeType): string {
  return type === 'github' ? `${origin}/api/v3` : origin;
}
