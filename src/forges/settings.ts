import type { FetchLike } from '../lib/http.js';

/** What every forge adapter is built from (sink config `forge`, token resolved). */
export interface ForgeSettings {
  /** The forge's web URL, e.g. `https://git.example.net` (GitHub: `https://api.github.com`). */
  readonly url: string;
  readonly token: string;
  /** Owner (user, organisation, GitLab group path) and repository name. */
  readonly owner: string;
  readonly name: string;
  readonly fetch?: FetchLike;
}
