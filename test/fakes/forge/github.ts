import type { FakeApi } from '../http.js';
import { json, pageOf, readJson, segments, type FakeForge, type FakePull, type FakeRepo } from './state.js';

/**
 * GitHub REST subset under `/api/v3` (GitHub Enterprise Server layout): Bearer auth,
 * `per_page`/`page`, `head=owner:branch` filter (a bare branch does not filter), a duplicate
 * create is 422 "A pull request already exists for owner:branch.", labels by name.
 */
export function githubApi(forge: FakeForge): FakeApi {
  return {
    async handle(request) {
      const url = new URL(request.url);
      const failure = forge.takeFailure(request.method, url.pathname);
      if (failure !== undefined) return json(failure, { message: 'injected failure' });
      if (request.headers.get('authorization') !== `Bearer ${forge.token}`) {
        return json(401, { message: 'Requires authentication', documentation_url: '' });
      }
      const parts = segments(url.pathname);
      if (parts[0] !== 'api' || parts[1] !== 'v3' || parts[2] !== 'repos')
        return json(404, { message: 'Not Found' });
      const repo = forge.repo(parts[3] ?? '', parts[4] ?? '');
      if (!repo) return json(404, { message: 'Not Found' });
      const rest = parts.slice(5);
      const method = request.method;
      const web = `${url.origin}/${repo.owner}/${repo.name}`;

      if (rest.length === 0 && method === 'GET') {
        return json(200, {
          full_name: `${repo.owner}/${repo.name}`,
          archived: false,
          permissions: { push: true },
        });
      }
      if (rest[0] === 'pulls' && rest.length === 1 && method === 'GET') {
        const state = url.searchParams.get('state') ?? 'open';
        const head = url.searchParams.get('head');
        const base = url.searchParams.get('base');
        const headBranch = head?.includes(':') ? head.slice(head.indexOf(':') + 1) : null;
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30);
        const matching = [...repo.pulls]
          .filter((p) => state === 'all' || p.state === state)
          .filter((p) => !headBranch || (head?.startsWith(`${repo.owner}:`) && p.head === headBranch))
          .filter((p) => !base || p.base === base)
          .sort((a, b) => b.number - a.number);
        const page = Number(url.searchParams.get('page') ?? 1) || 1;
        return json(
          200,
          pageOf(matching, page, perPage).map((p) => pullJson(repo, p, web)),
        );
      }
      if (rest[0] === 'pulls' && rest.length === 1 && method === 'POST') {
        const body = await readJson(request);
        const outcome = await forge.createPull(repo, {
          head: String(body.head ?? ''),
          base: String(body.base ?? ''),
          title: String(body.title ?? ''),
          body: String(body.body ?? ''),
          labels: [],
          author: 'nbsync-bot',
        });
        if (outcome.ok) return json(201, pullJson(repo, outcome.pull, web));
        const message =
          outcome.reason === 'duplicate'
            ? `A pull request already exists for ${repo.owner}:${outcome.existing.head}.`
            : outcome.reason === 'same-branch'
              ? `No commits between ${String(body.base)} and ${String(body.head)}`
              : 'head invalid';
        return json(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', code: 'custom', message }],
          documentation_url: '',
        });
      }
      const number = Number(rest[1]);
      const pull = repo.pulls.find((p) => p.number === number);
      if ((rest[0] === 'pulls' || rest[0] === 'issues') && rest.length >= 2 && !pull)
        return json(404, { message: 'Not Found' });
      if (!pull) return json(404, { message: `no route ${method} ${url.pathname}` });
      if (rest[0] === 'pulls' && rest.length === 2 && method === 'PATCH') {
        const body = await readJson(request);
        if (typeof body.title === 'string') pull.title = body.title;
        if (typeof body.body === 'string') pull.body = body.body;
        if ((body.state === 'closed' || body.state === 'open') && !pull.merged) pull.state = body.state;
        return json(200, pullJson(repo, pull, web));
      }
      if (rest[0] === 'pulls' && rest[2] === 'merge' && method === 'PUT') {
        return (await forge.merge(repo, number))
          ? json(200, { merged: true, message: 'Pull Request successfully merged' })
          : json(405, { message: 'Pull Request is not mergeable' });
      }
      if (rest[0] === 'issues' && rest[2] === 'labels' && method === 'POST') {
        const body = await readJson(request);
        for (const name of Array.isArray(body.labels) ? body.labels.map(String) : []) {
          forge.label(repo, name, true);
          if (!pull.labels.includes(name)) pull.labels.push(name);
        }
        return json(
          200,
          pull.labels.map((name) => ({ name })),
        );
      }
      if (rest[0] === 'issues' && rest[2] === 'comments') {
        if (method === 'GET') {
          const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30);
          const page = Number(url.searchParams.get('page') ?? 1) || 1;
          return json(
            200,
            pageOf(pull.comments, page, perPage).map((c) => ({
              id: c.id,
              body: c.body,
              user: { login: c.author },
            })),
          );
        }
        if (method === 'POST') {
          const body = await readJson(request);
          const comment = forge.comment(repo, number, String(body.body ?? ''), 'nbsync-bot');
          return json(201, { id: comment.id, body: comment.body });
        }
      }
      return json(404, { message: `no route ${method} ${url.pathname}` });
    },
  };
}

function pullJson(repo: FakeRepo, pull: FakePull, web: string): unknown {
  return {
    number: pull.number,
    state: pull.state,
    merged_at: pull.merged ? '2026-01-01T00:00:00Z' : null,
    title: pull.title,
    body: pull.body,
    head: { ref: pull.head, label: `${repo.owner}:${pull.head}` },
    base: { ref: pull.base, label: `${repo.owner}:${pull.base}` },
    labels: pull.labels.map((name) => ({ name })),
    html_url: `${web}/pull/${pull.number}`,
  };
}
