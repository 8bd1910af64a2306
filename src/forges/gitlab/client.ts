import { z } from 'zod';
import { SyncError } from '../../model/errors.js';
import type { ForgeClient, ForgeComment, PullRequest, PullRequestSpec } from '../forge.js';
import { newestFirst } from '../forge.js';
import { ForgeHttp, errorMessage, parseAnswer } from '../http.js';
import type { ForgeSettings } from '../settings.js';

// GitLab REST v4 (FORGES-PR-API.md "GitLab"): merge requests are addressed by `iid`; a
// duplicate is a 409 "Another open merge request already exists"; labels are comma lists.

const PAGE = 100;

const mergeRequestSchema = z.object({
  iid: z.number().int(),
  state: z.enum(['opened', 'closed', 'merged', 'locked']),
  title: z.string(),
  description: z.string().nullish(),
  source_branch: z.string(),
  target_branch: z.string(),
  labels: z.array(z.string()).nullish(),
  web_url: z.string().nullish(),
});
const noteSchema = z.object({
  id: z.number().int(),
  body: z.string().nullish(),
  system: z.boolean().optional(),
});
const projectSchema = z.object({ archived: z.boolean().optional() });

export class GitLabClient implements ForgeClient {
  readonly type = 'gitlab' as const;
  private readonly http: ForgeHttp;
  private readonly projectPath: string;

  constructor(private readonly settings: ForgeSettings) {
    this.projectPath = `/projects/${encodeURIComponent(`${settings.owner}/${settings.name}`)}`;
    this.http = new ForgeHttp({
      service: 'GitLab',
      baseUrl: `${settings.url.replace(/\/+$/, '')}/api/v4`,
      headers: { 'private-token': settings.token },
      token: settings.token,
      authHint: 'check forge.token (scope api, role Developer or higher)',
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
      const { json } = await this.http.request('GET', `${this.projectPath}/merge_requests`, signal, {
        query: {
          state: state === 'open' ? 'opened' : 'all',
          source_branch: head,
          target_branch: base,
          per_page: PAGE,
          page,
        },
      });
      const batch = parseAnswer(z.array(mergeRequestSchema), json, 'GitLab list merge requests');
      for (const mr of batch)
        if (mr.source_branch === head && mr.target_branch === base) found.push(toPullRequest(mr));
      if (batch.length < PAGE) break;
    }
    return newestFirst(found);
  }

  async createPullRequest(spec: PullRequestSpec, signal: AbortSignal): Promise<PullRequest> {
    const { status, json } = await this.http.request('POST', `${this.projectPath}/merge_requests`, signal, {
      body: {
        source_branch: spec.head,
        target_branch: spec.base,
        title: spec.title,
        description: spec.body,
        labels: spec.labels.join(','),
      },
      pass: [409, 422],
    });
    if (status === 409 || status === 422) {
      throw new SyncError('SINK_REJECTED', `GitLab refused the merge request: ${errorMessage(json)}`, {
        details: { status, duplicate: status === 409 },
      });
    }
    return toPullRequest(parseAnswer(mergeRequestSchema, json, 'GitLab create merge request'));
  }

  async updatePullRequest(
    number: number,
    patch: { title: string; body: string },
    signal: AbortSignal,
  ): Promise<PullRequest> {
    const { json } = await this.http.request('PUT', `${this.projectPath}/merge_requests/${number}`, signal, {
      body: { title: patch.title, description: patch.body },
    });
    return toPullRequest(parseAnswer(mergeRequestSchema, json, 'GitLab update merge request'));
  }

  async addLabels(number: number, labels: readonly string[], signal: AbortSignal): Promise<void> {
    await this.http.request('PUT', `${this.projectPath}/merge_requests/${number}`, signal, {
      body: { add_labels: labels.join(',') },
    });
  }

  async listComments(number: number, signal: AbortSignal): Promise<ForgeComment[]> {
    const comments: ForgeComment[] = [];
    for (let page = 1; ; page++) {
      const { json } = await this.http.request(
        'GET',
        `${this.projectPath}/merge_requests/${number}/notes`,
        signal,
        {
          query: { per_page: PAGE, page },
        },
      );
      const batch = parseAnswer(z.array(noteSchema), json, 'GitLab list notes');
      for (const note of batch) if (!note.system) comments.push({ id: note.id, body: note.body ?? '' });
      if (batch.length < PAGE) break;
    }
    return comments;
  }

  async addComment(number: number, body: string, signal: AbortSignal): Promise<void> {
    await this.http.request('POST', `${this.projectPath}/merge_requests/${number}/notes`, signal, {
      body: { body },
    });
  }

  async check(signal: AbortSignal): Promise<string[]> {
    const { status, json } = await this.http.request('GET', this.projectPath, signal, { pass: [404] });
    if (status === 404)
      return [
        `GitLab: project ${this.settings.owner}/${this.settings.name} not found (or the token cannot see it)`,
      ];
    const project = parseAnswer(projectSchema, json, 'GitLab read project');
    return project.archived ? ['GitLab: the project is archived'] : [];
  }
}

function toPullRequest(mr: z.infer<typeof mergeRequestSchema>): PullRequest {
  return {
    number: mr.iid,
    state: mr.state === 'merged' ? 'merged' : mr.state === 'closed' ? 'closed' : 'open',
    title: mr.title,
    body: mr.description ?? '',
    head: mr.source_branch,
    base: mr.target_branch,
    labels: mr.labels ?? [],
    url: mr.web_url ?? '',
  };
}
