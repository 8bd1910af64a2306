import { z } from 'zod';
import { SyncError } from '../../model/errors.js';
import type { ForgeClient, ForgeComment, PullRequest, PullRequestSpec } from '../forge.js';
import { newestFirst } from '../forge.js';
import { ForgeHttp, errorMessage, parseAnswer } from '../http.js';
import type { ForgeSettings } from '../settings.js';

// GitHub REST, API version 2022-11-28 (FORGES-PR-API.md "GitHub"). Labels go by name through
// the issues endpoints; a duplicate pull request is a 422 "A pull request already exists".

const PAGE = 100;

const pullSchema = z.object({
  number: z.number().int(),
  state: z.enum(['open', 'closed']),
  merged_at: z.string().nullish(),
  title: z.string(),
  body: z.string().nullish(),
  head: z.object({ ref: z.string() }),
  base: z.object({ ref: z.string() }),
  labels: z.array(z.object({ name: z.string() })).nullish(),
  html_url: z.string().nullish(),
});
const commentSchema = z.object({ id: z.number().int(), body: z.string().nullish() });
const repoSchema = z.object({
  archived: z.boolean().optional(),
  permissions: z.object({ push: z.boolean().optional() }).optional(),
});

export class GitHubClient implements ForgeClient {
  readonly type = 'github' as const;
  private readonly http: ForgeHttp;
  private readonly repoPath: string;

  constructor(private readonly settings: ForgeSettings) {
    this.repoPath = `/repos/${encodeURIComponent(settings.owner)}/${encodeURIComponent(settings.name)}`;
    this.http = new ForgeHttp({
      service: 'GitHub',
      baseUrl: settings.url,
      headers: {
        authorization: `Bearer ${settings.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'nbsync',
      },
      token: settings.token,
      authHint: 'check forge.token (contents and pull requests: write)',
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
    for (let page = 1; ; page++) {
      // `head` must be `owner:branch`; a bare branch name does not filter.
      const { json } = await this.http.request('GET', `${this.repoPath}/pulls`, signal, {
        query: { state, head: `${this.settings.owner}:${head}`, base, per_page: PAGE, page },
      });
      const pulls = parseAnswer(z.array(pullSchema), json, 'GitHub list pull requests');
      for (const pull of pulls)
        if (pull.head.ref === head && pull.base.ref === base) found.push(toPullRequest(pull));
      if (pulls.length < PAGE) break;
    }
    return newestFirst(found);
  }

  async createPullRequest(spec: PullRequestSpec, signal: AbortSignal): Promise<PullRequest> {
    const { status, json } = await this.http.request('POST', `${this.repoPath}/pulls`, signal, {
      body: { title: spec.title, head: spec.head, base: spec.base, body: spec.body },
      pass: [422],
    });
    if (status === 422) {
      const message = errorMessage(json);
      throw new SyncError('SINK_REJECTED', `GitHub refused the pull request: ${message}`, {
        details: { status, duplicate: /already exists/i.test(message) },
      });
    }
    const pullRequest = toPullRequest(parseAnswer(pullSchema, json, 'GitHub create pull request'));
    if (spec.labels.length === 0) return pullRequest;
    await this.addLabels(pullRequest.number, spec.labels, signal);
    return { ...pullRequest, labels: [...spec.labels] };
  }

  async updatePullRequest(
    number: number,
    patch: { title: string; body: string },
    signal: AbortSignal,
  ): Promise<PullRequest> {
    const { json } = await this.http.request('PATCH', `${this.repoPath}/pulls/${number}`, signal, {
      body: patch,
    });
    return toPullRequest(parseAnswer(pullSchema, json, 'GitHub update pull request'));
  }

  async addLabels(number: number, labels: readonly string[], signal: AbortSignal): Promise<void> {
    await this.http.request('POST', `${this.repoPath}/issues/${number}/labels`, signal, { body: { labels } });
  }

  async listComments(number: number, signal: AbortSignal): Promise<ForgeComment[]> {
    const comments: ForgeComment[] = [];
    for (let page = 1; ; page++) {
      const { json } = await this.http.request('GET', `${this.repoPath}/issues/${number}/comments`, signal, {
        query: { per_page: PAGE, page },
      });
      const batch = parseAnswer(z.array(commentSchema), json, 'GitHub list comments');
      comments.push(...batch.map((c) => ({ id: c.id, body: c.body ?? '' })));
      if (batch.length < PAGE) break;
    }
    return comments;
  }

  async addComment(number: number, body: string, signal: AbortSignal): Promise<void> {
    await this.http.request('POST', `${this.repoPath}/issues/${number}/comments`, signal, { body: { body } });
  }

  async check(signal: AbortSignal): Promise<string[]> {
    const { status, json } = await this.http.request('GET', this.repoPath, signal, { pass: [404] });
    if (status === 404)
      return [
        `GitHub: repository ${this.settings.owner}/${this.settings.name} not found (or the token cannot see it)`,
      ];
    const repo = parseAnswer(repoSchema, json, 'GitHub read repository');
    const problems: string[] = [];
    if (repo.archived) problems.push('GitHub: the repository is archived');
    if (repo.permissions?.push === false) problems.push('GitHub: forge.token cannot push to the repository');
    return problems;
  }
}

function toPullRequest(pull: z.infer<typeof pullSchema>): PullRequest {
  return {
    number: pull.number,
    state: pull.state === 'closed' && pull.merged_at ? 'merged' : pull.state,
    title: pull.title,
    body: pull.body ?? '',
    head: pull.head.ref,
    base: pull.base.ref,
    labels: (pull.labels ?? []).map((l) => l.name),
    url: pull.html_url ?? '',
  };
}
