import type { FakeApi } from '../http.js';
import { json, pageOf, readJson, segments, type FakeForge, type FakePull, type FakeRepo } from './state.js';

/**
 * Gitea 1.27 / Forgejo 16 API subset under `/api/v1` (FORGES-PR-API.md and the swagger files):
 * `token`/`Bearer` auth, `page`/`limit` paging capped at 50 with X-Total-Count, PR create 409 on
 * a duplicate, edit answering 201, labels by id on create, by id or name on issue labels.
 * Gitea lists filter by `base_branch`; Forgejo by `base` and `head`.
 */
export function giteaApi(forge: FakeForge, flavour: 'gitea' | 'forgejo' = 'gitea'): FakeApi {
  return {
    async handle(request) {
      const url = new URL(request.url);
      const failure = forge.takeFailure(request.method, url.pathname);
      if (failure !== undefined) return json(failure, { message: 'injected failure' });
      const auth = request.headers.get('authorization') ?? '';
      if (auth !== `token ${forge.token}` && auth !== `Bearer ${forge.token}`) {
        return json(401, { message: 'token is required', url: '' });
      }
      const parts = segments(url.pathname);
      if (parts[0] !== 'api' || parts[1] !== 'v1' || parts[2] !== 'repos')
        return json(404, { message: 'not found' });
      const repo = forge.repo(parts[3] ?? '', parts[4] ?? '');
      if (!repo) return json(404, { message: 'repository does not exist' });
      const rest = parts.slice(5);
      const method = request.method;
      const base = `${url.origin}/${repo.owner}/${repo.name}`;

      if (rest.length === 0 && method === 'GET') {
        return json(200, {
          id: 1,
          name: repo.name,
          full_name: `${repo.owner}/${repo.name}`,
          archived: false,
          permissions: { admin: false, push: true, pull: true },
        });
      }
      if (rest[0] === 'pulls' && rest.length === 1 && method === 'GET') {
        const state = url.searchParams.get('state') ?? 'open';
        const baseFilter = url.searchParams.get(flavour === 'gitea' ? 'base_branch' : 'base');
        const headFilter = flavour === 'forgejo' ? url.searchParams.get('head') : null;
        const limit = Math.min(50, Number(url.searchParams.get('limit') ?? 50) || 50);
        const page = Number(url.searchParams.get('page') ?? 1) || 1;
        const matching = [...repo.pulls]
          .filter((p) => state === 'all' || p.state === state)
          .filter((p) => !baseFilter || p.base === baseFilter)
          .filter((p) => !headFilter || p.head === headFilter)
          .sort((a, b) => b.number - a.number);
        return json(
          200,
          pageOf(matching, page, limit).map((p) => pullJson(repo, p, base)),
          {
            'x-total-count': String(matching.length),
          },
        );
      }
      if (rest[0] === 'pulls' && rest.length === 1 && method === 'POST') {
        const body = await readJson(request);
        const labelIds = Array.isArray(body.labels) ? body.labels : [];
        const labels: string[] = [];
        for (const id of labelIds) {
          const label = forge.label(repo, Number(id));
          if (!label) return json(422, { message: `label ${String(id)} does not exist` });
          labels.push(label.name);
        }
        const outcome = await forge.createPull(repo, {
          head: String(body.head ?? ''),
          base: String(body.base ?? ''),
          title: String(body.title ?? ''),
          body: String(body.body ?? ''),
          labels,
          author: 'nbsync-bot',
        });
        if (outcome.ok) return json(201, pullJson(repo, outcome.pull, base));
        if (outcome.reason === 'duplicate') {
          const p = outcome.existing;
          return json(409, {
            message: `pull request already exists for these targets [id: ${p.number}, issue_id: ${p.number}, head_repo_id: 1, base_repo_id: 1, head_branch: ${p.head}, base_branch: ${p.base}]`,
          });
        }
        if (outcome.reason === 'same-branch')
          return json(422, {
            message: 'Invalid PullRequest: There are no changes between the head and the base',
          });
        return json(404, { message: 'The target couldn\u2019t be found.' });
      }
      const number = Number(rest[1]);
      const pull =
        rest[0] === 'pulls' || rest[0] === 'issues' ? repo.pulls.find((p) => p.number === number) : undefined;
      if (rest[0] === 'pulls' && rest.length === 2 && method === 'PATCH') {
        if (!pull) return json(404, { message: 'pull request does not exist' });
        const body = await readJson(request);
        if (typeof body.title === 'string') pull.title = body.title;
        if (typeof body.body === 'string') pull.body = body.body;
        if (body.state === 'closed' || body.state === 'open')
          pull.state = pull.merged ? 'closed' : body.state;
        return json(201, pullJson(repo, pull, base));
      }
      if (rest[0] === 'pulls' && rest[2] === 'merge' && method === 'POST') {
        if (!pull) return json(404, { message: 'pull request does not exist' });
        return (await forge.merge(repo, number))
          ? new Response(null, { status: 200 })
          : json(405, { message: 'not mergeable' });
      }
      if (rest[0] === 'labels' && rest.length === 1) {
        if (method === 'GET') {
          const limit = Math.min(50, Number(url.searchParams.get('limit') ?? 50) || 50);
          return json(200, pageOf(repo.labels, Number(url.searchParams.get('page') ?? 1) || 1, limit));
        }
        if (method === 'POST') {
          const body = await readJson(request);
          const name = String(body.name ?? '');
          if (!name || forge.label(repo, name)) return json(422, { message: 'label name invalid or taken' });
          return json(201, forge.label(repo, name, true));
        }
      }
      if (rest[0] === 'issues' && rest[2] === 'labels' && method === 'POST') {
        if (!pull) return json(404, { message: 'issue does not exist' });
        const body = await readJson(request);
        for (const key of Array.isArray(body.labels) ? body.labels : []) {
          const label = forge.label(repo, typeof key === 'number' ? key : String(key));
          if (!label) return json(422, { message: `label ${String(key)} does not exist` });
          if (!pull.labels.includes(label.name)) pull.labels.push(label.name);
        }
        return json(200, labelsJson(repo, pull));
      }
      if (rest[0] === 'issues' && rest[2] === 'comments') {
        if (!pull) return json(404, { message: 'issue does not exist' });
        if (method === 'GET')
          return json(
            200,
            pull.comments.map((c) => ({ id: c.id, body: c.body, user: { login: c.author } })),
          );
        if (method === 'POST') {
          const body = await readJson(request);
          const comment = forge.comment(repo, number, String(body.body ?? ''), 'nbsync-bot');
          return json(201, { id: comment.id, body: comment.body, user: { login: comment.author } });
        }
      }
      return json(404, { message: `no route ${method} ${url.pathname}` });
    },
  };
}

function labelsJson(repo: FakeRepo, pull: FakePull): unknown[] {
  return pull.labels.map((name) => {
    const label = repo.labels.find((l) => l.name === name);
    return { id: label?.id ?? 0, name, color: label?.color ?? '#ededed' };
  });
}

function pullJson(repo: FakeRepo, pull: FakePull, base: string): unknown {
  return {
    id: pull.number,
    number: pull.number,
    state: pull.state,
    merged: pull.merged,
    title: pull.title,
    body: pull.body,
    head: { ref: pull.head, label: pull.head },
    base: { ref: pull.base, label: pull.base },
    labels: labelsJson(repo, pull),
    html_url: `${base}/pulls/${pull.number}`,
    user: { login: pull.author },
  };
}
