import { z } from 'zod';
import { SyncError } from '../../model/errors.js';
import type { ForgeClient, ForgeComment, PullRequest, PullRequestSpec } from '../forge.js';
import { newestFirst } from '../forge.js';
import { ForgeHttp, errorMessage, parseAnswer } from '../http.js';
import type { ForgeSettings } from '../settings.js';

// Gitea 1.27 API (FORGES-PR-API.md "Gitea and Forgejo"; swagger in specs/forges/). Forgejo 16
// shares these endpoints; the flavour only changes the base-branch filter's name.

const PAGE = 50; // [api].MAX_RESPONSE_ITEMS default: larger limits are capped silently.

const branchSchema = z.object({ ref: z.string() });
const pullSchema = z.object({
  number: z.number().int(),
  state: z.enum(['open', 'closed']),
  merged: z.boolean().nullish(),
  title: z.string(),
  body: z.string().nullish(),
  head: branchSchema,
  base: branchSchema,
  labels: z.array(z.object({ name: z.string() })).nullish(),
  html_url: z.string().nullish(),
});
const labelSchema = z.object({ id: z.number().int(), name: z.string() });
const commentSchema = z.object({ id: z.number().int(), body: z.string().nullish() });
const repoSchema = z.object({
  permissions: z.object({ push: z.boolean().optional() }).nullish(),
  archived: z.boolean().optional(),
});

type Pull = z.infer<typeof pullSchema>;

export type GiteaFlavour = 'gitea' | 'forgejo';

export class GiteaClient implements ForgeClient {
  readonly type: GiteaFlavour;
  private readonly http: ForgeHttp;
  private readonly repoPath: string;
  private readonly service: string;

  constructor(settings: ForgeSettings, flavour: GiteaFlavour = 'gitea') {
    this.type = flavour;
    this.service = flavour === 'gitea' ? 'Gitea' : 'Forgejo';
    this.repoPath = `/repos/${encodeURIComponent(settings.owner)}/${encodeURIComponent(settings.name)}`;
    this.http = new ForgeHttp({
      service: this.service,
      baseUrl: `${settings.url.replace(/\/+$/, '')}/api/v1`,
      headers: { authorization: `token ${settings.token}` },
      token: settings.token,
      authHint: 'check forge.token (scopes write:repository and write:issue)',
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    });
  }

  async listPullRequests(
    head: string,
    base: string,
    state: 'open' | 'all',
    signal: AbortSignal,
  ): Promise<PullRequest[]> {
    const found: PullRequest[] = [];
    // Gitea has no head filter (Forgejo's is not needed): filter on head.ref here.
    const baseFilter = this.type === 'gitea' ? 'base_branch' : 'base';
    for (let page = 1; ; page++) {
      const { json } = await this.http.request('GET', `${this.repoPath}/pulls`, signal, {
        query: { state, [baseFilter]: base, page, limit: PAGE },
      });
      const pulls = parseAnswer(z.array(pullSchema), json, `${this.service} list pull requests`);
      for (const pull of pulls)
        if (pull.head.ref === head && pull.base.ref === base) found.push(toPullRequest(pull));
      if (pulls.length < PAGE) break;
    }
    return newestFirst(found);
  }

  async createPullRequest(spec: PullRequestSpec, signal: AbortSignal): Promise<PullRequest> {
    const labels = await this.labelIds(spec.labels, signal);
    const { status, json } = await this.http.request('POST', `${this.repoPath}/pulls`, signal, {
      body: { head: spec.head, base: spec.base, title: spec.title, body: spec.body, labels },
      pass: [409, 422],
    });
    if (status === 409) {
      throw new SyncError(
        'SINK_REJECTED',
        `${this.service}: a pull request from ${spec.head} already exists`,
        {
          details: { duplicate: true, status },
        },
      );
    }
    if (status === 422) {
      throw new SyncError(
        'SINK_REJECTED',
        `${this.service} refused the pull request: ${errorMessage(json)}`,
        {
          details: { status },
        },
      );
    }
    return toPullRequest(parseAnswer(pullSchema, json, `${this.service} create pull request`));
  }

  async updatePullRequest(
    number: number,
    patch: { title: string; body: string },
    signal: AbortSignal,
  ): Promise<PullRequest> {
    // Gitea answers an edit with 201.
    const { json } = await this.http.request('PATCH', `${this.repoPath}/pulls/${number}`, signal, {
      body: patch,
    });
    return toPullRequest(parseAnswer(pullSchema, json, `${this.service} edit pull request`));
  }

  async addLabels(number: number, labels: readonly string[], signal: AbortSignal): Promise<void> {
    const ids = await this.labelIds(labels, signal);
    if (ids.length === 0) return;
    await this.http.request('POST', `${this.repoPath}/issues/${number}/labels`, signal, {
      body: { labels: ids },
    });
  }

  async listComments(number: number, signal: AbortSignal): Promise<ForgeComment[]> {
    const { json } = await this.http.request('GET', `${this.repoPath}/issues/${number}/comments`, signal);
    return parseAnswer(z.array(commentSchema), json, `${this.service} list comments`).map((c) => ({
      id: c.id,
      body: c.body ?? '',
    }));
  }

  async addComment(number: number, body: string, signal: AbortSignal): Promise<void> {
    await this.http.request('POST', `${this.repoPath}/issues/${number}/comments`, signal, { body: { body } });
  }

  async check(signal: AbortSignal): Promise<string[]> {
    const { status, json } = await this.http.request('GET', this.repoPath, signal, { pass: [404] });
    if (status === 404)
      return [`${this.service}: repository ${this.repoPath.slice(7)} not found (or the token cannot see it)`];
    const repo = parseAnswer(repoSchema, json, `${this.service} read repository`);
    const problems: string[] = [];
    if (repo.archived) problems.push(`${this.service}: the repository is archived`);
    if (repo.permissions && repo.permissions.push === false)
      problems.push(`${this.service}: forge.token cannot push to the repository`);
    return problems;
  }

  /** Label ids for names (Gitea's create/edit take ids); labels missing in the repo are created. */
  private async labelIds(names: readonly string[], signal: AbortSignal): Promise<number[]> {
    if (names.length === 0) return [];
    const existing = new Map<string, number>();
    for (let page = 1; ; page++) {
      const { json } = await this.http.request('GET', `${this.repoPath}/labels`, signal, {
        query: { page, limit: PAGE },
      });
      const labels = parseAnswer(z.array(labelSchema), json, `${this.service} list labels`);
      for (const label of labels) existing.set(label.name, label.id);
      if (labels.length < PAGE) break;
    }
    const ids: number[] = [];
    for (const name of names) {
      let id = existing.get(name);
      if (id === undefined) {
        const { json } = await this.http.request('POST', `${this.repoPath}/labels`, signal, {
          body: { name, color: '#1d76db', description: 'Managed by nbsync' },
        });
        id = parseAnswer(labelSchema, json, `${this.service} create label`).id;
      }
      ids.push(id);
    }
    return ids;
  }
}

function toPullRequest(pull: Pull): PullRequest {
  return {
    number: pull.number,
    state: pull.merged ? 'merged' : pull.state,
    title: pull.title,
    body: pull.body ?? '',
    head: pull.head.ref,
    base: pull.base.ref,
    labels: (pull.labels ?? []).map((l) => l.name),
    url: pull.html_url ?? '',
  };
}
